/**
 * The editor's JSON Schema for a multi-document Kubernetes YAML file: each document is checked
 * against the schema of its `kind`/`apiVersion` (if/then, which yaml-language-server supports),
 * and `kind`/`apiVersion` complete to the simulated kinds without rejecting others (the engine
 * only warns about unknown kinds).
 */
import { kindJsonSchemas } from '../engine/index';

export function editorSchema(): Record<string, unknown> {
  const kinds = kindJsonSchemas();
  return {
    type: 'object',
    properties: {
      apiVersion: {
        anyOf: [{ enum: [...new Set(kinds.map((k) => k.apiVersion))] }, { type: 'string' }],
        description: 'The API group/version of the object.',
      },
      kind: { anyOf: [{ enum: [...new Set(kinds.map((k) => k.kind))] }, { type: 'string' }], description: 'The kind of object.' },
    },
    allOf: kinds.map((k) => ({
      if: { properties: { kind: { const: k.kind }, apiVersion: { const: k.apiVersion } }, required: ['kind', 'apiVersion'] },
      then: k.schema,
    })),
  };
}
