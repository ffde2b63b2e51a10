/** Asks the engine worker something about the cluster on screen; asks again when it changes. */
import { useEffect, useState } from 'react';
import type { Remote } from 'comlink';
import { engine } from '../../app/engine-client';
import { useSimulation } from '../../app/stores/simulation';
import type { EngineApi } from '../../worker/protocol';

export function useWorker<T>(ask: ((api: Remote<EngineApi>) => Promise<T>) | undefined, key: string): { value?: T; error?: string } {
  const revision = useSimulation((s) => s.snapshot?.revision ?? 0);
  const [state, setState] = useState<{ key: string; value?: T; error?: string }>({ key: '' });
  const fullKey = `${revision}|${key}`;
  useEffect(() => {
    if (!ask) return;
    let live = true;
    engine()
      .call(ask)
      .then(
        (value) => live && setState({ key: fullKey, value }),
        (error: unknown) => live && setState({ key: fullKey, error: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      live = false;
    };
    // `ask` is a new closure each render; the key says when the question changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);
  return state.key === fullKey ? state : {};
}
