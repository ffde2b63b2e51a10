/** What schedules a simulation (start.ts watchInput): one per task of changes, a keystroke at once. */
import { afterEach, describe, expect, it } from 'vitest';
import { watchInput } from './start';
import { useDocument } from './stores/document';
import { useSettings } from './stores/settings';
import type { SimulationInput } from '../worker/protocol';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';

describe('watchInput', () => {
  let stop = () => undefined as void;
  afterEach(() => stop());

  const watch = (): SimulationInput[] => {
    const scheduled: SimulationInput[] = [];
    stop = watchInput({ schedule: (input) => void scheduled.push(input) });
    return scheduled;
  };

  it('schedules a keystroke before the editor’s handler returns (no microtask wait), with the new text', () => {
    useDocument.getState().setYaml(SERVICE);
    const scheduled = watch();
    expect(scheduled.map((i) => i.yaml)).toEqual([SERVICE]); // the current input, at start
    useDocument.getState().setYaml(SERVICE.replace('80', '801'));
    expect(scheduled.map((i) => i.yaml)).toEqual([SERVICE, SERVICE.replace('80', '801')]);
  });

  it('schedules the changes of one task once, after them all (a document opened and the system objects shown)', async () => {
    useDocument.getState().setYaml(SERVICE);
    const scheduled = watch();
    useDocument.getState().load({ yaml: SERVICE.replace('web', 'api'), options: { nodes: 2 }, actions: [] });
    useSettings.setState({ showSystem: !useSettings.getState().showSystem });
    expect(scheduled).toHaveLength(1);
    await Promise.resolve();
    expect(scheduled).toHaveLength(2);
    expect(scheduled[1]).toMatchObject({
      yaml: SERVICE.replace('web', 'api'),
      options: { nodes: 2 },
      showSystem: useSettings.getState().showSystem,
    });
  });
});
