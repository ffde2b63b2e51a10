/**
 * The embed view for slides (`?embed=1`): no toolbar, the graph (and the editor with
 * `view=graph+editor`), the guided step, the request animated (in a loop with `autoplay=1`, which
 * the controller runs). Keys are the app's (src/app/keys.ts); storage is never written.
 */
import { GraphPane } from './graph/GraphPane';
import { EditorPane } from './editor/EditorPane';
import { StepGuide } from './scenarios/StepGuide';
import { Caption } from './graph/Caption';
import { PrintPicture } from './graph/PrintPicture';
import { useSimulation } from '../app/stores/simulation';
import { ErrorBoundary } from './ErrorBoundary';

export interface EmbedSettings {
  view: 'graph' | 'graph+editor';
  autoplay: boolean;
  readonly: boolean;
}

export function EmbedApp({ settings }: { settings: EmbedSettings }) {
  const notice = useSimulation((s) => s.notice);
  const open = `${location.origin}${location.pathname}${location.hash}`;
  return (
    <div className={`embed embed-${settings.view === 'graph' ? 'graph' : 'split'}`} data-testid="embed">
      {settings.view === 'graph+editor' ? <EditorPane readOnly={settings.readonly} /> : null}
      <div className="embed-main">
        <StepGuide compact />
        <ErrorBoundary what="the graph">
          <GraphPane interactive={false} fitOnResize focus />
        </ErrorBoundary>
        <Caption />
        {notice ? (
          <div className="notice" role="alert" data-testid="notice">
            {notice}
          </div>
        ) : null}
        <PrintPicture />
        <a className="embed-open" href={open} target="_blank" rel="noreferrer">
          Open in svcscope ↗
        </a>
      </div>
    </div>
  );
}
