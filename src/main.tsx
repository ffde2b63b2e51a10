import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { EmbedApp } from './ui/EmbedApp';
import type { EmbedSettings } from './ui/EmbedApp';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { FrameBlocked } from './ui/FrameBlocked';
import type { FrameProblems } from './ui/FrameBlocked';
import { setStorageReadOnly, storageWorks } from './app/safe-storage';
import { engine } from './app/engine-client';
import { registerServiceWorker } from './pwa/register';
import { loadShare } from './app/actions/link';
import { startApp } from './app/start';
import { startEmbedApi } from './app/embed-api';
import './ui/app.css';

// The script runs: index.html's words for a page whose script never runs are not needed.
document.getElementById('boot')?.remove();

function isEmbed(): boolean {
  const value = new URLSearchParams(location.search).get('embed');
  return value === '' || value === '1' || value === 'true';
}

function render(node: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="svcscope">{node}</ErrorBoundary>
    </StrictMode>,
  );
}

async function bootEmbed(): Promise<void> {
  // An embedded view never writes storage: it must not overwrite the autosaved work of this origin.
  setStorageReadOnly(true);
  const { parseEmbedParams } = await loadShare();
  const params = parseEmbedParams(location.search);
  const settings: EmbedSettings = { view: params.view, autoplay: params.autoplay, readonly: params.readonly };
  const app = startApp({
    mode: 'embed',
    loop: params.autoplay,
    // Read anew for each fragment opened: what the address says now (a deck may have changed it).
    linkOptions: () => {
      const now = parseEmbedParams(location.search);
      return { autoplay: now.autoplay, ...(now.step !== undefined ? { step: now.step } : {}) };
    },
  });
  startEmbedApi(app.ready);
  await app.ready;
  render(<EmbedApp settings={settings} />);
}

/**
 * What keeps svcscope from running here, found by trying: the simulation worker is started now (it
 * would be a moment later), and storage probed. A frame sandboxed without allow-same-origin gets
 * neither; the app would be a broken frame, so it says what the embedding page must allow.
 */
function blocked(): FrameProblems | undefined {
  const started = engine().start();
  if (started.ok) return undefined;
  return {
    workerError: started.error,
    storageBlocked: !storageWorks(),
    opaqueOrigin: self.origin === 'null',
    embedded: window.self !== window.top,
  };
}

const problems = blocked();
if (problems) render(<FrameBlocked problems={problems} />);
else {
  // After one visit, the app (full or embedded in a deck) works offline.
  registerServiceWorker();
  if (isEmbed()) void bootEmbed();
  else {
    startApp({ mode: 'full' });
    render(<App />);
  }
}
