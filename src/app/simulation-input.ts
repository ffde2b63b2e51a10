/**
 * What "the simulation input" is — one definition: the document's YAML, cluster options and
 * runtime actions, and whether system objects are drawn. The scheduler, the settled check, the
 * queued request and the graph all ask here.
 */
import type { SimulationInput } from '../worker/protocol';
import { useDocument } from './stores/document';
import type { DocumentState } from './stores/document';
import { useSettings } from './stores/settings';
import { useView } from './stores/view';

/** The simulation input of a document and the view settings. */
export function inputOf(
  doc: Pick<DocumentState, 'yaml' | 'options' | 'actions' | 'cluster'>,
  showSystem: boolean,
  expanded: readonly string[] = NONE,
): SimulationInput {
  return {
    yaml: doc.yaml,
    options: doc.options,
    actions: doc.actions,
    showSystem,
    cluster: doc.cluster,
    ...(expanded.length ? { expand: [...expanded] } : {}),
  };
}

const NONE: readonly string[] = [];

/** The input the screen should show now. Its parts keep their identity while unchanged. */
export function currentInput(): SimulationInput {
  return inputOf(useDocument.getState(), useSettings.getState().showSystem, useView.getState().expanded);
}

/** Whether two inputs ask for the same simulation. Cheap when parts are shared (the usual case). */
export function sameInput(a: SimulationInput | undefined, b: SimulationInput): boolean {
  if (!a) return false;
  if (a === b) return true;
  return (
    a.yaml === b.yaml &&
    a.showSystem === b.showSystem &&
    a.cluster === b.cluster &&
    (a.expand ?? NONE).join('\n') === (b.expand ?? NONE).join('\n') &&
    (a.options === b.options || JSON.stringify(a.options) === JSON.stringify(b.options)) &&
    (a.actions === b.actions || JSON.stringify(a.actions) === JSON.stringify(b.actions))
  );
}
