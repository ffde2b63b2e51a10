/**
 * The app: the YAML editor and the cluster graph side by side, the request controls on top, the
 * trace and inspector under the graph.
 */
import { useState } from 'react';
import { EditorPane } from './editor/EditorPane';
import { GraphPane } from './graph/GraphPane';
import { RequestBar } from './toolbar/RequestBar';
import { TracePanel } from './panels/TracePanel';
import { Inspector } from './panels/Inspector';
import { Splitter } from './layout/Splitter';
import { useSimulationRunner } from './hooks/useSimulationRunner';
import { useShortcuts } from './hooks/useShortcuts';
import { useSettings } from '../state/settings';
import { useSimulation } from '../state/simulation';
import { useDocument } from '../state/document';
import { describeAction } from '../state/describe-action';
import { ScenarioPicker } from './toolbar/ScenarioPicker';
import { StepGuide } from './scenarios/StepGuide';
import { ShareDialog } from './share/ShareDialog';

function ActionHistory() {
  const actions = useDocument((s) => s.actions);
  const undone = useDocument((s) => s.undone);
  const { undoAction, redoAction } = useDocument.getState();
  return (
    <div className="history" aria-label="What-if actions">
      <button type="button" onClick={undoAction} disabled={!actions.length} title={actions.length ? `Undo: ${describeAction(actions.at(-1)!)}` : 'Nothing to undo'} data-testid="undo-action">
        ↶
      </button>
      <button type="button" onClick={redoAction} disabled={!undone.length} title={undone.length ? `Redo: ${describeAction(undone.at(-1)!)}` : 'Nothing to redo'} data-testid="redo-action">
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

export function App() {
  useSimulationRunner();
  useShortcuts();
  const fraction = useSettings((s) => s.editorFraction);
  const showSystem = useSettings((s) => s.showSystem);
  const set = useSettings((s) => s.set);
  const [tab, setTab] = useState<'trace' | 'inspector'>('trace');
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
        <button type="button" onClick={() => setSharing(true)} data-testid="share" title="A link or an embed snippet that restores exactly this state">
          Share
        </button>
      </header>
      <Notice />
      <RestorePrevious />
      {sharing ? <ShareDialog onClose={() => setSharing(false)} /> : null}
      <main style={{ gridTemplateColumns: `${fraction * 100}% 6px 1fr` }}>
        <EditorPane />
        <Splitter fraction={fraction} onChange={(f) => set({ editorFraction: f })} />
        <div className="right">
          <StepGuide />
          <GraphPane />
          <div className="bottom-panel">
            <div role="tablist" className="tabs">
              <button role="tab" aria-selected={tab === 'trace'} onClick={() => setTab('trace')}>
                Trace
              </button>
              <button role="tab" aria-selected={tab === 'inspector'} onClick={() => setTab('inspector')} data-testid="tab-inspector">
                Inspector
              </button>
            </div>
            {tab === 'trace' ? <TracePanel /> : <Inspector />}
          </div>
        </div>
      </main>
    </div>
  );
}
