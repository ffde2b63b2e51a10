/**
 * Duplicate keys are found in one pass (parseText turns the yaml library's quadratic `uniqueKeys`
 * check off) and reported exactly as that check reports them: same places, same words. The
 * library itself, with `uniqueKeys: true`, is the oracle here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineCounter, parseAllDocuments } from 'yaml';
import { runs } from '../../test-support/property';
import { parseManifests } from './manifests';

type Found = { message: string; line: number; column: number };
/** In text order: the library reports a flow mapping's key after the duplicates inside its value, the engine sorts by position anyway. */
const inTextOrder = (found: Found[]): Found[] => [...found].sort((a, b) => a.line - b.line || a.column - b.column);

/** What the library's own check says: the first line of each DUPLICATE_KEY error and where it starts. */
function libraryDuplicates(text: string): Found[] {
  const lines = new LineCounter();
  return inTextOrder(
    parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: true })
      .flatMap((doc) => doc.errors)
      .filter((e) => e.code === 'DUPLICATE_KEY')
      .map((e) => ({
        message: `YAML syntax error: ${e.message.split('\n')[0] ?? ''}`,
        line: e.linePos?.[0].line ?? 0,
        column: e.linePos?.[0].col ?? 0,
      })),
  );
}

function ours(text: string): Found[] {
  return parseManifests(text)
    .diagnostics.filter((d) => d.message.includes('Map keys must be unique'))
    .map((d) => ({ message: d.message, line: d.line, column: d.column }));
}

describe('duplicate keys in one pass (yaml compose/util-map-includes.js mapIncludes semantics)', () => {
  it.each([
    ['top level', 'kind: Service\nkind: Pod\n'],
    ['nested block mapping', 'metadata:\n  labels:\n    a: "1"\n    b: "2"\n    a: "3"\n'],
    ['flow mapping', 'spec: {selector: {app: a, app: b}}\n'],
    ['in a list item', 'items:\n- name: x\n  name: y\n- name: z\n'],
    ['several, in text order', 'a: 1\nb: {c: 1, c: 2}\na: 3\nd:\n  e: 1\n  e: 2\n'],
    ['quoted and plain spellings of one string', 'x: 1\n"x": 2\n\'x\': 3\n'],
    ['null keys: ~, null and an empty key', '~: 1\nnull: 2\n'],
    ['numbers and booleans by value', '1: a\n0x1: b\ntrue: c\nTrue: d\n'],
    ['a number and a string are different keys', '1: a\n"1": b\n'],
    ['.nan is never equal to itself', '.nan: a\n.nan: b\n'],
    ['anchored and tagged keys', '&k a: 1\n!!str a: 2\n'],
    ['explicit keys', '? a\n: 1\n? a\n: 2\n'],
    ['merge keys', 'base: &b {x: 1}\nother: &o {y: 1}\nm:\n  <<: *b\n  <<: *o\n'],
    ['a second document', 'a: 1\n---\nb: 1\nb: 2\n'],
    ['a long line', `data:\n  ${'k'.repeat(100)}: 1\n  ${'k'.repeat(100)}: 2\n`],
  ])('%s: as the library reports them', (_, text) => {
    expect(ours(text)).toEqual(libraryDuplicates(text));
  });

  it('a duplicate refuses its document, located on the repeated key', () => {
    const { manifests, diagnostics } = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "1"\n  a: "2"\n');
    expect(manifests).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        field: '',
        type: 'DecodeError',
        document: 0,
        message: 'YAML syntax error: Map keys must be unique at line 6, column 3:',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 4,
      },
    ]);
  });

  it(`${runs(500).toLocaleString('en')} random nested mappings: the same duplicates as the library's check`, () => {
    const key = fc.constantFrom('a', 'b', '"a"', '1', '"1"', '~', 'null', 'true', '0x1');
    const leaf = fc.constantFrom('1', 'x', '"s"', '[1, 2]', '{}');
    const mapping: fc.Arbitrary<string> = fc.letrec<{ node: string; map: string }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('map')),
      map: fc.array(fc.tuple(key, tie('node')), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    })).map;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, mapping), { minLength: 1, maxLength: 6 }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}: ${v}`).join('\n');
        expect(ours(text)).toEqual(libraryDuplicates(text));
      }),
      { numRuns: runs(500), seed: 1414 },
    );
  });
});
