/**
 * The editor side's parse of the document (what-if edits, scenarios' `kubectl apply`): repeated
 * keys are refused with the yaml library's words and place, found in one pass rather than by the
 * library's quadratic `uniqueKeys` check (minutes for a 50,000-key `kubectl get cm -o yaml`).
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseSource } from './source';

/** What parseSource said when the library checked the keys itself (uniqueKeys on). */
function libraryVerdict(text: string): string | undefined {
  const broken = parseAllDocuments(text).find((d) => d.errors.length > 0);
  return broken
    ? `The YAML has a syntax error (${broken.errors[0]?.message.split('\n')[0] ?? 'unknown'}); fix it before editing.`
    : undefined;
}

function verdict(text: string): string | undefined {
  const parsed = parseSource(text);
  return parsed.ok ? undefined : parsed.error;
}

/** A ConfigMap whose `data` holds `keys` keys, as `kubectl get cm -o yaml` prints a large one. */
function configMap(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  key-${i}: "value-${i}"`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${data}\n`;
}

describe('parsing the document for an edit', () => {
  it.each([
    ['no problem', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n'],
    ['a repeated top-level key', 'kind: Service\nkind: Pod\n'],
    ['a repeated key in a nested mapping', 'metadata:\n  labels:\n    a: "1"\n    b: "2"\n    a: "3"\n'],
    ['in a flow mapping', 'spec: {selector: {app: a, app: b}}\n'],
    ['in a list item', 'items:\n- name: x\n  name: y\n'],
    ['quoted and plain spellings of one key', 'x: 1\n"x": 2\n'],
    ['a number and a string are different keys', '1: a\n"1": b\n'],
    ['in the second document', 'a: 1\n---\nb: 1\nb: 2\n'],
    ['a syntax error', 'a: [1, 2\nb: 1\n'],
    ['a syntax error after a repeated key', 'a: 1\na: 2\nb: [1\n'],
    ['a repeated key after a syntax error', 'b: "x\n---\na: 1\na: 2\n'],
    ['merge keys are plain keys without merge', 'base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n'],
  ])('%s: as the library says it', (_, text) => {
    expect(verdict(text)).toBe(libraryVerdict(text));
  });

  it('reads a 50,000-key mapping (a large kubectl get cm -o yaml) and finds the one repeated key at its end', () => {
    const text = configMap(50_000);
    const parsed = parseSource(text);
    expect(parsed.ok && parsed.documents).toHaveLength(1);
    // Line 6 holds key-0, so key-49999 is on line 50005 and its repeat on 50006.
    expect(verdict(`${text}  key-49999: "again"\n`)).toBe(
      'The YAML has a syntax error (Map keys must be unique at line 50006, column 3:); fix it before editing.',
    );
  });
});
