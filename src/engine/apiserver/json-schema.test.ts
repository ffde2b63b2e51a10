import { describe, expect, it } from 'vitest';
import { kindJsonSchemas } from './json-schema';
import { KINDS } from './kinds';
import { KIND_NAMES } from '../model/types';

describe('editor JSON Schemas', () => {
  it('there is one per kind and apiVersion the API server serves, with kind and apiVersion pinned and field docs', () => {
    const schemas = kindJsonSchemas();
    const served = KINDS.flatMap((k) => k.apiVersions.map((v) => `${v}/${k.kind}`));
    expect(schemas.map((s) => `${s.apiVersion}/${s.kind}`)).toEqual(served);
    // The drift the single table removed: extensions/v1beta1 Ingress is served (with a warning), so the editor knows it.
    expect(served).toEqual(expect.arrayContaining(['networking.k8s.io/v1beta1/Ingress', 'extensions/v1beta1/Ingress']));
    const service = schemas.find((s) => s.kind === 'Service')?.schema as {
      properties: Record<string, { const?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(service.properties.kind?.const).toBe('Service');
    expect(service.properties.spec?.properties?.type?.description).toContain('ExternalName');
  });

  it('the kind table has a handler for every kind a user can apply (all but Node, which the cluster makes)', () => {
    expect(KINDS.map((k) => k.kind).sort()).toEqual(KIND_NAMES.filter((k) => k !== 'Node').sort());
  });
});
