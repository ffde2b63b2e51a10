/**
 * The app: the YAML editor and the cluster graph side by side, the request controls on top, the
 * trace and inspector under the graph.
 */
import { useState } from 'react';
import type { ComponentType } from 'react';
import { EditorPane } from './editor/EditorPane';
import { GraphPane } from './graph/GraphPane';
import { RequestBar } from './toolbar/RequestBar';
import { TracePanel } from './panels/TracePanel';
import { Inspector } from './panels/Inspector';
import { Timeline } from './panels/Timeline';
import { Splitter } from './layout/Splitter';
import { useSimulationRunner } from './hooks/useSimulationRunner';
import { useShortcuts } from './hooks/useShortcuts';
import { useSettings } from '../app/stores/settings';
import type { Panel } from '../app/stores/settings';
import { useSimulation } from '../app/stores/simulation';
import { useDocument } from '../app/stores/document';
import type { HistoryEntry } from '../app/stores/document';
import { describeAction } from '../app/describe-action';
import { ScenarioPicker } from './toolbar/ScenarioPicker';
import { StepGuide } from './scenarios/StepGuide';
import { ShareDialog } from './share/ShareDialog';
import { ErrorBoundary } from './ErrorBoundary';

function ActionHistory() {
  const history = useDocument((s) => s.history);
  const future = useDocument((s) => s.future);
  const { undo, redo } = useDocument.getState();
  const name = (e: HistoryEntry | undefined) => (e ? (e.kind === 'action' ? describeAction(e.action) : e.description) : '');
  return (
    <div className="history" aria-label="What-if actions">
      <button
        type="button"
        onClick={undo}
        disabled={!history.length}
        title={history.length ? `Undo: ${name(history.at(-1))} (Ctrl+Z outside the editor)` : 'No what-if action to undo'}
        data-testid="undo-action"
      >
        ↶
      </button>
      <button
        type="button"
        onClick={redo}
        disabled={!future.length}
        title={future.length ? `Redo: ${name(future.at(-1))}` : 'Nothing to redo'}
        data-testid="redo-action"
      >
        ↷
      </button>
    </div>
  );
}

/** After a scenario or a shared link replaced the document: the way back to one's own work. */
function RestorePrevious() {
  const previous = useDocument((s) => s.previous);
  const scenarioId = useDocument((s) => s.scenarioId);
  const [dismissed, setDismissed] = useState<unknown>();
  if (!previous || dismissed === previous) return null;
  return (
    <div className="notice info" role="status" data-testid="restore-previous">
      {scenarioId ? 'A scenario replaced your YAML.' : 'A shared link replaced your YAML.'}{' '}
      <button type="button" onClick={() => useDocument.getState().restorePrevious()} data-testid="restore-previous-button">
        Bring back my previous work
      </button>{' '}
      <button type="button" onClick={() => setDismissed(previous)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

function Notice() {
  const notice = useSimulation((s) => s.notice);
  const dismiss = useSimulation((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      {notice}{' '}
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/** The tabs under the graph, in the order they are shown. */
const TABS: Record<Panel, { label: string; Body: ComponentType }> = {
  trace: { label: 'Trace', Body: TracePanel },
  inspector: { label: 'Inspector', Body: Inspector },
  timeline: { label: 'Timeline', Body: Timeline },
};
const TAB_ORDER: readonly Panel[] = ['trace', 'inspector', 'timeline'];

export function App() {
  useSimulationRunner();
  useShortcuts();
  const fraction = useSettings((s) => s.editorFraction);
  const showSystem = useSettings((s) => s.showSystem);
  const set = useSettings((s) => s.set);
  const tab = useSettings((s) => s.panel);
  const folded = useSettings((s) => s.panelFolded);
  // Choosing a tab unfolds the panel: the user wants to read it.
  const setTab = (panel: Panel) => set({ panel, panelFolded: false });
  const { label, Body } = TABS[tab];
  const [sharing, setSharing] = useState(false);

  return (
    <div className="app">
      <header className="toolbar">
        <h1 title="Kubernetes service discovery, hop by hop">svcscope</h1>
        <ScenarioPicker />
        <RequestBar />
        <ActionHistory />
        <label className="toggle">
          <input type="checkbox" checked={showSystem} onChange={(e) => set({ showSystem: e.target.checked })} /> system objects
        </label>
        <button
          type="button"
          onClick={() => setSharing(true)}
          data-testid="share"
          title="A link or an embed snippet that restores exactly this state"
        >
          Share
        </button>
      </header>
      <Notice />
      <RestorePrevious />
      {sharing ? <ShareDialog onClose={() => setSharing(false)} /> : null}
      <main style={{ gridTemplateColumns: `${fraction * 100}% 6px 1fr` }}>
        <ErrorBoundary what="the editor">
          <EditorPane />
        </ErrorBoundary>
        <Splitter fraction={fraction} onChange={(f) => set({ editorFraction: f })} />
        <div className="right">
          <ErrorBoundary what="the guided steps">
            <StepGuide />
          </ErrorBoundary>
          <ErrorBoundary what="the graph">
            <GraphPane />
          </ErrorBoundary>
          <div className={`bottom-panel${folded ? ' folded' : ''}`} data-testid="bottom-panel">
            <div role="tablist" className="tabs">
              {TAB_ORDER.map((id) => (
                <button key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
                  {TABS[id].label}
                </button>
              ))}
              <button
                type="button"
                className="fold"
                aria-expanded={!folded}
                aria-controls="bottom-panel-body"
                onClick={() => set({ panelFolded: !folded })}
                data-testid="fold-panel"
                title={folded ? 'Show the panel again' : 'Fold the panel: the graph gets its height (for a projector)'}
              >
                {folded ? '▴ Show panel' : '▾ Fold panel'}
              </button>
            </div>
            <div id="bottom-panel-body" className="bottom-panel-body" hidden={folded}>
              {/* Keyed by tab: another tab is a fresh start after an error in this one. */}
              <ErrorBoundary key={tab} what={`the ${label} tab`}>
                <Body />
              </ErrorBoundary>
            </div>
          </div>
        </div>
      </main>
    </div>
  );
}
