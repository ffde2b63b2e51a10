import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../../test-support/property';
import { parseManifests, parseText } from './manifests';
import type { ParseResult } from './manifests';
import { splitDocuments } from './by-document';
import { CATALOG } from '../../scenarios/catalog';

/** Every path of a parsed object, as the validators write them (`spec.ports[0].port`), plus one missing field under each. */
function pathsOf(value: unknown, path = ''): string[] {
  const here = path === '' ? [] : [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, `${path}[${i}]`))];
  if (typeof value === 'object' && value !== null) {
    const child = (key: string) => (path === '' ? key : `${path}.${key}`);
    return [...here, child('missingField'), ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, child(k)))];
  }
  return here;
}

/** What a caller can see of a parse: objects, where each of their fields stands, diagnostics. */
function observable(result: ParseResult) {
  return {
    diagnostics: result.diagnostics,
    manifests: result.manifests.map((m) => ({
      document: m.document,
      raw: m.raw,
      location: m.location,
      positions: pathsOf(m.raw).map((p) => [p, m.positions.locate(p), m.positions.exact(p)?.key]),
    })),
  };
}

function sameAsWholeText(text: string): void {
  expect(observable(parseManifests(text))).toEqual(observable(parseText(text)));
}

describe('parsing one YAML document at a time', () => {
  it('cuts before each --- line; leading comments stay with the first document', () => {
    const text = '# c\n\n---\na: 1\n--- # two\nb: 2\n---\n';
    expect(splitDocuments(text)).toEqual([
      { text: '# c\n\n---\na: 1\n', lineOffset: 0 },
      { text: '--- # two\nb: 2\n', lineOffset: 4 },
      { text: '---\n', lineOffset: 6 },
    ]);
    // `---` inside a line, indented, or followed by more dashes starts nothing.
    expect(splitDocuments('a: ---\n  ---\n----\nb: 1\n')).toHaveLength(1);
  });

  it('leaves texts with directives or document-end markers to the whole-text parser', () => {
    expect(splitDocuments('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
    expect(splitDocuments('a: 1\n...\n---\nb: 2\n')).toBeUndefined();
  });

  it('gives the same objects, positions and diagnostics as parsing the whole text, for every built-in scenario', () => {
    for (const scenario of CATALOG) sameAsWholeText(scenario.yaml);
  });

  it("places a later document's syntax error on its line in the whole text, message included", () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b\n';
    const [error] = parseManifests(text).diagnostics;
    expect(error).toMatchObject({ severity: 'error', document: 1, line: 8 });
    sameAsWholeText(text);
  });

  it("does not parse an unchanged document again: an edit of one gives the others' very objects back", () => {
    const service = (name: string, port: number) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: ${port}}]}\n`;
    const before = parseManifests(`${service('kept', 80)}---\n${service('edited', 80)}`).manifests;
    const after = parseManifests(`${service('kept', 80)}---\n${service('edited', 81)}`).manifests;
    expect(after[0]?.raw).toBe(before[0]?.raw);
    expect(after[1]?.raw).not.toBe(before[1]?.raw);
    expect(after[1]?.raw).toMatchObject({ spec: { ports: [{ port: 81 }] } });
  });

  it('hands out frozen objects: an edit of one document cannot change the cached others', () => {
    const [first] = parseManifests('a: {b: [1]}\n---\nc: 2\n').manifests;
    expect(Object.isFrozen(first?.raw)).toBe(true);
    expect(() => {
      'use strict';
      (first?.raw as { a: { b: number[] } }).a.b.push(2);
    }).toThrow(TypeError);
  });

  it('is the same as parsing the whole text for any mix of documents, separators, comments and broken lines (property)', () => {
    const line = fc.constantFrom(
      '---',
      '--- # next',
      '---\t',
      '--- !!map',
      '--- {a: 1}',
      '----',
      ' ---',
      '# comment',
      '',
      '   ',
      'apiVersion: v1',
      'kind: Service',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: p}',
      'metadata:',
      '  name: web',
      '  labels: {app: web}',
      'spec:',
      '  ports:',
      '  - port: 80',
      '    targetPort: 8080',
      'data: |',
      '  text',
      'q: "open',
      'still open"',
      'f: [1,',
      '2]',
      'a: &x {b: 1}',
      'c: *x',
      'd: *missing',
      'key: ---',
      ': : :',
      '\tbad: tab',
      'dup: 1',
      'dup: 2',
      '- item',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.boolean(), (lines, crlf, finalNewline) => {
        const eol = crlf ? '\r\n' : '\n';
        sameAsWholeText(lines.join(eol) + (finalNewline ? eol : ''));
      }),
      { numRuns: runs(1500) },
    );
  });
});
