import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { EmbedApp } from './ui/EmbedApp';
import type { EmbedSettings } from './ui/EmbedApp';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { setStorageReadOnly } from './app/safe-storage';
import { loadShare } from './app/actions/link';
import { startApp } from './app/start';
import { startEmbedApi } from './app/embed-api';
import './ui/app.css';

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

if (isEmbed()) void bootEmbed();
else {
  startApp({ mode: 'full' });
  render(<App />);
}
