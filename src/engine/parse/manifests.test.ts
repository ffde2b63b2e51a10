import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES, oversizeText, parseManifests } from './manifests';
import { createCluster } from '../index';
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

  // k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes: the size is counted in UTF-8 bytes,
  // as TextEncoder (and the HTTP body) counts them, without encoding the text.
  it('counts the limit in UTF-8 bytes: 2-byte, 3-byte, 4-byte characters and lone surrogates as TextEncoder does', () => {
    for (const unit of ['é', '€', '😀', '\ud800', 'a\udc00']) {
      const text = unit.repeat(Math.ceil(MAX_TEXT_BYTES / new TextEncoder().encode(unit).length) + 1);
      const bytes = new TextEncoder().encode(text).length;
      expect(oversizeText(text)?.message).toBe(
        `Request entity too large: limit is ${MAX_TEXT_BYTES} bytes (this text is ${bytes} bytes); the API server refuses larger requests`,
      );
    }
    const justUnder = 'é'.repeat(MAX_TEXT_BYTES / 2);
    expect(oversizeText(justUnder)).toBeUndefined();
  });

  it('createCluster and sync refuse a 10 MB text with the diagnostic and keep the cluster as it was', () => {
    const small = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';
    const huge = `${small}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${'  k: "v"\n'.repeat(1_200_000)}`;
    expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
    const fresh = createCluster(huge);
    expect(fresh.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^Request entity too large: limit is 3145728 bytes/)]);
    expect(fresh.get('Service', 'web')).toBeUndefined();
    const cluster = createCluster(small);
    expect(cluster.sync(huge)).toEqual([expect.objectContaining({ severity: 'error', line: 1, column: 1 })]);
    expect(cluster.get('Service', 'web')).toBeDefined(); // nothing applied, nothing pruned
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
