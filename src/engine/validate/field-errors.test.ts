/**
 * Diagnostics in structure: every field error carries upstream's field.ErrorType and the bad value
 * beside its message (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go and
 * errors_test.go), and the cluster hands both on in each Diagnostic.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Diagnostic } from '../index';
import { yaml } from '../test-support/yaml';
import { errorTypeText, fieldError } from './field-errors';
import type { FieldErrorType } from './field-errors';

describe('field.Error constructors (errors_test.go)', () => {
  it('TestMakeFuncs: each constructor gives its ErrorType', () => {
    const cases: [ReturnType<typeof fieldError.invalid>, FieldErrorType][] = [
      [fieldError.invalid('f', 'v', 'd'), 'FieldValueInvalid'],
      [fieldError.notSupported('f', 'v', []), 'FieldValueNotSupported'],
      [fieldError.duplicate('f', 'v'), 'FieldValueDuplicate'],
      [fieldError.notFound('f', 'v'), 'FieldValueNotFound'],
      [fieldError.required('f', 'd'), 'FieldValueRequired'],
      [fieldError.internal('f', 'e'), 'InternalError'],
      [fieldError.forbidden('f', 'd'), 'FieldValueForbidden'],
      [fieldError.tooLong('f', 10, 'xxxxxxxxxxx'), 'FieldValueTooLong'],
      [fieldError.tooMany('f', 3, 2), 'FieldValueTooMany'],
      [fieldError.typeInvalid('f', 'v', 'd'), 'FieldValueTypeInvalid'],
    ];
    for (const [error, type] of cases) expect(error.type).toBe(type);
  });

  it('ErrorType.String(): the words of the message for each type', () => {
    expect(errorTypeText('FieldValueInvalid')).toBe('Invalid value');
    expect(errorTypeText('FieldValueTypeInvalid')).toBe('Invalid value');
    expect(errorTypeText('FieldValueNotSupported')).toBe('Unsupported value');
    expect(errorTypeText('FieldValueTooMany')).toBe('Too many');
    expect(errorTypeText('InternalError')).toBe('Internal error');
  });

  it('TestErrorUsefulMessage: Invalid(nil, nil, "") says "null"; Invalid(foo, "bar", "deet") keeps value and detail apart', () => {
    expect(fieldError.invalid('', null, '').message).toBe('Invalid value: "null"');
    const e = fieldError.invalid('foo', 'bar', 'deet');
    expect(e).toMatchObject({ message: 'foo: Invalid value: "bar": deet', value: 'bar', renderedValue: '"bar"', detail: 'deet' });
  });

  it('TestErrorBody "int": Invalid(bla, 2, "details") is `Invalid value: 2: details`, with the number kept as a number', () => {
    const e = fieldError.invalid('bla', 2, 'details');
    expect(e.message).toBe('bla: Invalid value: 2: details');
    expect(e.value).toBe(2);
  });

  it('TestNotSupported: the supported values are quoted in the detail, the value is the raw string', () => {
    const e = fieldError.notSupported('f', 'v', ['a', 'b', 'c']);
    expect(e.message).toBe('f: Unsupported value: "v": supported values: "a", "b", "c"');
    expect(e).toMatchObject({ type: 'FieldValueNotSupported', value: 'v', detail: 'supported values: "a", "b", "c"' });
  });

  it('ErrorBody: Required, Forbidden and InternalError print no value and carry none', () => {
    for (const e of [fieldError.required('f', 'd'), fieldError.forbidden('f', 'd'), fieldError.internal('f', 'e')]) {
      expect(e.value).toBeUndefined();
      expect(e.renderedValue).toBeUndefined();
    }
    expect(fieldError.internal('f', 'e').message).toBe('f: Internal error: e');
  });

  it('TooLong keeps the value without printing it; TooMany prints the count (omitted when negative)', () => {
    const long = fieldError.tooLong('metadata.annotations', 5, 'abcdefgh');
    expect(long).toMatchObject({ value: 'abcdefgh', message: 'metadata.annotations: Too long: may not be more than 5 bytes' });
    expect(fieldError.tooMany('spec.items', 3, 2).message).toBe('spec.items: Too many: 3: must have at most 2 items');
    expect(fieldError.tooMany('spec.items', -1, -1).message).toBe('spec.items: Too many: has too many items');
  });
});

function diagnosticAt(diagnostics: readonly Diagnostic[], field: string): Diagnostic {
  const found = diagnostics.find((d) => d.field === field);
  if (!found) throw new Error(`no diagnostic at ${field}: ${diagnostics.map((d) => d.message).join(' | ')}`);
  return found;
}

describe('a Diagnostic carries the error type and the bad value', () => {
  it('ValidateServicePort: an out-of-range port is FieldValueInvalid with the number as value', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          selector: { app: web }
          ports: [{ port: 70000 }]
      `).diagnostics,
      'spec.ports[0].port',
    );
    expect(d).toMatchObject({
      type: 'FieldValueInvalid',
      value: 70000,
      renderedValue: '70000',
      detail: 'must be between 1 and 65535, inclusive',
    });
  });

  it('ValidateService: a missing ports list is FieldValueRequired without a value', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          selector: { app: web }
      `).diagnostics,
      'spec.ports',
    );
    expect(d.type).toBe('FieldValueRequired');
    expect(d.value).toBeUndefined();
  });

  it('ValidateService: an unknown type is FieldValueNotSupported with the value as written', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          type: Loadbalancer
          ports: [{ port: 80 }]
      `).diagnostics,
      'spec.type',
    );
    expect(d).toMatchObject({ type: 'FieldValueNotSupported', value: 'Loadbalancer', renderedValue: '"Loadbalancer"' });
  });

  it('ValidateService: two ports with one name are FieldValueDuplicate', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          ports: [{ name: http, port: 80 }, { name: http, port: 81 }]
      `).diagnostics,
      'spec.ports[1].name',
    );
    expect(d).toMatchObject({ type: 'FieldValueDuplicate', value: 'http' });
  });

  it('ValidateService: the clusterIPs list is the raw value beside its Go rendering', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          clusterIP: 10.96.0.50
          clusterIPs: [10.96.0.51]
          ports: [{ port: 80 }]
      `).diagnostics,
      'spec.clusterIPs',
    );
    expect(d).toMatchObject({ type: 'FieldValueInvalid', value: ['10.96.0.51'], renderedValue: '[]string{"10.96.0.51"}' });
  });

  it('a value of the wrong type is FieldValueTypeInvalid (field.TypeInvalid), still worded `Invalid value`', () => {
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web }
        spec:
          ports: [{ port: [80] }]
      `).diagnostics,
      'spec.ports[0].port',
    );
    expect(d.type).toBe('FieldValueTypeInvalid');
    expect(d.value).toEqual([80]);
    expect(d.message).toContain('Invalid value');
  });

  it('YAML that cannot be read is a DecodeError; a missing namespace is NotFound (StatusReasonNotFound)', () => {
    const broken = createCluster('a: [1\n').diagnostics;
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((d) => d.type === 'DecodeError')).toBe(true);
    const d = diagnosticAt(
      createCluster(yaml`
        apiVersion: v1
        kind: Service
        metadata: { name: web, namespace: nowhere }
        spec:
          ports: [{ port: 80 }]
      `).diagnostics,
      'metadata.namespace',
    );
    expect(d.type).toBe('NotFound');
  });

  it('an unknown field is a Warning (the API server Warning header); a selector matching no pod is svcscope’s Hint', () => {
    const diagnostics = createCluster(yaml`
      apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec:
        selector: { app: nothing }
        portz: 1
        ports: [{ port: 80 }]
    `).diagnostics;
    expect(diagnosticAt(diagnostics, 'spec.portz').type).toBe('Warning');
    const selector = diagnostics.filter((d) => d.field === 'spec.selector');
    expect(selector.length).toBeGreaterThan(0);
    expect(selector.every((d) => d.type === 'Hint')).toBe(true);
  });
});
