import { LineCounter, parseAllDocuments, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics';
import { START_OF_TEXT } from '../diagnostics';
import { PositionIndex } from './positions';
import { parseByDocument } from './by-document';
import { progress } from '../util/progress';
import { duplicateKeys } from './duplicate-keys';

/**
 * The API server refuses request bodies over 3 MiB
 * (k8s.io/apiserver/pkg/server/config.go: MaxRequestBodyBytes = 3 * 1024 * 1024).
 */
export const MAX_TEXT_BYTES = 3 * 1024 * 1024;
/** Aliases one document may expand; more is a "billion laughs" attack (yaml's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;
/** Nesting deeper than any Kubernetes object needs; deeper input is refused, not recursed into. */
export const MAX_DEPTH = 64;

/** One object to apply: a YAML document, or one item of a `kind: List` document. */
export interface Manifest {
  /** 0-based index of the YAML document in the text. */
  document: number;
  /** The object as JSON-like data (what kubectl would send). */
  raw: unknown;
  positions: PositionIndex;
  /** The whole document (or List item) in the text. */
  location: SourceLocation;
}

export interface ParseResult {
  manifests: Manifest[];
  diagnostics: Diagnostic[];
}

function locationOf(lines: LineCounter, range: readonly number[] | null | undefined): SourceLocation {
  if (!range) return START_OF_TEXT;
  const start = lines.linePos(range[0] ?? 0);
  const end = lines.linePos(range[1] ?? range[0] ?? 0);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

class DepthExceeded extends Error {}

function recordPositions(node: YamlNode | null, path: string[], lines: LineCounter, index: PositionIndex): void {
  if (!node) return;
  if (path.length > MAX_DEPTH) throw new DepthExceeded();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode)) continue;
      const keyLoc = locationOf(lines, keyNode.range);
      const valueNode = pair.value as YamlNode | null;
      // A diagnostic about a whole block (a mapping or list) is placed on its key, not on the block.
      const valueLoc = valueNode?.range && !isMap(valueNode) && !isSeq(valueNode) ? locationOf(lines, valueNode.range) : keyLoc;
      const childSegments = [...path, String(keyNode.value)];
      index.setSegments(childSegments, { key: keyLoc, value: valueLoc });
      recordPositions(valueNode, childSegments, lines, index);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const itemNode = item as YamlNode | null;
      if (!itemNode) return;
      const childSegments = [...path, String(i)];
      index.setSegments(childSegments, { value: locationOf(lines, itemNode.range) });
      recordPositions(itemNode, childSegments, lines, index);
    });
  }
  // An alias keeps its own position; its target is recorded where the anchor is defined.
}

function describeNonObject(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The UTF-8 length of `text` without encoding it: 1 byte per ASCII code unit, 2 up to U+07FF, 3
 * for the rest of the BMP, 4 for a surrogate pair (a lone surrogate is U+FFFD, 3 bytes, as
 * TextEncoder writes it).
 */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The API server's refusal of a body over MAX_TEXT_BYTES, checked before anything reads the text:
 * a text of at most MAX_TEXT_BYTES / 3 UTF-16 code units cannot be over the limit (no code unit
 * takes more than 3 bytes), so only longer ones are measured, by counting, never by copying.
 */
export function oversizeText(text: string): Diagnostic | undefined {
  if (text.length * 3 <= MAX_TEXT_BYTES) return undefined;
  const bytes = utf8Length(text);
  if (bytes <= MAX_TEXT_BYTES) return undefined;
  const message = `Request entity too large: limit is ${MAX_TEXT_BYTES} bytes (this text is ${bytes} bytes); the API server refuses larger requests`;
  return { ...START_OF_TEXT, severity: 'error', field: '', type: 'RequestEntityTooLarge', message };
}

/** Splits multi-document YAML into manifests, keeping where every field stands in the text. */
export function parseManifests(text: string): ParseResult {
  const oversize = oversizeText(text);
  if (oversize) return { manifests: [], diagnostics: [oversize] };
  return parseByDocument(text, parseText);
}

/** Parses a whole text (one YAML document or several) into manifests; `documents` counts its YAML documents. */
export function parseText(text: string): ParseResult & { documents: number } {
  // Parsing one document is a single step that cannot report progress: its time grows with its length.
  progress(text.length);
  const diagnostics: Diagnostic[] = [];
  const manifests: Manifest[] = [];
  const lines = new LineCounter();
  let documents: Document.Parsed[];
  try {
    // uniqueKeys off: the library's check is quadratic; duplicateKeys below does it in one pass.
    documents = parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(documents)) documents = [documents];
  } catch (error) {
    diagnostics.push({
      ...START_OF_TEXT,
      severity: 'error',
      field: '',
      type: 'DecodeError',
      message: `YAML could not be parsed: ${String(error)}`,
    });
    return { manifests, diagnostics, documents: 0 };
  }

  documents.forEach((doc, docIndex) => {
    const docLocation = locationOf(lines, doc.contents?.range ?? doc.range);
    let failed = false;
    for (const err of doc.errors) {
      failed = true;
      const [start, end] = err.linePos ?? [];
      diagnostics.push({
        severity: 'error',
        field: '',
        type: 'DecodeError',
        document: docIndex,
        message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        line: start?.line ?? docLocation.line,
        column: start?.col ?? docLocation.column,
        endLine: end?.line ?? start?.line ?? docLocation.line,
        endColumn: end?.col ?? start?.col ?? docLocation.column,
      });
    }
    for (const duplicate of duplicateKeys(doc.contents, lines)) {
      failed = true;
      diagnostics.push({
        severity: 'error',
        field: '',
        type: 'DecodeError',
        document: docIndex,
        message: `YAML syntax error: Map keys must be unique at line ${duplicate.line}, column ${duplicate.col}:`,
        line: duplicate.line,
        column: duplicate.col,
        endLine: duplicate.line,
        endColumn: duplicate.col + 1,
      });
    }
    if (failed) return;
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document: kubectl skips it

    const positions = new PositionIndex();
    let raw: unknown;
    try {
      recordPositions(doc.contents, [], lines, positions);
      positions.setSegments([], { value: docLocation });
      raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message =
        error instanceof DepthExceeded
          ? `YAML nesting is deeper than ${MAX_DEPTH} levels; no Kubernetes object is that deep`
          : error instanceof ReferenceError && /alias/i.test(error.message)
            ? `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT}); refusing a possible "billion laughs" document`
            : `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
      diagnostics.push({ ...docLocation, severity: 'error', field: '', type: 'DecodeError', document: docIndex, message });
      return;
    }

    if (!isPlainObject(raw)) {
      diagnostics.push({
        ...docLocation,
        severity: 'error',
        field: '',
        type: 'DecodeError',
        document: docIndex,
        message: `expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${describeNonObject(raw)}`,
      });
      return;
    }

    if (raw.kind === 'List' && Array.isArray(raw.items)) {
      raw.items.forEach((item: unknown, i: number) => {
        const scoped = positions.scoped(`items[${i}]`);
        manifests.push({ document: docIndex, raw: item, positions: scoped, location: scoped.locate('') ?? docLocation });
      });
      return;
    }
    manifests.push({ document: docIndex, raw, positions, location: docLocation });
  });

  return { manifests, diagnostics, documents: documents.length };
}
