import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { DiagnosticsList } from './DiagnosticsList';
import { ObjectTable } from './ObjectTable';
import { simulate } from './simulate';
import type { Simulation } from './simulate';

const DEBOUNCE_MS = 150;

/**
 * The first screen: YAML on the left, what the simulated cluster made of it on the right.
 * (The graph, the Monaco editor and the request animation come with the app issue.)
 */
export function App() {
  const [yaml, setYaml] = useState(DEFAULT_SCENARIO_YAML);
  const [result, setResult] = useState<Simulation>(() => {
    const first = simulate(DEFAULT_SCENARIO_YAML);
    return 'crashed' in first ? { objects: [], diagnostics: [] } : first;
  });
  const [crash, setCrash] = useState<string | undefined>();
  const [hideSystem, setHideSystem] = useState(true);

  useEffect(() => {
    const timer = setTimeout(() => {
      const next = simulate(yaml);
      if ('crashed' in next) {
        setCrash(next.crashed);
      } else {
        setCrash(undefined);
        setResult(next);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [yaml]);

  const visible = useMemo(
    () => result.objects.filter((o) => !hideSystem || (o.metadata.namespace !== 'kube-system' && o.kind !== 'EndpointSlice' && o.metadata.name !== 'kubernetes')),
    [result, hideSystem],
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;

  return (
    <div className="app">
      <header>
        <h1>svcscope</h1>
        <span className="muted">Kubernetes service discovery, simulated</span>
      </header>
      <main>
        <section className="editor-pane">
          <label htmlFor="yaml">Cluster YAML</label>
          <textarea
            id="yaml"
            data-testid="yaml-input"
            spellCheck={false}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
          />
        </section>
        <section className="result-pane">
          {crash ? (
            <p className="crash" role="alert">
              The simulation failed ({crash}); the last good result is shown.
            </p>
          ) : null}
          <h2>
            Diagnostics {errors > 0 ? <span className="badge error">{errors} error(s)</span> : null}
          </h2>
          <DiagnosticsList diagnostics={result.diagnostics} />
          <h2>
            Objects{' '}
            <label className="toggle">
              <input type="checkbox" checked={hideSystem} onChange={(e) => setHideSystem(e.target.checked)} /> hide system objects
            </label>
          </h2>
          <ObjectTable objects={visible} />
        </section>
      </main>
    </div>
  );
}
