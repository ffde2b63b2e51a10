/** Work slots: saved apart, bounded, migrated from the single autosave, and shared between tabs without overwriting. */
import { describe, expect, it } from 'vitest';
import { LEGACY_AUTOSAVE_KEY, MAX_SLOTS, SLOT_BUDGET, SLOT_INDEX_KEY, SLOT_KEY_PREFIX, createWorkSlots } from './work-slots';
import type { TabHandlers } from './work-slots';
import { FakeBus, FakeStorage } from '../../test-support/fake-tabs';
import { DEFAULT_SCENARIO_YAML } from '../../scenarios/seed/index';
import { fingerprint } from '../edit-history';

const yaml = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80}]}\n`;

/** A store on `storage` with a clock that moves one millisecond per reading, and ids in order. */
function slotsOn(storage: FakeStorage, start = 1_000) {
  let t = start;
  let n = 0;
  return createWorkSlots({ storage, now: () => t++, newId: () => `s${start}-${n++}` });
}

describe('work slots', () => {
  it('saves each slot under its own key and lists them newest first, surviving a reload', () => {
    const storage = new FakeStorage();
    const slots = slotsOn(storage);
    const a = slots.getState().create('My work', { yaml: yaml('a') });
    const b = slots.getState().create('My work', { yaml: yaml('b'), actions: [{ type: 'restartPod', pod: 'web' }] });
    slots.getState().save(a, { yaml: yaml('a2') }, 'My work');
    expect(slots.getState().slots.map((m) => [m.id, m.name])).toEqual([
      [a, 'My work'],
      [b, 'My work 2'],
    ]);
    expect(storage.keys(SLOT_KEY_PREFIX).sort()).toEqual([`${SLOT_KEY_PREFIX}${a}`, `${SLOT_KEY_PREFIX}${b}`]);
    const reloaded = slotsOn(storage, 5_000);
    reloaded.getState().refresh();
    expect(reloaded.getState().slots.map((m) => m.id)).toEqual([a, b]);
    expect(reloaded.getState().read(a)?.yaml).toBe(yaml('a2'));
    expect(reloaded.getState().read(b)?.actions).toEqual([{ type: 'restartPod', pod: 'web' }]);
  });

  it('lists again a slot whose document was saved but whose list entry was not (a write cut short)', () => {
    const storage = new FakeStorage();
    const slots = slotsOn(storage);
    const a = slots.getState().create('Mine', { yaml: yaml('a') });
    storage.removeItem(SLOT_INDEX_KEY);
    storage.setItem(`${SLOT_KEY_PREFIX}junk`, 'not json');
    const reloaded = slotsOn(storage, 5_000);
    reloaded.getState().refresh();
    expect(reloaded.getState().slots.map((m) => [m.id, m.name])).toEqual([[a, 'Recovered work']]);
  });

  it('renames (a named slot is never evicted), deletes and undoes the deletion', () => {
    const slots = slotsOn(new FakeStorage());
    const a = slots.getState().create('My work', { yaml: yaml('a') });
    const b = slots.getState().create('My work', { yaml: yaml('b') });
    expect(slots.getState().rename(a, '  Demo for Tuesday  ')).toBe(true);
    expect(slots.getState().rename(a, '   ')).toBe(false);
    expect(slots.getState().slots.find((m) => m.id === a)).toMatchObject({ name: 'Demo for Tuesday', named: true });
    expect(slots.getState().remove(b)).toBe(true);
    expect(slots.getState().slots.map((m) => m.id)).toEqual([a]);
    expect(slots.getState().read(b)).toBeUndefined();
    expect(slots.getState().undoRemove()).toBe(b);
    expect(slots.getState().read(b)?.yaml).toBe(yaml('b'));
    expect(
      slots
        .getState()
        .slots.map((m) => m.id)
        .sort(),
    ).toEqual([a, b]);
  });

  it('never deletes the slot this tab has open', () => {
    const slots = slotsOn(new FakeStorage());
    const a = slots.getState().create('My work', { yaml: yaml('a') });
    slots.getState().claim(a);
    expect(slots.getState().remove(a)).toBe(false);
    expect(slots.getState().read(a)?.yaml).toBe(yaml('a'));
  });

  it(`keeps at most ${MAX_SLOTS} slots: the oldest unnamed ones go, never a named one or the one open`, () => {
    const slots = slotsOn(new FakeStorage());
    const first = slots.getState().create('My work', { yaml: yaml('first') });
    slots.getState().claim(first);
    const named = slots.getState().create('My work', { yaml: yaml('named') });
    slots.getState().rename(named, 'Keep me');
    const ids = Array.from({ length: MAX_SLOTS + 3 }, (_, i) => slots.getState().create('My work', { yaml: yaml(`n${i}`) }));
    const left = slots.getState().slots.map((m) => m.id);
    expect(left).toHaveLength(MAX_SLOTS);
    expect(left).toContain(first);
    expect(left).toContain(named);
    // The three oldest unnamed ones after those two went, and only they.
    expect(ids.slice(0, 5).filter((id) => !left.includes(id))).toEqual(ids.slice(0, 5));
    expect(ids.slice(5).every((id) => left.includes(id))).toBe(true);
  });

  it('keeps the documents within the character budget, evicting the oldest unnamed', () => {
    const slots = slotsOn(new FakeStorage());
    // A third of the budget, less the few characters of JSON around the YAML.
    const big = 'x'.repeat(Math.floor(SLOT_BUDGET / 3) - 100);
    const a = slots.getState().create('My work', { yaml: big });
    const b = slots.getState().create('My work', { yaml: big });
    const c = slots.getState().create('My work', { yaml: big });
    expect(
      slots
        .getState()
        .slots.map((m) => m.id)
        .sort(),
    ).toEqual([a, b, c].sort());
    const d = slots.getState().create('My work', { yaml: big });
    expect(
      slots
        .getState()
        .slots.map((m) => m.id)
        .sort(),
    ).toEqual([b, c, d].sort());
    expect(slots.getState().slots.reduce((n, m) => n + m.size, 0)).toBeLessThanOrEqual(SLOT_BUDGET);
  });

  it('a full storage: evicts old unnamed slots until the document fits; when nothing may go, it stays in memory and says "quota"', () => {
    const storage = new FakeStorage(300_000);
    const slots = slotsOn(storage);
    const old = slots.getState().create('My work', { yaml: 'o'.repeat(120_000) });
    const kept = slots.getState().create('My work', { yaml: 'k'.repeat(120_000) });
    slots.getState().rename(kept, 'Named');
    const open = slots.getState().create('My work', { yaml: 'n'.repeat(100_000) });
    slots.getState().claim(open);
    // The new one did not fit beside both: the old unnamed one made room.
    expect(
      slots
        .getState()
        .slots.map((m) => m.id)
        .sort(),
    ).toEqual([kept, open].sort());
    expect(storage.disk.has(`${SLOT_KEY_PREFIX}${old}`)).toBe(false);
    expect(storage.disk.get(`${SLOT_KEY_PREFIX}${open}`)).toContain('n'.repeat(100_000));
    // Growing past the quota with nothing left to evict: kept in memory, read back from there.
    slots.getState().save(open, { yaml: 'n'.repeat(200_000) }, 'My work');
    expect(storage.setItem('probe', 'x'.repeat(300_000))).toBe('quota');
    expect(slots.getState().read(open)?.yaml).toHaveLength(200_000);
    expect(slots.getState().read(kept)?.yaml).toHaveLength(120_000);
  });

  it('migrates the single autosave of an older version: the work a scenario replaced and what was on screen, history as splices', () => {
    const storage = new FakeStorage();
    const before = yaml('mine');
    const after = before.replace('port: 80', 'port: 81');
    storage.setItem(
      LEGACY_AUTOSAVE_KEY,
      JSON.stringify({
        state: {
          yaml: yaml('scenario'),
          options: { nodes: 2 },
          actions: [{ type: 'setNodeReady', node: 'node-2', ready: false }],
          history: [
            { kind: 'action', action: { type: 'setNodeReady', node: 'node-2', ready: false } },
            { kind: 'edit', description: 'port 81', before, after },
          ],
          scenarioId: 'node-port',
          step: 1,
          previous: { yaml: yaml('mine'), options: {}, actions: [] },
        },
        version: 1,
      }),
    );
    const slots = slotsOn(storage);
    const open = slots.getState().migrateLegacy();
    const list = slots.getState().slots;
    expect(list).toHaveLength(2);
    expect(list.map((m) => m.name).sort()).toEqual([
      'My work (kept when a scenario or link replaced it)',
      'Scenario node-port (from your last visit)',
    ]);
    const shown = slots.getState().read(open ?? '');
    expect(shown).toMatchObject({ yaml: yaml('scenario'), options: { nodes: 2 }, scenarioId: 'node-port', step: 1 });
    expect(shown?.history?.[1]).toEqual({
      kind: 'edit',
      description: 'port 81',
      splice: { at: before.indexOf('port: 80') + 'port: 8'.length, removed: '0', inserted: '1' },
      before: fingerprint(before),
      after: fingerprint(after),
    });
    const mine = list.find((m) => m.id !== open);
    expect(slots.getState().read(mine?.id ?? '')?.yaml).toBe(yaml('mine'));
    // Moved, not copied: the old key is gone, and a second start migrates nothing.
    expect(storage.getItem(LEGACY_AUTOSAVE_KEY)).toBeNull();
    expect(slotsOn(storage, 9_000).getState().migrateLegacy()).toBeUndefined();
  });

  it('migration skips the untouched default example and keeps the old key while storage is full', () => {
    const storage = new FakeStorage();
    storage.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify({ state: { yaml: DEFAULT_SCENARIO_YAML, options: {}, actions: [] } }));
    expect(slotsOn(storage).getState().migrateLegacy()).toBeUndefined();
    expect(storage.keys(SLOT_KEY_PREFIX)).toEqual([]);

    const full = new FakeStorage();
    full.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify({ state: { yaml: yaml('mine') } }));
    full.quota = full.used() + 100;
    const slots = slotsOn(full);
    const id = slots.getState().migrateLegacy();
    expect(slots.getState().read(id ?? '')?.yaml).toBe(yaml('mine'));
    expect(full.disk.has(LEGACY_AUTOSAVE_KEY)).toBe(true);
  });
});

describe('two tabs', () => {
  function tab(storage: FakeStorage, bus: FakeBus, id: string, start: number) {
    const slots = slotsOn(storage, start);
    const yielded: string[] = [];
    const contested: string[] = [];
    const handlers: TabHandlers = { onYield: (slot, name) => yielded.push(`${slot}:${name}`), onContested: (slot) => contested.push(slot) };
    const leave = slots.getState().connect(bus.channel(), id, handlers);
    return { slots, yielded, contested, leave };
  }

  it('a tab that opens a slot another tab has open is told to let go; the first keeps it', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = tab(storage, bus, 'tab-a', 1_000);
    const id = a.slots.getState().create('My work', { yaml: yaml('a') });
    a.slots.getState().claim(id);
    bus.flush();
    const b = tab(storage, bus, 'tab-b', 2_000);
    bus.flush();
    // B has heard who has what (A answered its hello), and lists A's slot.
    expect(b.slots.getState().openElsewhere(id)).toBe(true);
    b.slots.getState().refresh();
    expect(b.slots.getState().slots.map((m) => m.id)).toEqual([id]);
    // B opens it anyway (it had not heard yet, say): it is told to let go, A keeps it and saves again.
    b.slots.getState().claim(id);
    bus.flush();
    expect(b.yielded).toEqual([`${id}:My work`]);
    expect(b.slots.getState().current).toBeUndefined();
    expect(a.slots.getState().current).toBe(id);
    expect(a.yielded).toEqual([]);
    expect(a.contested).toEqual([id]);
    // B shows a copy now: for A, no other tab has the slot open (A may open it again later as its own).
    expect(a.slots.getState().openElsewhere(id)).toBe(false);
  });

  it('two tabs claiming the same slot at once: the earlier claim wins in both tabs', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = tab(storage, bus, 'tab-a', 1_000);
    const b = tab(storage, bus, 'tab-b', 2_000);
    const id = a.slots.getState().create('My work', { yaml: yaml('a') });
    bus.flush();
    // Both claim before either hears the other (B's clock is later).
    b.slots.getState().claim(id);
    a.slots.getState().claim(id);
    bus.flush();
    expect(a.slots.getState().current).toBe(id);
    expect(b.slots.getState().current).toBeUndefined();
    expect(b.yielded).toHaveLength(1);
    expect(a.yielded).toHaveLength(0);
  });

  it("lists follow the other tab's changes live, and a closed tab's slot is free again", () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = tab(storage, bus, 'tab-a', 1_000);
    const b = tab(storage, bus, 'tab-b', 2_000);
    const id = a.slots.getState().create('My work', { yaml: yaml('a') });
    a.slots.getState().claim(id);
    bus.flush();
    expect(b.slots.getState().slots.map((m) => m.name)).toEqual(['My work']);
    a.slots.getState().rename(id, 'Renamed in A');
    bus.flush();
    expect(b.slots.getState().slots.map((m) => m.name)).toEqual(['Renamed in A']);
    // B may not delete what A has open.
    expect(b.slots.getState().remove(id)).toBe(false);
    a.leave();
    bus.flush();
    expect(b.slots.getState().openElsewhere(id)).toBe(false);
    expect(b.slots.getState().remove(id)).toBe(true);
  });

  it("lists another tab's new slot at once, even while this tab's localStorage does not show it yet (Chromium propagates it later)", () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = tab(storage, bus, 'tab-a', 1_000);
    // Tab B reads the list as it was before A wrote (its renderer's copy lags behind).
    let lagging: string | null = storage.getItem(SLOT_INDEX_KEY);
    const behind = Object.assign(Object.create(storage) as FakeStorage, {
      getItem: (key: string) => (key === SLOT_INDEX_KEY ? lagging : storage.getItem(key)),
    });
    const b = createWorkSlots({ storage: behind, now: () => 5_000 });
    b.getState().connect(bus.channel(), 'tab-b', { onYield: () => undefined, onContested: () => undefined });
    const id = a.slots.getState().create('My work', { yaml: yaml('a') });
    bus.flush();
    expect(b.getState().slots.map((m) => [m.id, m.name])).toEqual([[id, 'My work']]);
    // Once its storage shows it, a refresh (the storage event) agrees.
    lagging = storage.getItem(SLOT_INDEX_KEY);
    b.getState().refresh();
    expect(b.getState().slots.map((m) => m.id)).toEqual([id]);
  });

  it('ignores messages that are not ours', () => {
    const storage = new FakeStorage();
    const bus = new FakeBus();
    const a = tab(storage, bus, 'tab-a', 1_000);
    const id = a.slots.getState().create('My work', { yaml: yaml('a') });
    a.slots.getState().claim(id);
    const other = bus.channel();
    for (const data of [
      null,
      'claim',
      { type: 'claim', tab: 'x', slot: id },
      { type: 'held', slot: id, at: 0 },
      { type: 'nonsense', tab: 'x' },
    ])
      bus.queue.push({ to: [...bus.ends].filter((end) => end !== other), message: data as never });
    bus.flush();
    expect(a.slots.getState().current).toBe(id);
    expect(a.yielded).toEqual([]);
  });
});
