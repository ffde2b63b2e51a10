/**
 * The YAML source as documents: where each document's text starts and ends, which document (or
 * `kind: List` item) holds a given object, and the formatting habits of the text (sequence
 * indentation, flow-map padding) so that generated YAML looks like the user's.
 */
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { duplicateKeys } from '../engine/parse/duplicate-keys';
import type { Document, YAMLMap } from 'yaml';

export type Path = (string | number)[];

export interface SourceDocument {
  doc: Document.Parsed;
  /** [start, end) of the document's text, `---` marker and comments included; spans tile the text. */
  span: [number, number];
}

export interface LocatedObject {
  index: number;
  source: SourceDocument;
  /** [] for a document that is the object, ['items', i] for an item of a `kind: List`. */
  base: Path;
  map: YAMLMap;
}

/**
 * The text's documents, or the first problem that stops an edit: a syntax error or a repeated key,
 * worded as the yaml library words them. The library's own duplicate-key check (`uniqueKeys`) is
 * quadratic in a mapping's size (a 50,000-key `kubectl get cm -o yaml` took minutes, on the page's
 * thread); the keys are checked in one pass instead (src/engine/parse/duplicate-keys.ts).
 */
export function parseSource(text: string): { ok: true; documents: SourceDocument[] } | { ok: false; error: string } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  if (!Array.isArray(docs)) return { ok: true, documents: [] }; // an empty stream
  for (const doc of docs) {
    const syntax = doc.errors[0];
    const duplicate = duplicateKeys(doc.contents, lines)[0];
    // The first problem of the first document that has one, in text order.
    const problem =
      duplicate && (!syntax || duplicate.offset < (syntax.pos[0] ?? 0))
        ? `Map keys must be unique at line ${duplicate.line}, column ${duplicate.col}:`
        : syntax?.message.split('\n')[0];
    if (problem !== undefined) return { ok: false, error: `The YAML has a syntax error (${problem || 'unknown'}); fix it before editing.` };
  }
  let start = 0;
  const documents = docs.map((doc, i) => {
    const end = i === docs.length - 1 ? text.length : doc.range[2];
    const source: SourceDocument = { doc, span: [start, end] };
    start = end;
    return source;
  });
  return { ok: true, documents };
}

function scalarString(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The kind, name and namespace (`default` when none is written) a document's object is stored under. */
export function identity(map: YAMLMap): { kind?: string; name?: string; namespace: string } {
  const meta = map.get('metadata', true);
  const name = isMap(meta) ? scalarString(meta, 'name') : undefined;
  const namespace = (isMap(meta) ? scalarString(meta, 'namespace') : undefined) || 'default';
  return { kind: scalarString(map, 'kind'), name, namespace };
}

/** Every document (or List item) that is `kind`/`name` in `namespace`, in source order. */
export function findObjects(documents: SourceDocument[], kind: string, name: string, namespace = 'default'): LocatedObject[] {
  const found: LocatedObject[] = [];
  documents.forEach((source, index) => {
    const root = source.doc.contents;
    if (!isMap(root)) return;
    const candidates: { base: Path; map: YAMLMap }[] = [{ base: [], map: root }];
    const items = root.get('items', true);
    if (scalarString(root, 'kind') === 'List' && isSeq(items)) {
      items.items.forEach((item, i) => {
        if (isMap(item)) candidates.push({ base: ['items', i], map: item });
      });
    }
    for (const candidate of candidates) {
      const id = identity(candidate.map);
      if (id.kind === kind && id.name === name && id.namespace === namespace) found.push({ index, source, ...candidate });
    }
  });
  return found;
}

export interface Style {
  /** `ports:\n  - port` (true) or `ports:\n- port` (false, kubectl's and the seed's habit). */
  indentSeq: boolean;
  /** `{ app: web }` (true) or `{app: web}` (false). */
  flowCollectionPadding: boolean;
}

/** The habits of the text: a block sequence item at its key's column means unindented sequences. */
export function styleOf(text: string): Style {
  const seq = /^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*#[^\n]*\n)*( *)- /m.exec(text);
  const indentSeq = seq ? (seq[2]?.length ?? 0) > (seq[1]?.length ?? 0) : false;
  const flowCollectionPadding = /\{ \S/.test(text) && !/\{[^\s{}]/.test(text);
  return { indentSeq, flowCollectionPadding };
}
