/**
 * Small text edits of one YAML document that leave every other character alone: replace a
 * scalar in place, add a key to a block mapping, delete a key's lines, add or remove a whole
 * document. Where the layout makes that unsafe (flow collections, a key sharing its line with a
 * `- `), the change is made on the yaml Document and only that document is re-serialized, which
 * still keeps its comments.
 */
import { isMap, isScalar, stringify } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { LocatedObject, Path, Style } from './source';

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The position after the newline that ends the line holding `pos - 1` (or the end of the text). */
function afterLine(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function range(node: Node | null | undefined): [number, number, number] | undefined {
  return node?.range ?? undefined;
}

function render(value: unknown, style: Style): string {
  return stringify(value, { indentSeq: style.indentSeq, flowCollectionPadding: style.flowCollectionPadding, lineWidth: 0 }).trimEnd();
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** Replaces the whole document's text by its re-serialization after `change`. */
function reserialize(text: string, target: LocatedObject, style: Style, change: (doc: LocatedObject['source']['doc']) => void): string {
  const { doc, span } = target.source;
  change(doc);
  let out = doc.toString({ indentSeq: style.indentSeq, flowCollectionPadding: style.flowCollectionPadding, lineWidth: 0 });
  if (span[1] === text.length && !text.endsWith('\n')) out = out.replace(/\n$/, '');
  return text.slice(0, span[0]) + out + text.slice(span[1]);
}

/** Sets `path` (relative to the object) to `value`. */
export function setValue(text: string, target: LocatedObject, path: Path, value: unknown, style: Style): string {
  const full = [...target.base, ...path];
  const fallback = (): string => reserialize(text, target, style, (doc) => doc.setIn(full, doc.createNode(value)));
  const doc = target.source.doc;
  const existing = doc.getIn(full, true) as Node | undefined;
  const isPlainValue = value === null || typeof value !== 'object';
  if (existing && isScalar(existing) && isPlainValue) {
    const r = range(existing);
    if (!r) return fallback();
    return text.slice(0, r[0]) + render(value, style) + text.slice(r[1]);
  }
  if (existing) return fallback(); // a collection: callers delete it first to keep the layout
  const parent = doc.getIn(full.slice(0, -1), true);
  const key = full.at(-1);
  if (!isMap(parent) || parent.flow || parent.items.length === 0 || typeof key !== 'string') return fallback();
  const first = range(parent.items[0]?.key as Node | undefined);
  const last = parent.items.at(-1);
  const end = range((last?.value ?? last?.key) as Node | undefined);
  if (!first || !end) return fallback();
  const indent = ' '.repeat(first[0] - lineStart(text, first[0]));
  const lines = isPlainValue
    ? [`${indent}${render(key, style)}: ${render(value, style)}`]
    : [
        `${indent}${render(key, style)}:`,
        ...render(value, style)
          .split('\n')
          .map((l) => `${indent}  ${l}`),
      ];
  const at = afterLine(text, end[1]);
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return `${text.slice(0, at)}${prefix}${lines.join('\n')}\n${text.slice(at)}`;
}

/**
 * Deletes `path`; a mapping left empty by it goes too (`status: {loadBalancer: ...}` entirely),
 * up to the object itself. Nothing to delete leaves the text as it is. Returns undefined only
 * when `allowFallback` is false and the layout needs re-serialization.
 */
export function deleteKey(text: string, target: LocatedObject, path: Path, style: Style, allowFallback = true): string | undefined {
  const doc = target.source.doc;
  let rel = path;
  while (rel.length > 1) {
    const parent = doc.getIn([...target.base, ...rel.slice(0, -1)], true);
    if (!isMap(parent) || parent.items.length !== 1) break;
    rel = rel.slice(0, -1);
  }
  const full = [...target.base, ...rel];
  if (!doc.hasIn(full)) return text;
  const parent = doc.getIn(full.slice(0, -1), true);
  const key = full.at(-1);
  const pair = isMap(parent) && typeof key === 'string' ? pairOf(parent, key) : undefined;
  const keyRange = range(pair?.key as Node | undefined);
  const valueEnd = range((pair?.value ?? pair?.key) as Node | undefined);
  const start = keyRange ? lineStart(text, keyRange[0]) : -1;
  if (isMap(parent) && !parent.flow && parent.items.length > 1 && keyRange && valueEnd && text.slice(start, keyRange[0]).trim() === '') {
    return text.slice(0, start) + text.slice(afterLine(text, valueEnd[1]));
  }
  if (!allowFallback) return undefined;
  return reserialize(text, target, style, (d) => d.deleteIn(full));
}

/** Adds a document after the given one. */
export function insertDocumentAfter(text: string, target: LocatedObject, documentText: string): string {
  const at = target.source.span[1];
  const before = text.slice(0, at);
  const separator = before.length === 0 || before.endsWith('\n') ? '' : '\n';
  return `${before}${separator}---\n${documentText.trimEnd()}\n${text.slice(at)}`;
}

/** Removes a whole document (its `---` marker and comments included). */
export function removeDocument(text: string, target: LocatedObject): string {
  const [start, end] = target.source.span;
  return text.slice(0, start) + text.slice(end);
}

/** Replaces a whole document's text, keeping its `---` marker (and the text's lack of a final newline). */
export function replaceDocument(text: string, target: LocatedObject, documentText: string): string {
  const [start, end] = target.source.span;
  const old = text.slice(start, end);
  const marker = /^(?:[ \t]*\n)*---[ \t]*\n/.exec(old)?.[0] ?? '';
  const newline = old.endsWith('\n') ? '\n' : '';
  return `${text.slice(0, start)}${marker}${documentText.trim()}${newline}${text.slice(end)}`;
}

/** Adds a document at the end of the text. */
export function appendDocument(text: string, documentText: string): string {
  if (text.trim() === '') return `${documentText.trim()}\n`;
  return `${text}${text.endsWith('\n') ? '' : '\n'}---\n${documentText.trim()}\n`;
}
