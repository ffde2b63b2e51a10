/**
 * Computes src/graph/known-layouts.json: elkjs's answer for every graph the first simulation of each
 * built-in scenario (and of a first visit's document) asks it to lay out.
 */
import { EngineSession } from './session';
import { CATALOG } from '../scenarios/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { elkInProcess } from '../graph/elk-in-process';
import { knownLayout, layoutKey } from '../graph/known-layouts';
import type { KnownLayout } from '../graph/known-layouts';
import type { ElkLayouter } from '../graph/layout';

export async function computeKnownLayouts(): Promise<Record<string, KnownLayout>> {
  const elk = elkInProcess();
  const table: Record<string, KnownLayout> = {};
  const recording: ElkLayouter = {
    layout: async (graph) => {
      const key = layoutKey(graph);
      const answer = await elk.layout(graph);
      table[key] = knownLayout(answer);
      return answer;
    },
  };
  const documents = [{ yaml: DEFAULT_SCENARIO_YAML, options: {} }, ...CATALOG.map((s) => ({ yaml: s.yaml, options: s.options ?? {} }))];
  for (const { yaml, options } of documents) {
    // A session of its own for each: its layout cache starts empty, as a first visit's does.
    await new EngineSession(recording).simulate({ yaml, options, actions: [], showSystem: false });
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : 1)));
}
