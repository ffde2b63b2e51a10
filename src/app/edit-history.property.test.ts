/**
 * What-if undo as splices (fast-check): for random documents (YAML-like text, any Unicode,
 * astral characters split or not) and random edits,
 * - a splice turns the text before into the text after and back, and never splits a surrogate
 *   pair the two texts share;
 * - the document store, which keeps splices, behaves step for step like one keeping whole copies
 *   (the former implementation, as a model): undo, redo, typing over an edit, runtime actions,
 *   a reload from the saved history; and redo∘undo and undo∘redo are the identity.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { applySplice, MAX_HISTORY_ENTRIES, revertSplice, spliceBetween } from './edit-history';
import { createDocumentStore } from './stores/document';
import type { DocumentState } from './stores/document';
import type { SimulationAction } from '../engine/index';

const yamlish = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '-', '\n', '#', '1', 'é'), maxLength: 60 });
const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const text = fc.oneof(yamlish, anyText);

/** An edit of `doc`: the code units from `from` to `to` replaced by `inserted` (it may split a surrogate pair). */
const editOf = (doc: string, cut: { a: number; b: number; inserted: string }) => {
  const from = Math.min(cut.a, cut.b) % (doc.length + 1);
  const to = Math.min(doc.length, from + (Math.max(cut.a, cut.b) % (doc.length + 1)));
  return doc.slice(0, from) + cut.inserted + doc.slice(to);
};
const cut = fc.record({ a: fc.nat(80), b: fc.nat(80), inserted: text });

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** No lone surrogate (String.prototype.isWellFormed is ES2024). */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
/** Whether offset `i` falls between the halves of a surrogate pair of `s`. */
const splitsPair = (s: string, i: number) => i > 0 && i < s.length && isHigh(s.charCodeAt(i - 1)) && isLow(s.charCodeAt(i));

describe('splices', () => {
  it(`turn the text before into the text after and back (${runs(2000)} runs)`, () => {
    const seen = { insert: 0, remove: 0, replace: 0, same: 0, atStart: 0, atEnd: 0, astral: 0 };
    fc.assert(
      fc.property(text, cut, (before, c) => {
        const after = editOf(before, c);
        const s = spliceBetween(before, after);
        expect(applySplice(before, s)).toBe(after);
        expect(revertSplice(after, s)).toBe(before);
        // Only the changed part is kept.
        expect(s.removed.length + s.inserted.length).toBeLessThanOrEqual(before.length + after.length);
        if (before !== after) expect(s.removed.length + s.inserted.length).toBeGreaterThan(0);
        // Well-formed pairs on both sides of the splice stay whole.
        if (!wellFormed(before) || !wellFormed(after)) return;
        expect(splitsPair(before, s.at) || splitsPair(before, s.at + s.removed.length)).toBe(false);
        expect(splitsPair(after, s.at + s.inserted.length)).toBe(false);
        if (before === after) seen.same++;
        else if (!s.removed) seen.insert++;
        else if (!s.inserted) seen.remove++;
        else seen.replace++;
        if (before !== after && s.at === 0) seen.atStart++;
        if (before !== after && s.at + s.removed.length === before.length) seen.atEnd++;
        if (/[\ud800-\udbff]/.test(before + after)) seen.astral++;
      }),
      { numRuns: runs(2000), seed: 14 },
    );
    // What the property covered: every kind of edit, at both ends, with astral characters.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
});

/** The former history, whole copies before and after each edit: the model the store must follow. */
type ModelEntry = { kind: 'action'; action: SimulationAction } | { kind: 'edit'; before: string; after: string };
interface Model {
  yaml: string;
  actions: SimulationAction[];
  history: ModelEntry[];
  future: ModelEntry[];
}

/** Undo in the model; whether a step was taken back (false: nothing to undo, or typed over). */
function modelUndo(m: Model): boolean {
  const last = m.history.pop();
  if (!last) return false;
  if (last.kind === 'action') {
    const key = JSON.stringify(last.action);
    const at = m.actions.findLastIndex((a) => JSON.stringify(a) === key);
    if (at >= 0) m.actions.splice(at, 1);
  } else if (m.yaml === last.after) m.yaml = last.before;
  else return false;
  m.future.push(last);
  return true;
}

function modelRedo(m: Model): boolean {
  const next = m.future.pop();
  if (!next) return false;
  if (next.kind === 'action') m.actions.push(next.action);
  else if (m.yaml === next.before) m.yaml = next.after;
  else return false;
  m.history.push(next);
  keepBound(m.history);
  return true;
}

const keepBound = (entries: ModelEntry[]) => entries.splice(0, Math.max(0, entries.length - MAX_HISTORY_ENTRIES));

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), cut }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('act' as const), node: fc.constantFrom('node-1', 'node-2') }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redo' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('type' as const), typed: fc.string({ minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const) }) },
);

