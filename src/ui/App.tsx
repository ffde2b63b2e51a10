/**
 * The app: the YAML editor and the cluster graph side by side, the request controls on top, the
 * trace and inspector under the graph.
 */
import { useState } from 'react';
import { actions, describeBinding, tooltipOf } from '../app/actions/index';
import { useView } from '../app/stores/view';
import { useStorage } from '../app/stores/storage';
import { Caption } from './graph/Caption';
import { GraphActions } from './graph/GraphActions';
import type { ComponentType } from 'react';
import { EditorPane } from './editor/EditorPane';
import { GraphPane } from './graph/GraphPane';
import { RequestBar } from './toolbar/RequestBar';
import { Intro } from './intro/Intro';
import { TracePanel } from './panels/TracePanel';
import { Inspector } from './panels/Inspector';
import { Timeline } from './panels/Timeline';
import { Splitter } from './layout/Splitter';
import { useSettings } from '../app/stores/settings';
import type { Panel } from '../app/stores/settings';
import { useSimulation } from '../app/stores/simulation';
import { useDocument } from '../app/stores/document';
import type { HistoryEntry } from '../app/stores/document';
import { describeAction } from '../app/describe-action';
import { ScenarioPicker } from './toolbar/ScenarioPicker';
import { StepGuide } from './scenarios/StepGuide';
import { ShareDialog } from './share/ShareDialog';
import { MigrationDialog } from './migration/MigrationDialog';
import { OpenMigrationButton } from './migration/OpenMigrationButton';
import { useMigration } from '../app/stores/migration';
import { WorkDialog } from './work/WorkDialog';
import { useWorkSlots } from '../app/stores/work-slots';
import { ErrorBoundary } from './ErrorBoundary';

function ActionHistory() {
  const history = useDocument((s) => s.history);
  const future = useDocument((s) => s.future);
  const name = (e: HistoryEntry | undefined) => (e ? (e.kind === 'action' ? describeAction(e.action) : e.description) : '');
  return (
    <div className="history" aria-label="What-if actions">
      <button
        type="button"
        onClick={() => actions.undo.run()}
        disabled={!history.length}
        title={
          history.length
            ? `Undo: ${name(history.at(-1))} (${describeBinding(actions.undo.keys?.[0] ?? '')} outside the editor)`
            : 'No what-if action to undo'
        }
        data-testid="undo-action"
      >
        ↶
      </button>
      <button
        type="button"
        onClick={() => actions.redo.run()}
        disabled={!future.length}
        title={future.length ? `Redo: ${name(future.at(-1))}` : 'Nothing to redo'}
        data-testid="redo-action"
      >
        ↷
      </button>
    </div>
  );
}

