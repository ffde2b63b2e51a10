import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES, parseManifests } from './manifests';
import { pathSegments } from './positions';

describe('parseManifests', () => {
  it('splits documents, skips empty ones, and keeps every field position', () => {
    const text = '---\n# only a comment\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';
    const { manifests, diagnostics } = parseManifests(text);
    expect(diagnostics).toEqual([]);
    expect(manifests).toHaveLength(1);
    const m = manifests[0];
    expect(m?.document).toBe(1); // the leading --- opens document 0
    expect(m?.positions.locate('spec.ports[0].port')).toMatchObject({ line: 10, column: 11 });
    expect(m?.positions.locate('metadata.name')).toMatchObject({ line: 7, column: 9 });
    // A missing field is placed on its nearest present parent's key.
    expect(m?.positions.locate('spec.ports[0].name')).toMatchObject({ line: 10, column: 5 });
    expect(m?.positions.locate('spec.selector')).toMatchObject({ line: 8, column: 1 });
  });

  it('finds map keys written with dots or slashes through either path form', () => {
    const { manifests } = parseManifests('metadata:\n  labels:\n    app.kubernetes.io/name: web\n');
    const positions = manifests[0]?.positions;
    expect(positions?.locate('metadata.labels[app.kubernetes.io/name]')).toMatchObject({ line: 3, column: 29 });
    expect(pathSegments('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });

  it('expands a kind: List into its items, with positions relative to each item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata: {name: a}',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata:',
      '    name: b',
    ].join('\n');
    const { manifests } = parseManifests(text);
    expect(manifests.map((m) => (m.raw as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
    expect(manifests[1]?.positions.locate('metadata.name')).toMatchObject({ line: 10, column: 11 });
  });

  it('reports YAML syntax errors with their line and column', () => {
    const { diagnostics } = parseManifests('apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', line: 5, column: 1 }); // where the parser finds the list unclosed
    expect(diagnostics[0]?.message).toMatch(/^YAML syntax error/);
  });

  it('refuses duplicate keys as the API server decoder does', () => {
    const { diagnostics } = parseManifests('kind: Service\nkind: Pod\n');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', line: 2 });
  });

  it('refuses a "billion laughs" alias bomb with a clear message', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    const { manifests, diagnostics } = parseManifests(bomb);
    expect(manifests).toEqual([]);
    expect(diagnostics[0]?.message).toContain('billion laughs');
  });

  it('refuses text over the API server request limit of 3 MiB', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\ndata:\n  x: "${'a'.repeat(MAX_TEXT_BYTES)}"\n`;
    const { diagnostics } = parseManifests(big);
    expect(diagnostics[0]?.message).toContain('Request entity too large');
  });

  it('refuses nesting deeper than any object needs', () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    const { diagnostics } = parseManifests(deep);
    expect(diagnostics[0]?.severity).toBe('error');
  });

  it('a document that is not a mapping is an error on that document', () => {
    const { diagnostics } = parseManifests('just a string\n---\n- a list\n');
    expect(diagnostics.map((d) => [d.line, d.message.slice(0, 38)])).toEqual([
      [1, 'expected a Kubernetes object (a mappin'],
      [3, 'expected a Kubernetes object (a mappin'],
    ]);
  });
});
