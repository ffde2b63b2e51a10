/**
 * The what-if undo history, kept small. A YAML edit is stored as the one splice that turns the
 * text before it into the text after it (the common prefix and suffix left out), not as two
 * copies of the whole document: a 1 MB document with two what-ifs used to be 5 MB of autosave,
 * more than a browser's storage for an origin holds. The history is bounded too (entries and
 * characters), oldest steps dropped first, so no sequence of what-ifs outgrows the storage.
 */
import type { SimulationAction } from '../engine/index';

/** `removed` at offset `at` of the text before became `inserted` (UTF-16 offsets, never inside a surrogate pair). */
export interface Splice {
  at: number;
  removed: string;
  inserted: string;
}

/**
 * One what-if step the toolbar's undo/redo can take back: a runtime action, or a YAML edit as a
 * splice with a fingerprint of the whole text before and after it (undo and redo only apply to
 * the very text the edit left, never to text typed over since).
 */
export type HistoryEntry =
  { kind: 'action'; action: SimulationAction } | { kind: 'edit'; description: string; splice: Splice; before: string; after: string };

/** At most this many undoable steps are kept. */
export const MAX_HISTORY_ENTRIES = 100;
/** At most this many characters of splices and descriptions are kept (about 512 KB). */
export const MAX_HISTORY_CHARS = 256 * 1024;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The smallest splice that turns `before` into `after`. */
export function spliceBetween(before: string, after: string): Splice {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // A common high surrogate whose low halves differ belongs to the changed character.
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // A common low surrogate whose high halves differ belongs to the changed character too.
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return { at: prefix, removed: before.slice(prefix, before.length - suffix), inserted: after.slice(prefix, after.length - suffix) };
}

/** The text after the edit, from the text before it. */
export function applySplice(before: string, s: Splice): string {
  return before.slice(0, s.at) + s.inserted + before.slice(s.at + s.removed.length);
}

/** The text before the edit, from the text after it. */
export function revertSplice(after: string, s: Splice): string {
  return after.slice(0, s.at) + s.removed + after.slice(s.at + s.inserted.length);
}

/**
 * A fingerprint of a text: its length and a 53-bit hash (cyrb53, public domain,
 * https://github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js). Not cryptographic:
 * it only tells the text an edit left from the same text typed over.
 */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length.toString(36)}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/** The history entry of a YAML edit from `before` to `after`. */
export function editEntry(before: string, after: string, description: string): HistoryEntry {
  return { kind: 'edit', description, splice: spliceBetween(before, after), before: fingerprint(before), after: fingerprint(after) };
}

function charsOf(entry: HistoryEntry): number {
  return entry.kind === 'edit'
    ? entry.splice.removed.length + entry.splice.inserted.length + entry.description.length
    : JSON.stringify(entry.action).length;
}

/** The newest entries within the bounds (entries and characters); the oldest are dropped first. */
export function bounded(entries: readonly HistoryEntry[]): HistoryEntry[] {
  let chars = 0;
  let keep = 0;
  for (let i = entries.length - 1; i >= 0 && keep < MAX_HISTORY_ENTRIES; i--) {
    chars += charsOf(entries[i] as HistoryEntry);
    if (chars > MAX_HISTORY_CHARS) break;
    keep++;
  }
  return entries.slice(entries.length - keep);
}

/**
 * What undo does to the text: the text before the edit, or undefined when the text is not the
 * one the edit left (typed over since: that edit is the editor's to undo).
 */
export function undoText(yaml: string, entry: Extract<HistoryEntry, { kind: 'edit' }>): string | undefined {
  return fingerprint(yaml) === entry.after ? revertSplice(yaml, entry.splice) : undefined;
}

/** What redo does to the text: the text after the edit, or undefined when the text is not the one it started from. */
export function redoText(yaml: string, entry: Extract<HistoryEntry, { kind: 'edit' }>): string | undefined {
  return fingerprint(yaml) === entry.before ? applySplice(yaml, entry.splice) : undefined;
}

/** A history as an older svcscope saved it (whole copies before and after each edit), as splices, bounded. */
export function fromLegacyHistory(entries: unknown): HistoryEntry[] {
  if (!Array.isArray(entries)) return [];
  const out: HistoryEntry[] = [];
  for (const e of entries as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const entry = e as Record<string, unknown>;
    if (entry.kind === 'action' && typeof entry.action === 'object' && entry.action !== null)
      out.push({ kind: 'action', action: entry.action as SimulationAction });
    else if (entry.kind === 'edit' && typeof entry.before === 'string' && typeof entry.after === 'string') {
      out.push(editEntry(entry.before, entry.after, typeof entry.description === 'string' ? entry.description : 'Edit'));
    }
  }
  return bounded(out);
}
