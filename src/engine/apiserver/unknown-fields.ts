import { z } from 'zod';

/**
 * Fields the schema does not know, as kubectl's strict field validation reports them
 * (`strict decoding error: unknown field "spec.selectr"`). The schemas are loose so that the
 * object is still simulated; the unknown fields come back as warnings.
 */
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};

const cache = new WeakMap<z.ZodType, JsonSchema>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = cache.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    cache.set(schema, json);
  }
  return json;
}

function walk(value: unknown, schema: JsonSchema, path: string, out: string[]): void {
  if (schema.anyOf) {
    const objectBranch = schema.anyOf.find((s) => s.properties);
    if (objectBranch) walk(value, objectBranch, path, out);
    return;
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => walk(item, schema.items as JsonSchema, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || value === null || !schema.properties) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childSchema = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (!childSchema) out.push(childPath);
    else walk(child, childSchema, childPath, out);
  }
}

export function unknownFields(value: unknown, schema: z.ZodType): string[] {
  const out: string[] = [];
  walk(value, jsonSchemaOf(schema), '', out);
  return out;
}