/** After a scenario or a shared link replaced one's own work: where it is, and the way back. */
function BackToWork() {
  const slotId = useDocument((s) => s.slotId);
  const previousSlot = useDocument((s) => s.previousSlot);
  const scenarioId = useDocument((s) => s.scenarioId);
  const cluster = useDocument((s) => s.cluster);
  const name = useWorkSlots((s) => s.slots.find((m) => m.id === previousSlot)?.name);
  const [dismissed, setDismissed] = useState<number>();
  if (slotId !== undefined || name === undefined || dismissed === cluster) return null;
  return (
    <div className="notice info" role="status" data-testid="back-to-work">
      {scenarioId ? 'A scenario replaced your YAML;' : 'A shared link replaced your YAML;'} yours is saved in My work.{' '}
      <button type="button" onClick={() => actions.backToWork.run()} data-testid="back-to-work-button">
        Back to “{name}”
      </button>{' '}
      <button type="button" onClick={() => setDismissed(cluster)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/** Work that cannot be saved says so, as long as it cannot, with a way to keep it. */
function StorageNotice() {
  const problem = useStorage((s) => s.problem);
  if (!problem) return null;
  const why =
    problem === 'quota' ? "this browser's storage for svcscope is full" : 'this browser does not let svcscope store anything here';
  return (
    <div className="notice" role="alert" data-testid="storage-notice">
      Your work is not being saved: {why}. It lives only in this tab until saving works again.{' '}
      <button type="button" onClick={() => void actions.downloadYaml.run()} data-testid="download-yaml">
        Download the YAML
      </button>
    </div>
  );
}

function Notice() {
  const notice = useSimulation((s) => s.notice);
  const dismiss = () => actions.dismissNotice.run();
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
  const fraction = useSettings((s) => s.editorFraction);
  const tab = useSettings((s) => s.panel);
  const folded = useSettings((s) => s.panelFolded);
  const sharing = useView((s) => s.sharing);
  const migrating = useMigration((s) => s.open);
  const work = useView((s) => s.work);
  const presenting = useView((s) => s.presenting);
  const { label, Body } = TABS[tab];

  if (presenting) return <PresentationView />;
  return (
    <div className="app">
      <header className="toolbar">
        <h1 title="Kubernetes service discovery, hop by hop">svcscope</h1>
        <button
          type="button"
          onClick={() => actions.showWork.run()}
          data-testid="my-work"
          title={tooltipOf(actions.showWork)}
          aria-haspopup="dialog"
        >
          My work
        </button>
        <ScenarioPicker />
        <RequestBar />
        <ActionHistory />
        <button type="button" onClick={() => actions.present.run()} data-testid="present" title={tooltipOf(actions.present)}>
          Present
        </button>
        {/* Under 1201 px the request bar has a row of its own and this row has room; wider, the button sits under the graph. */}
        <OpenMigrationButton testId="open-migration-toolbar" />
        <button type="button" onClick={() => actions.share.run()} data-testid="share" title={actions.share.label}>
          Share
        </button>
      </header>
      <Intro />
      <Notice />
      <StorageNotice />
      <BackToWork />
      {sharing ? <ShareDialog onClose={() => actions.closeShare.run()} /> : null}
      {migrating ? (
        <ErrorBoundary what="the migration view">
          <MigrationDialog />
        </ErrorBoundary>
      ) : null}
      {work ? <WorkDialog onClose={() => actions.closeWork.run()} /> : null}
      <main style={{ gridTemplateColumns: `${fraction * 100}% 6px 1fr` }}>
        <ErrorBoundary what="the editor">
          <EditorPane />
        </ErrorBoundary>
        <Splitter fraction={fraction} onChange={(f) => actions.resizeEditor.run(f)} />
        <div className="right">
          <ErrorBoundary what="the guided steps">
            <StepGuide />
          </ErrorBoundary>
          <ErrorBoundary what="the graph">
            <GraphPane />
          </ErrorBoundary>
          <div className={`bottom-panel${folded ? ' folded' : ''}`} data-testid="bottom-panel">
            <div className="tab-bar">
              <div role="tablist" className="tabs" aria-label="Trace, inspector and timeline">
                {TAB_ORDER.map((id) => (
                  <button
                    key={id}
                    role="tab"
                    aria-selected={tab === id}
                    aria-controls="bottom-panel-body"
                    onClick={() => actions.showTab.run(id)}
                    data-testid={`tab-${id}`}
                  >
                    {TABS[id].label}
                  </button>
                ))}
              </div>
              <GraphActions />
              <button
                type="button"
                className="fold"
                aria-expanded={!folded}
                aria-controls="bottom-panel-body"
                onClick={() => actions.toggleFold.run()}
                data-testid="fold-panel"
                title={folded ? 'Show the panel again' : actions.toggleFold.label}
                aria-label={folded ? 'Show panel' : 'Fold panel'}
              >
                {folded ? '▴ Show' : '▾ Fold'}
                <span className="fold-word"> panel</span>
              </button>
            </div>
            <div id="bottom-panel-body" role="tabpanel" className="bottom-panel-body" hidden={folded}>
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

/** The presentation view: the graph, the guided step and the current hop's caption fill the screen. Escape returns. */
function PresentationView() {
  return (
    <div className="presentation" data-testid="presentation">
      <ErrorBoundary what="the guided steps">
        <StepGuide compact />
      </ErrorBoundary>
      <ErrorBoundary what="the graph">
        <GraphPane fitOnResize focus />
      </ErrorBoundary>
      <Caption />
      <Notice />
      <button type="button" className="presentation-exit" onClick={() => actions.endPresentation.run()} data-testid="end-presentation">
        Esc · leave the presentation view
      </button>
    </div>
  );
}
