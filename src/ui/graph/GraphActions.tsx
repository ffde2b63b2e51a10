/**
 * The graph's own controls, in the bar under it (never over the drawing): the cluster's own
 * objects on or off, the migration view from Ingress to the Gateway API (from 1201 px on: the toolbar's
 * one row has no room left for it; narrower, the toolbar's first row has it), and PNG / SVG export of the whole graph — both drawn from the laid-out graph
 * as vector shapes and text (src/app/export-image.ts), which slide tools that ignore HTML inside
 * SVG (PowerPoint, Keynote, Inkscape) show as well. "transparent" leaves the background out;
 * with a guided scenario open, "Steps (zip)" exports one PNG per step.
 */
import { OpenMigrationButton } from '../migration/OpenMigrationButton';
import { actions, tooltipOf } from '../../app/actions/index';
import { useView } from '../../app/stores/view';
import { useSettings } from '../../app/stores/settings';
import { useDocument } from '../../app/stores/document';
import { useScenarios } from '../../app/stores/scenarios';

export function GraphActions() {
  const error = useView((s) => s.exportError);
  const showSystem = useSettings((s) => s.showSystem);
  const transparent = useSettings((s) => s.exportTransparent);
  const progress = useView((s) => s.exportProgress);
  // Re-rendered when the scenario or the catalog changes, so the button appears with the guide.
  useDocument((s) => s.scenarioId);
  useScenarios((s) => s.catalog);
  const canExportSteps = actions.exportSteps.enabled?.() ?? true;
  return (
    <div className="graph-actions" role="group" aria-label="Graph">
      {error ? (
        <span className="export-error" role="alert" data-testid="export-error">
          {error}
        </span>
      ) : null}
      <label className="toggle" title={actions.toggleSystem.label}>
        <input
          type="checkbox"
          checked={showSystem}
          onChange={() => void actions.toggleSystem.run()}
          data-testid="show-system"
          aria-label="system objects"
        />{' '}
        system<span className="toggle-word"> objects</span>
      </label>
      <OpenMigrationButton testId="open-migration" />
      <button type="button" onClick={() => void actions.exportPng.run()} data-testid="export-png" title={tooltipOf(actions.exportPng)}>
        PNG
      </button>
      <button type="button" onClick={() => void actions.exportSvg.run()} data-testid="export-svg" title={tooltipOf(actions.exportSvg)}>
        SVG
      </button>
      <label className="toggle" title={actions.toggleExportTransparent.label}>
        <input
          type="checkbox"
          checked={transparent}
          onChange={() => void actions.toggleExportTransparent.run()}
          data-testid="export-transparent"
        />{' '}
        transparent
      </label>
      {progress ? (
        <span className="export-progress" role="status" data-testid="export-progress">
          {progress}
        </span>
      ) : null}
      {canExportSteps || progress ? (
        <button
          type="button"
          onClick={() => void actions.exportSteps.run()}
          disabled={!canExportSteps}
          data-testid="export-steps"
          title={tooltipOf(actions.exportSteps)}
        >
          Steps (zip)
        </button>
      ) : null}
    </div>
  );
}
