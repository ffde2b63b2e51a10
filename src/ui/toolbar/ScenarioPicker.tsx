/** The built-in scenarios, grouped by the seed's table 13-1 mechanisms; the catalog loads on first use. */
import { useEffect } from 'react';
import { ensureCatalog, useScenarios } from '../../app/stores/scenarios';
import { actions } from '../../app/actions/index';
import { useDocument } from '../../app/stores/document';
import type { Scenario } from '../../scenarios/index';

const MECHANISM_ORDER = ['ClusterIP', 'Manual IP', 'Manual FQDN', 'Headless', 'NodePort', 'LoadBalancer', 'Ingress'];

function groups(catalog: readonly Scenario[]): [string, Scenario[]][] {
  const by = new Map<string, Scenario[]>();
  for (const s of catalog) by.set(s.mechanism, [...(by.get(s.mechanism) ?? []), s]);
  return [...by.entries()].sort(([a], [b]) => MECHANISM_ORDER.indexOf(a) - MECHANISM_ORDER.indexOf(b));
}

export function ScenarioPicker() {
  const catalog = useScenarios((s) => s.catalog);
  const scenarioId = useDocument((s) => s.scenarioId);
  // Load the catalog once the first screen is up (it is not needed to draw it).
  useEffect(() => {
    const idle = setTimeout(() => void ensureCatalog(), 300);
    return () => clearTimeout(idle);
  }, []);
  return (
    <select
      aria-label="Built-in scenarios"
      data-testid="scenario-picker"
      value={scenarioId ?? ''}
      onFocus={() => void ensureCatalog()}
      onChange={(e) => e.target.value && void actions.openScenario.run(e.target.value)}
    >
      <option value="">Scenarios…</option>
      {catalog
        ? groups(catalog).map(([mechanism, list]) => (
            <optgroup key={mechanism} label={mechanism}>
              {list.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.example ? `${s.example} · ` : ''}
                  {s.title}
                </option>
              ))}
            </optgroup>
          ))
        : null}
    </select>
  );
}