const visible = (s: Pick<DocumentState, 'yaml' | 'actions'>) => ({ yaml: s.yaml, actions: s.actions });

describe('the document store’s what-if history', () => {
  it(`follows the whole-copies model step for step, and undo and redo undo each other (${runs(600)} runs)`, () => {
    const seen = { undoneEdits: 0, redoneEdits: 0, typedOver: 0, reloads: 0, bounded: 0 };
    fc.assert(
      fc.property(text, fc.array(op, { maxLength: 60 }), fc.boolean(), (initial, ops, long) => {
        // Some runs take well over MAX_HISTORY_ENTRIES steps, so the bound drops old ones.
        const steps = long ? [...ops, ...Array.from({ length: MAX_HISTORY_ENTRIES + 20 }, () => ops.find((o) => o.kind === 'edit'))] : ops;
        const store = createDocumentStore();
        store.getState().load({ yaml: initial });
        const m: Model = { yaml: initial, actions: [], history: [], future: [] };
        const s = () => store.getState();
        for (const o of steps) {
          if (!o) continue;
          switch (o.kind) {
            case 'edit': {
              const after = editOf(s().yaml, o.cut);
              s().edit(after, 'a what-if');
              m.history.push({ kind: 'edit', before: m.yaml, after });
              m.future = [];
              m.yaml = after;
              if (keepBound(m.history).length) seen.bounded++;
              break;
            }
            case 'act': {
              const action: SimulationAction = { type: 'setNodeReady', node: o.node, ready: false };
              s().act(action);
              m.actions.push(action);
              m.history.push({ kind: 'action', action });
              m.future = [];
              keepBound(m.history);
              break;
            }
            case 'type':
              s().setYaml(s().yaml + o.typed);
              m.yaml += o.typed;
              break;
            case 'reload': {
              // What a work slot keeps (JSON), opened again: the redo steps are not kept.
              const saved = JSON.parse(JSON.stringify({ yaml: s().yaml, actions: s().actions, history: s().history })) as Pick<
                DocumentState,
                'yaml' | 'actions' | 'history'
              >;
              store.getState().load(saved, { slotId: 'slot' });
              m.future = [];
              seen.reloads++;
              break;
            }
            case 'undo': {
              const before = visible(s());
              const last = m.history.at(-1);
              s().undo();
              if (modelUndo(m)) {
                if (last?.kind === 'edit') seen.undoneEdits++;
                // undo, then redo: back where it was; and undo again.
                const undone = visible(s());
                s().redo();
                expect(visible(s())).toEqual(before);
                s().undo();
                expect(visible(s())).toEqual(undone);
              } else if (last?.kind === 'edit') seen.typedOver++;
              break;
            }
            case 'redo': {
              const before = visible(s());
              const next = m.future.at(-1);
              s().redo();
              if (modelRedo(m)) {
                if (next?.kind === 'edit') seen.redoneEdits++;
                const redone = visible(s());
                s().undo();
                expect(visible(s())).toEqual(before);
                s().redo();
                expect(visible(s())).toEqual(redone);
              }
              break;
            }
          }
          expect(visible(s())).toEqual({ yaml: m.yaml, actions: m.actions });
          expect(s().history.length).toBe(m.history.length);
          expect(s().future.length).toBe(m.future.length);
        }
      }),
      { numRuns: runs(600), seed: 2026 },
    );
    // What the property covered: edits undone and redone, typing over an edit, reloads, the bound.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
});
