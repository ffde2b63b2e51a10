import { describe, expect, it } from 'vitest';
import { kindJsonSchemas } from './json-schema';

describe('editor JSON Schemas', () => {
  it('there is one per simulated kind and version, with kind and apiVersion pinned and field docs', () => {
    const schemas = kindJsonSchemas();
    expect(schemas.map((s) => `${s.apiVersion}/${s.kind}`)).toContain('networking.k8s.io/v1beta1/Ingress');
    const service = schemas.find((s) => s.kind === 'Service')?.schema as {
      properties: Record<string, { const?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(service.properties.kind?.const).toBe('Service');
    expect(service.properties.spec?.properties?.type?.description).toContain('ExternalName');
  });
});
