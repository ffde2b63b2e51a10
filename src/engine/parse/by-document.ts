/**
 * Parsing document by document, with a cache: an edit changes one YAML document of many, so the
 * others are not parsed again (parsing was ~40% of createCluster at 50 Services). The result is
 * the same as parsing the whole text at once; where that cannot be known cheaply (directives,
 * `...` document ends, a piece holding more than one document or a syntax error) the whole text
 * is parsed.
 */
import type { SourceLocation } from '../diagnostics';
import type { Manifest, ParseResult } from './manifests';

/** A run of lines holding one YAML document; `lineOffset` lines of the text come before it. */
export interface DocumentText {
  text: string;
  lineOffset: number;
}

/** A line that starts a document: `---` alone or followed by a space or tab (YAML 1.2 c-directives-end). */
const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
/** Lines that would need the whole text's context: directives (`%YAML`) and document ends (`...`). */
const NEEDS_WHOLE_TEXT = /^(?:%|\.\.\.(?:[ \t]|$))/m;
/** Only blank lines and comments: they belong to the document that follows. */
const NOTHING_BUT_COMMENTS = /^(?:[ \t]*(?:#.*)?(?:\r?\n|$))*$/;
/**
 * A document whose last line is a comment: the parser ends it at the comment or at the next
 * `---` depending on what follows, so it cannot be parsed apart from the text after it.
 */
const ENDS_WITH_COMMENT = /(?:^|\n)[ \t]*#[^\n]*(?:\r?\n[ \t\r]*)*$/;

/**
 * Cuts the text before each `---` line. Leading blank and comment lines stay with the first
 * document, as the YAML parser attaches them. Undefined when the text needs parsing as a whole.
 */
export function splitDocuments(text: string): DocumentText[] | undefined {
  if (NEEDS_WHOLE_TEXT.test(text)) return undefined;
  const pieces: DocumentText[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let offset = 0;
  while (offset <= text.length) {
    const end = text.indexOf('\n', offset);
    const lineEnd = end < 0 ? text.length : end;
    if (offset > start && DOCUMENT_START.test(text.slice(offset, Math.min(lineEnd, offset + 4)))) {
      pieces.push({ text: text.slice(start, offset), lineOffset: startLine });
      start = offset;
      startLine = line;
    }
    if (end < 0) break;
    offset = end + 1;
    line++;
  }
  pieces.push({ text: text.slice(start), lineOffset: startLine });
  const first = pieces[0];
  const second = pieces[1];
  if (first && second && NOTHING_BUT_COMMENTS.test(first.text)) {
    pieces.splice(0, 2, { text: first.text + second.text, lineOffset: 0 });
  }
  return pieces;
}

interface ParsedPiece extends ParseResult {
  documents: number;
}

/** Parsed pieces by their text. Their manifests are frozen: every createCluster shares them. */
const cache = new Map<string, ParsedPiece>();
/** Enough for several versions of a large text; the cache is emptied past it. */
const MAX_CACHED_PIECES = 4096;

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

function parsePiece(text: string, parse: (text: string) => ParsedPiece): ParsedPiece {
  const known = cache.get(text);
  if (known) return known;
  const parsed = parse(text);
  for (const manifest of parsed.manifests) deepFreeze(manifest.raw);
  if (cache.size >= MAX_CACHED_PIECES) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function moved<T extends SourceLocation>(location: T, lines: number): T {
  return lines === 0 ? location : { ...location, line: location.line + lines, endLine: location.endLine + lines };
}

/**
 * Parses the text one document at a time, each through the cache, with lines and document numbers
 * as they would be for the whole text; or the whole text at once where it must be.
 */
export function parseByDocument(text: string, parse: (text: string) => ParsedPiece): ParseResult {
  const pieces = splitDocuments(text);
  if (!pieces || pieces.length === 1 || pieces.slice(0, -1).some((p) => ENDS_WITH_COMMENT.test(p.text))) return parse(text);
  const parsed = pieces.map((piece) => parsePiece(piece.text, parse));
  // A document cut short by a `---` inside an unclosed quote or bracket is an error here but may
  // read differently as part of the whole text: on any error, the whole text decides.
  if (parsed.some((p) => p.documents > 1 || p.diagnostics.length > 0)) return parse(text);
  const manifests: Manifest[] = [];
  let documents = 0;
  pieces.forEach((piece, i) => {
    const result = parsed[i];
    if (!result) return;
    const lines = piece.lineOffset;
    for (const m of result.manifests) {
      manifests.push({
        document: documents + m.document,
        raw: m.raw,
        positions: m.positions.movedDown(lines),
        location: moved(m.location, lines),
      });
    }
    documents += result.documents;
  });
  return { manifests, diagnostics: [] };
}
