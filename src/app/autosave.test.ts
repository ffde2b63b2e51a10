/**
 * Nothing the user makes is lost (issue 14): one's own work is kept apart from scenarios and
 * links, across reloads, in two tabs at once, and a big document with what-ifs stays within the
 * browser's storage. Each "tab" here is a document store and a slot store on one shared storage.
 */
import { describe, expect, it } from 'vitest';
import { newDocument, openSlot, startAutosave, TAB_SESSION_KEY } from './autosave';
import type { Workspace } from './autosave';
import { createDocumentStore } from './stores/document';
import { createWorkSlots, SLOT_KEY_PREFIX } from './stores/work-slots';
import { FakeBus, FakeSession, FakeStorage } from '../test-support/fake-tabs';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { applyEdit } from '../document/index';
import { createCluster } from '../engine/index';

const MINE = 'apiVersion: v1\nkind: Service\nmetadata: {name: mine}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n';
const SCENARIO_A = 'apiVersion: v1\nkind: Service\nmetadata: {name: scenario-a}\nspec: {ports: [{port: 80}]}\n';
const SCENARIO_B = 'apiVersion: v1\nkind: Service\nmetadata: {name: scenario-b}\nspec: {ports: [{port: 80}]}\n';

interface Tab extends Workspace {
  notices: string[];
  session: FakeSession;
  stop(): void;
}

let clock = 1_000_000;

/** A tab (a page load) of the app on `storage`; `session` is the tab's own sessionStorage, kept across its reloads. */
function openTab(storage: FakeStorage, bus: FakeBus, session = new FakeSession(), defer?: (write: () => void) => void): Tab {
  let n = 0;
  const start = (clock += 10_000);
  const tab: Tab = {
    document: createDocumentStore(),
    slots: createWorkSlots({ storage, now: () => clock++, newId: () => `w${start}-${n++}` }),
    notices: [],
    session,
    notify: (message) => tab.notices.push(message),
    stop: () => undefined,
  };
  tab.stop = startAutosave(tab, { session, channel: bus.channel(), tab: `tab${start}`, ...(defer ? { defer } : {}) });
  bus.flush();
  return tab;
}

/** What opening a built-in scenario does to the document (src/app/actions/scenario.ts). */
function openScenario(tab: Tab, yaml: string, id: string): void {
  tab.document.getState().load({ yaml, scenarioId: id, step: 0 }, { saveAs: `${id} (edited)` });
}

const names = (tab: Tab) => tab.slots.getState().slots.map((m) => m.name);

