import type { z } from 'zod';
import type { FieldError } from '../validate/field-errors';
import { fieldError } from '../validate/field-errors';

/** Fields whose keys are map keys, rendered `[key]` as field.Path.Key does. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'selector', 'matchLabels', 'nodeSelector']);

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  let previous: PropertyKey | undefined;
  for (const segment of path) {
    const key = String(segment);
    if (typeof segment === 'number') out += `[${segment}]`;
    else if ((typeof previous === 'string' && MAP_FIELDS.has(previous)) || /[./]/.test(key)) out += `[${key}]`;
    else out += out ? `.${key}` : key;
    previous = segment;
  }
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hint(expected: string, value: unknown): string {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return '; quote it in YAML to keep it a string (unquoted, YAML reads values such as 1.0, 080 or true as numbers or booleans)';
  }
  if ((expected === 'number' || expected === 'integer') && typeof value === 'string' && /^\d+$/.test(value)) {
    return '; remove the quotes to make it a number';
  }
  return '';
}

/**
 * Type errors (field.TypeInvalid, FieldValueTypeInvalid, as the API server reports a value that
 * does not match the schema's type for CRDs; built-in kinds fail in the JSON decoder), as the API server's decoder reports them (`json: cannot unmarshal string into
 * Go struct field ServicePort.spec.ports.port of type int32`), reworded with the field path and
 * a hint, since the object is rejected before any other check runs.
 */
export function decodeErrors(issues: readonly z.core.$ZodIssue[], raw: unknown): FieldError[] {
  return issues.map((issue) => {
    const path = pathText(issue.path);
    const value = valueAt(raw, issue.path);
    if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'int' || issue.expected === 'number' ? 'integer' : String(issue.expected);
      const type = jsonType(value);
      const what = value === undefined ? 'missing' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
      if (value === undefined) return fieldError.required(path, `expected ${expected}`);
      return fieldError.typeInvalid(
        path,
        value,
        `must be ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`}, not ${what}${hint(expected, value)}`,
      );
    }
    if (issue.code === 'invalid_union') {
      return fieldError.typeInvalid(path, value, 'must be an integer or a string');
    }
    return fieldError.invalid(path, value, issue.message);
  });
}

/**
 * A deep copy without `__proto__` keys. YAML may define such a key as an ordinary property; a
 * decoder that copies it by assignment would swap the copy's prototype instead. It is reported
 * as an unknown field before this copy is decoded.
 */
export function withoutProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProtoKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__') continue;
    out[key] = withoutProtoKeys(child);
  }
  return out;
}
