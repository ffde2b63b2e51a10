/**
 * src/graph/known-layouts.json holds what elkjs answers for the built-in scenarios' first graphs, and the
 * app's first graph is drawn from it without elkjs. `npm run layouts` writes it anew (this test
 * with UPDATE_LAYOUTS=1); without, the test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeKnownLayouts } from './known-layouts.compute';
import { withKnownLayouts } from '../graph/known-layouts';
import known from '../graph/known-layouts.json';
import type { ElkLayouter } from '../graph/layout';
import { EngineSession } from './session';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { CATALOG } from '../scenarios/index';

describe('elkjs answers computed ahead (known-layouts.json)', () => {
  it('are what elkjs answers today for every built-in scenario’s first graph (else run npm run layouts)', async () => {
    const table = await computeKnownLayouts();
    if (process.env.UPDATE_LAYOUTS) writeFileSync(new URL('../graph/known-layouts.json', import.meta.url), `${JSON.stringify(table)}\n`);
    else expect(known).toEqual(table);
  }, 120_000);

  it.each([{ id: 'a first visit', yaml: DEFAULT_SCENARIO_YAML, options: {} }, ...CATALOG])(
    '$id: its first graph is laid out without asking elkjs',
    async ({ yaml, options }) => {
      let asked = 0;
      const counting: ElkLayouter = {
        layout: async (graph) => {
          asked += 1;
          return graph;
        },
      };
      await new EngineSession(withKnownLayouts(counting)).simulate({ yaml, options: options ?? {}, actions: [], showSystem: false });
      expect(asked).toBe(0);
    },
  );

  it('lay out a first visit’s graph without asking elkjs, and a graph of another input by asking it', async () => {
    let asked = 0;
    const never: ElkLayouter = {
      layout: async (graph) => {
        asked += 1;
        return { ...graph, children: (graph.children ?? []).map((c) => ({ ...c, x: 0, y: 0 })), width: 0, height: 0 };
      },
    };
    const session = new EngineSession(withKnownLayouts(never));
    const first = await session.simulate({ yaml: DEFAULT_SCENARIO_YAML, options: {}, actions: [], showSystem: false });
    expect(asked).toBe(0);
    // Placed as elkjs placed them: the elements do not all sit at the origin.
    expect(new Set(first.graph.nodes.filter((n) => !n.parentId).map((n) => `${n.x},${n.y}`)).size).toBeGreaterThan(3);
    await session.simulate({
      yaml: `${DEFAULT_SCENARIO_YAML}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: extra}\nspec:\n  ports: [{port: 80}]\n`,
      options: {},
      actions: [],
      showSystem: false,
    });
    expect(asked).toBe(1);
  });
});
