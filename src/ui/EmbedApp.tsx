/**
 * The embed view for slides (`?embed=1`): no toolbar, the graph (and the editor with
 * `view=graph+editor`), the guided step, the request animated (in a loop with `autoplay=1`).
 * Keys: ←/→ previous/next guided step, Space play/pause. Storage is never written.
 */
import { useEffect } from 'react';
import { GraphPane } from './graph/GraphPane';
import { EditorPane } from './editor/EditorPane';
import { StepGuide } from './scenarios/StepGuide';
import { useSimulationRunner } from './hooks/useSimulationRunner';
import { useAnimation } from '../app/stores/animation';
import { useSimulation } from '../app/stores/simulation';
import { moveStep } from '../app/stores/scenarios';
import { usePlayback } from './panels/TracePanel';
import { ErrorBoundary } from './ErrorBoundary';

export interface EmbedSettings {
  view: 'graph' | 'graph+editor';
  autoplay: boolean;
  readonly: boolean;
}

/** Pause between two plays of the looped animation. */
const LOOP_PAUSE_MS = 2000;

function useAutoplayLoop(enabled: boolean): void {
  const playing = useAnimation((s) => s.playing);
  const step = useAnimation((s) => s.step);
  const last = useAnimation((s) => (s.result ? s.result.placed.places.length - 1 : -1));
  useEffect(() => {
    if (!enabled || playing || last < 0 || step < last) return;
    const timer = setTimeout(() => useAnimation.setState({ step: -1, playing: true }), LOOP_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [enabled, playing, step, last]);
}

function useEmbedKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement | null)?.closest?.('.monaco-editor, input, textarea, select')) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') void moveStep(1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') void moveStep(-1);
      else if (e.key === ' ') {
        const a = useAnimation.getState();
        const last = a.result ? a.result.placed.places.length - 1 : -1;
        useAnimation.setState({ playing: !a.playing, step: !a.playing && a.step >= last ? -1 : a.step });
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Caption() {
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const hop = result && step >= 0 ? result.placed.places[step]?.hop : undefined;
  const done = result && step >= result.placed.places.length - 1;
  const text = hop ? hop.note : '';
  return (
    <div className={`embed-caption${done && result && !result.trace.ok ? ' failed' : ''}`} data-testid="embed-caption" aria-live="polite">
      {text}
    </div>
  );
}

export function EmbedApp({ settings }: { settings: EmbedSettings }) {
  useSimulationRunner();
  usePlayback();
  useAutoplayLoop(settings.autoplay);
  useEmbedKeys();
  const notice = useSimulation((s) => s.notice);
  const open = `${location.origin}${location.pathname}${location.hash}`;
  return (
    <div className={`embed embed-${settings.view === 'graph' ? 'graph' : 'split'}`} data-testid="embed">
      {settings.view === 'graph+editor' ? <EditorPane readOnly={settings.readonly} /> : null}
      <div className="embed-main">
        <StepGuide compact />
        <ErrorBoundary what="the graph">
          <GraphPane interactive={false} fitOnResize />
        </ErrorBoundary>
        <Caption />
        {notice ? (
          <div className="notice" role="alert">
            {notice}
          </div>
        ) : null}
        <a className="embed-open" href={open} target="_blank" rel="noreferrer">
          Open in svcscope ↗
        </a>
      </div>
    </div>
  );
}
