/** The controller's state as views need it, read without re-rendering them on every keystroke. */
import { useDocument } from './stores/document';
import { useSettings } from './stores/settings';
import { useSimulation } from './stores/simulation';
import { useView } from './stores/view';
import { currentInput, sameInput } from './simulation-input';

/** Whether the screen shows the simulation of the current input (no edit is still on its way to the worker). */
export function isSettled(): boolean {
  return sameInput(useSimulation.getState().settledInput, currentInput());
}

/**
 * Calls `listener` whenever "settled" changes (a keystroke unsettles the screen, its simulation
 * settles it again), and once at once. A subscription rather than a hook: the graph pane marks
 * itself busy without rendering again for each keystroke. Returns the way to stop.
 */
export function watchSettled(listener: (settled: boolean) => void): () => void {
  let last = isSettled();
  listener(last);
  const check = () => {
    const now = isSettled();
    if (now === last) return;
    last = now;
    listener(now);
  };
  const stops = [useDocument.subscribe(check), useSettings.subscribe(check), useView.subscribe(check), useSimulation.subscribe(check)];
  return () => stops.forEach((stop) => stop());
}
