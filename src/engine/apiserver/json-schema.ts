/**
 * JSON Schemas of the simulated kinds for the editor (monaco-yaml): completion, hover
 * documentation and type errors while typing. Derived from the kind table, so the editor knows
 * exactly the kinds and apiVersions the API server serves, with the zod schemas it decodes with.
 */
import { z } from 'zod';
import { KINDS } from './kinds';

export interface KindJsonSchema {
  kind: string;
  apiVersion: string;
  schema: Record<string, unknown>;
}

/** A schema per kind and served apiVersion, with `kind` and `apiVersion` pinned, so a multi-document file validates each document by its kind. */
export function kindJsonSchemas(): KindJsonSchema[] {
  return KINDS.flatMap((handler) =>
    handler.apiVersions.map((apiVersion) => {
      const { kind } = handler;
      const json = z.toJSONSchema(handler.schema(apiVersion), { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
      const properties = { ...(json.properties as Record<string, unknown>) };
      properties.kind = { const: kind, description: `The kind of object: ${kind}` };
      properties.apiVersion = { const: apiVersion, description: `The API group/version that serves ${kind}` };
      return { kind, apiVersion, schema: { ...json, properties, required: ['apiVersion', 'kind', 'metadata'] } };
    }),
  );
}
