/**
 * Built-in scenarios: the catalog (YAML + guided steps, and the YAML edit code the steps use),
 * loaded on demand so the first screen does not wait for it.
 */
import { create } from 'zustand';
import type { Scenario } from '../../scenarios/index';

type CatalogModule = typeof import('../../scenarios/index'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- the module is loaded lazily; only its type is needed here

let catalogPromise: Promise<CatalogModule> | undefined;

export function loadCatalog(): Promise<CatalogModule> {
  catalogPromise ??= import('../../scenarios/index');
  return catalogPromise;
}

export interface ScenarioState {
  /** The catalog, once loaded. */
  catalog?: readonly Scenario[];
  error?: string;
}

export const useScenarios = create<ScenarioState>()(() => ({}));

export async function ensureCatalog(): Promise<readonly Scenario[]> {
  const { CATALOG } = await loadCatalog();
  if (!useScenarios.getState().catalog) useScenarios.setState({ catalog: CATALOG });
  return CATALOG;
}
