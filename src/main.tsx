import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { EmbedApp } from './ui/EmbedApp';
import { ErrorBoundary } from './ui/ErrorBoundary';
import type { EmbedSettings } from './ui/EmbedApp';
import { setStorageReadOnly } from './app/safe-storage';
import { openFragment, loadShare } from './app/share';
import { openScenario } from './app/stores/scenarios';
import './ui/app.css';

function isEmbed(): boolean {
  const value = new URLSearchParams(location.search).get('embed');
  return value === '' || value === '1' || value === 'true';
}

/** A shared link: open its scenario, then take the fragment out of the address bar (the work is autosaved). */
async function bootFull(): Promise<void> {
  const openFromAddressBar = async () => {
    if (!location.hash || location.hash === '#') return;
    await openFragment(location.hash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  };
  // A link pasted into the address bar of the open app changes only the fragment: no reload.
  window.addEventListener('hashchange', () => void openFromAddressBar());
  await openFromAddressBar();
}

async function bootEmbed(): Promise<EmbedSettings> {
  const { parseEmbedParams } = await loadShare();
  const params = parseEmbedParams(location.search);
  if (location.hash && location.hash !== '#') {
    const state = await openFragment(location.hash, {
      autoplay: params.autoplay,
      keepPrevious: false,
      ...(params.step !== undefined ? { step: params.step } : {}),
    });
    // Another guided step than the link's: that step as the scenario builds it. The link's own step keeps its exact YAML.
    if (state?.scenarioId && params.step !== undefined && params.step !== state.step)
      await openScenario(state.scenarioId, params.step, { autoplay: params.autoplay, keepPrevious: false });
  }
  return { view: params.view, autoplay: params.autoplay, readonly: params.readonly };
}

const root = document.getElementById('root');
if (root) {
  const render = (node: React.ReactNode) =>
    createRoot(root).render(
      <StrictMode>
        <ErrorBoundary what="svcscope">{node}</ErrorBoundary>
      </StrictMode>,
    );
  if (isEmbed()) {
    // An embedded view never writes storage: it must not overwrite the autosaved work of this origin.
    setStorageReadOnly(true);
    void bootEmbed().then((settings) => render(<EmbedApp settings={settings} />));
  } else {
    render(<App />);
    void bootFull();
  }
}
