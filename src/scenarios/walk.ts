/**
 * What the app shows at a step: the document with the edits of steps 0..i applied, the runtime
 * actions of steps 0..i in order, the scenario's options with the option changes of steps 0..i
 * over them, and the step's request. Pure: the caller simulates it.
 */
import type { ClusterOptions, SendRequest, SimulationAction } from '../engine/index';
import { applyEdit } from '../document/edits';
import type { Scenario } from './types';

export type StepState =
  | { ok: true; yaml: string; options: ClusterOptions; actions: SimulationAction[]; request?: SendRequest; notes: string[] }
  | { ok: false; error: string };

export function stateAtStep(scenario: Scenario, index: number): StepState {
  if (!Number.isInteger(index) || index < 0 || index >= scenario.steps.length) {
    return { ok: false, error: `scenario ${scenario.id} has steps 0 to ${scenario.steps.length - 1}` };
  }
  let yaml = scenario.yaml;
  let options: ClusterOptions = { ...scenario.options };
  const actions: SimulationAction[] = [];
  const notes: string[] = [];
  for (const step of scenario.steps.slice(0, index + 1)) {
    if (step.edit) {
      const result = applyEdit(yaml, step.edit);
      if (!result.ok) return { ok: false, error: `step "${step.title}": ${result.error}` };
      yaml = result.yaml;
      if (result.note) notes.push(result.note);
    }
    if (step.options) options = { ...options, ...step.options };
    actions.push(...(step.actions ?? []));
  }
  const request = scenario.steps[index]?.request;
  return { ok: true, yaml, options, actions, ...(request ? { request } : {}), notes };
}
