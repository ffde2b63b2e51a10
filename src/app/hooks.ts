/** React hooks over the controller's state, for views (which read state and run actions, nothing else). */
import { useDocument } from './stores/document';
import { useSettings } from './stores/settings';
import { useSimulation } from './stores/simulation';
import { useView } from './stores/view';
import { inputOf, sameInput } from './simulation-input';

/** Whether the screen shows the simulation of the current input (no edit is still on its way to the worker). */
export function useSettled(): boolean {
  const yaml = useDocument((s) => s.yaml);
  const options = useDocument((s) => s.options);
  const actions = useDocument((s) => s.actions);
  const cluster = useDocument((s) => s.cluster);
  const showSystem = useSettings((s) => s.showSystem);
  const expanded = useView((s) => s.expanded);
  const settled = useSimulation((s) => s.settledInput);
  return sameInput(settled, inputOf({ yaml, options, actions, cluster }, showSystem, expanded));
}
