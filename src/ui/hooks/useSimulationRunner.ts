/**
 * Re-simulates in the worker whenever the document or the view settings change. A short debounce
 * groups the events of one keystroke (and a paste); the scheduler collapses edits made while the
 * worker is busy.
 */
import { useEffect } from 'react';
import { useDocument } from '../../app/stores/document';
import { useSettings } from '../../app/stores/settings';
import { scheduleSimulation } from '../../app/stores/simulation';

export const EDIT_DEBOUNCE_MS = 10;

export function useSimulationRunner(): void {
  const yaml = useDocument((s) => s.yaml);
  const options = useDocument((s) => s.options);
  const actions = useDocument((s) => s.actions);
  const showSystem = useSettings((s) => s.showSystem);
  useEffect(() => {
    const editedAt = performance.now();
    const timer = setTimeout(() => scheduleSimulation({ yaml, options, actions, showSystem }, editedAt), EDIT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [yaml, options, actions, showSystem]);
}
