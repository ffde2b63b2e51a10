/** Built-in scenarios: YAML plus guided steps, the catalog the picker shows, and the step walker. */
export type { Mechanism, Scenario, Step, StepExpectation } from './types';
export { MECHANISMS } from './types';
export { CATALOG, scenarioById } from './catalog';
export { stateAtStep } from './walk';
export type { StepState } from './walk';
export { DEFAULT_SCENARIO_YAML } from './seed/index';