describe('work slots and the document on screen', () => {
  it('own work, then scenario A, then scenario B: back to my work gives my work, not A; and after a reload', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const tab = openTab(storage, bus);
    expect(tab.document.getState().yaml).toBe(DEFAULT_SCENARIO_YAML);
    expect(names(tab)).toEqual([]); // the untouched example is not saved
    tab.document.getState().setYaml(MINE);
    expect(names(tab)).toEqual(['My work']);
    const mine = tab.document.getState().slotId ?? '';
    openScenario(tab, SCENARIO_A, 'a');
    openScenario(tab, SCENARIO_B, 'b');
    // Scenarios nobody changed are not saved; the way back is to one's own work.
    expect(names(tab)).toEqual(['My work']);
    expect(tab.document.getState().previousSlot).toBe(mine);
    expect(openSlot(tab.document.getState().previousSlot ?? '', tab)).toBe(true);
    expect(tab.document.getState()).toMatchObject({ yaml: MINE, slotId: mine });

    // A reload of this tab shows the same work; the scenario it showed before comes back too.
    openScenario(tab, SCENARIO_A, 'a');
    tab.stop();
    const reloaded = openTab(storage, bus, tab.session);
    expect(reloaded.document.getState()).toMatchObject({ yaml: SCENARIO_A, scenarioId: 'a', slotId: undefined, previousSlot: mine });
    expect(openSlot(mine, reloaded)).toBe(true);
    expect(reloaded.document.getState().yaml).toBe(MINE);
    reloaded.stop();
    expect(openTab(storage, bus, reloaded.session).document.getState()).toMatchObject({ yaml: MINE, slotId: mine });
  });

  it('written off the keystroke (as the app does): many keystrokes are one write of the newest text, and nothing waiting is lost', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const idle: (() => void)[] = [];
    const runIdle = () => idle.splice(0).forEach((write) => write());
    const tab = openTab(storage, bus, new FakeSession(), (write) => idle.push(write));
    tab.document.getState().setYaml(MINE); // the first change makes the slot, at once
    const mine = tab.document.getState().slotId ?? '';
    expect(tab.slots.getState().read(mine)?.yaml).toBe(MINE);

    tab.document.getState().setYaml(`${MINE}# a`);
    tab.document.getState().setYaml(`${MINE}# ab`);
    expect(tab.slots.getState().read(mine)?.yaml).toBe(MINE); // not yet: the page is busy
    expect(idle).toHaveLength(1); // one write waits for both keystrokes
    runIdle();
    expect(tab.slots.getState().read(mine)?.yaml).toBe(`${MINE}# ab`);

    // Opening something else before the page is idle: the slot left gets its text first.
    tab.document.getState().setYaml(`${MINE}# abc`);
    openScenario(tab, SCENARIO_A, 'a');
    expect(tab.slots.getState().read(mine)?.yaml).toBe(`${MINE}# abc`);
    runIdle(); // nothing waits any more: the late write changes nothing
    expect(tab.slots.getState().read(mine)?.yaml).toBe(`${MINE}# abc`);

    // Leaving the page (autosave stops) with a keystroke waiting: it is written.
    expect(openSlot(mine, tab)).toBe(true);
    tab.document.getState().setYaml(`${MINE}# abcd`);
    tab.stop();
    expect(openTab(storage, bus, tab.session).document.getState().yaml).toBe(`${MINE}# abcd`);
  });

  it('opening the same shared link twice keeps one’s work, and a new tab opens the newest work', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const tab = openTab(storage, bus);
    tab.document.getState().setYaml(MINE);
    const link = { yaml: SCENARIO_A, actions: [{ type: 'restartPod' as const, pod: 'x' }] };
    tab.document.getState().load(link, { saveAs: 'Shared link (edited)' });
    tab.document.getState().load(link, { saveAs: 'Shared link (edited)' });
    const back = tab.document.getState().previousSlot ?? '';
    expect(tab.slots.getState().read(back)?.yaml).toBe(MINE);
    tab.stop();
    // Another tab later (its own sessionStorage): the newest work, not the link.
    expect(openTab(storage, bus).document.getState().yaml).toBe(MINE);
  });

  it('a scenario changed by the user becomes a slot named after it; one’s own slot is left as it was', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const tab = openTab(storage, bus);
    tab.document.getState().setYaml(MINE);
    openScenario(tab, SCENARIO_A, 'ClusterIP scenario');
    tab.document.getState().act({ type: 'setNodeReady', node: 'node-2', ready: false });
    expect(names(tab)).toEqual(['ClusterIP scenario (edited)', 'My work']);
    const edited = tab.document.getState().slotId ?? '';
    expect(tab.slots.getState().read(edited)).toMatchObject({
      yaml: SCENARIO_A,
      scenarioId: 'ClusterIP scenario',
      actions: [{ type: 'setNodeReady' }],
    });
    // Moving on (the next step, another scenario) keeps the edited one too.
    openScenario(tab, SCENARIO_B, 'b');
    expect(names(tab)).toEqual(['ClusterIP scenario (edited)', 'My work']);
    // A new empty document is saved once something is typed in it.
    newDocument(tab);
    expect(tab.document.getState().yaml).toBe('');
    tab.document.getState().setYaml('# notes\n');
    expect(names(tab)).toEqual(['My work 2', 'ClusterIP scenario (edited)', 'My work']);
  });

  it('two tabs editing: each saves its own slot, neither overwrites the other, across reloads', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = openTab(storage, bus);
    a.document.getState().setYaml(MINE);
    bus.flush();
    const slotA = a.document.getState().slotId ?? '';
    // B opens the newest work, which A has open: B is told, and shows a copy.
    const b = openTab(storage, bus);
    expect(b.document.getState()).toMatchObject({ yaml: MINE, slotId: undefined, saveAs: 'My work (copy)' });
    expect(b.notices.join('\n')).toMatch(/“My work” is open in another tab/);
    expect(a.document.getState().slotId).toBe(slotA);
    b.document.getState().setYaml(`${MINE}# typed in B\n`);
    a.document.getState().setYaml(`${MINE}# typed in A\n`);
    bus.flush();
    const slotB = b.document.getState().slotId ?? '';
    expect(slotB).not.toBe(slotA);
    expect(a.slots.getState().read(slotA)?.yaml).toBe(`${MINE}# typed in A\n`);
    expect(a.slots.getState().read(slotB)?.yaml).toBe(`${MINE}# typed in B\n`);
    // Both lists show both, live.
    expect(names(a)).toEqual(['My work', 'My work (copy)']);
    expect(names(b)).toEqual(['My work', 'My work (copy)']);
    // In the dialog of A, B's slot is open elsewhere: opening it there gives a copy, not B's slot.
    expect(a.slots.getState().openElsewhere(slotB)).toBe(true);
    // Reloads: each tab comes back to its own.
    a.stop();
    b.stop();
    const a2 = openTab(storage, bus, a.session);
    const b2 = openTab(storage, bus, b.session);
    expect(a2.document.getState()).toMatchObject({ slotId: slotA, yaml: `${MINE}# typed in A\n` });
    expect(b2.document.getState()).toMatchObject({ slotId: slotB, yaml: `${MINE}# typed in B\n` });
  });

  it('a duplicated tab (the same sessionStorage, the same slot) lets the first keep it; what it typed first is kept as a copy', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = openTab(storage, bus);
    a.document.getState().setYaml(MINE);
    bus.flush();
    const slotA = a.document.getState().slotId ?? '';
    const copied = new FakeSession();
    copied.setItem(TAB_SESSION_KEY, a.session.getItem(TAB_SESSION_KEY) ?? '');
    // The duplicate claims the slot and types before the answer arrives.
    let n = 0;
    const dup: Tab = {
      document: createDocumentStore(),
      slots: createWorkSlots({ storage, now: () => clock++, newId: () => `dup-${n++}` }),
      notices: [],
      session: copied,
      notify: (m) => dup.notices.push(m),
      stop: () => undefined,
    };
    startAutosave(dup, { session: copied, channel: bus.channel(), tab: 'dup' });
    expect(dup.document.getState().slotId).toBe(slotA);
    dup.document.getState().setYaml(`${MINE}# typed in the duplicate\n`);
    bus.flush();
    // A keeps its slot and saved it again; the duplicate's typing is its own copy.
    expect(a.slots.getState().read(slotA)?.yaml).toBe(MINE);
    const copy = dup.document.getState().slotId ?? '';
    expect(copy).not.toBe(slotA);
    expect(dup.slots.getState().read(copy)?.yaml).toBe(`${MINE}# typed in the duplicate\n`);
    expect(names(a)).toEqual(['My work (copy)', 'My work']);
  });

  it('a 1 MB document and two what-ifs: about 1 MB saved, and a reload shows the replicas the screen showed', () => {
    const storage = new FakeStorage(5_000_000);
    const bus = new FakeBus();
    const tab = openTab(storage, bus);
    const deployment = (app: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const padding = `# ${'notes about the cluster '.repeat(40)}\n`.repeat(1_100);
    const big = `${deployment('web')}---\n${padding}---\n${deployment('api')}`;
    expect(big.length).toBeGreaterThan(1_000_000);
    tab.document.getState().setYaml(big);
    for (const [name, replicas] of [
      ['web', 5],
      ['api', 0],
    ] as const) {
      const result = applyEdit(tab.document.getState().yaml, { type: 'scale', name, replicas });
      if (!result.ok) throw new Error(result.error);
      tab.document.getState().edit(result.yaml, `scale ${name} to ${replicas}`);
    }
    const screen = tab.document.getState().yaml;
    const id = tab.document.getState().slotId ?? '';
    const saved = storage.getItem(`${SLOT_KEY_PREFIX}${id}`) ?? '';
    // The YAML once, and two small splices (whole copies before and after each edit were 5 MB).
    expect(saved.length).toBeLessThan(big.length * 1.05);
    expect(storage.used()).toBeLessThan(big.length * 1.1);
    expect(storage.memory.size).toBe(0); // nothing left unsaved

    tab.stop();
    const reloaded = openTab(storage, bus, tab.session);
    expect(reloaded.document.getState().yaml).toBe(screen);
    const replicas = (yaml: string) =>
      createCluster(yaml)
        .objects()
        .filter((o) => o.kind === 'Pod' && ['web', 'api'].includes(o.metadata.labels?.app ?? ''))
        .map((o) => o.metadata.labels?.app)
        .sort();
    expect(replicas(reloaded.document.getState().yaml)).toEqual(['web', 'web', 'web', 'web', 'web']);
    // The what-ifs still undo after the reload: the second, then the first.
    reloaded.document.getState().undo();
    expect(replicas(reloaded.document.getState().yaml)).toEqual(['api', 'api', 'web', 'web', 'web', 'web', 'web']);
    reloaded.document.getState().undo();
    expect(reloaded.document.getState().yaml).toBe(big);
  });
});
