/**
 * Hostile YAML (fast-check): markup in names, labels and annotations; `__proto__`, `constructor`
 * and `prototype` keys anywhere; YAML alias bombs of any shape. The engine never throws, never
 * pollutes Object.prototype, refuses what the API server refuses with a located diagnostic, and
 * keeps free text (annotations) exactly as written, so the UI can show it as text.
 * Names follow apimachinery's IsDNS1035Label / IsQualifiedName / IsValidLabelValue
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { createCluster } from './index';
import type { Cluster } from './index';
import { MAX_ALIAS_COUNT } from './parse/manifests';

const MARKUP = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '&lt;b&gt;&amp;',
  '{{constructor.constructor("alert(1)")()}}',
  '</textarea><b>',
];

/** Text made of markup fragments and random characters, as an attacker would put in a shared link. */
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 8 }), fc.constantFrom('web', '-', '.', '/')), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(''));

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function expectLocated(cluster: Cluster): void {
  for (const d of cluster.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(typeof d.message).toBe('string');
  }
}

function expectNoPollution(): void {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

describe('hostile input (fast-check)', () => {
  it(`${runs(1500).toLocaleString('en')} Services with markup in the name, a label value and an annotation: refused with a located error when the API server would, annotations kept exactly as typed`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom('web', 'x'),
        hostileText,
        hostileText,
        hostileText,
        fc.boolean(),
        fc.boolean(),
        (plain, name, label, annotation, badName, badLabel) => {
          const theName = badName ? name : plain;
          const theLabel = badLabel ? label : 'ok';
          const text = `apiVersion: v1
kind: Service
metadata:
  name: ${JSON.stringify(theName)}
  labels: {app: ${JSON.stringify(theLabel)}}
  annotations: {note: ${JSON.stringify(annotation)}}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;
          const cluster = createCluster(text, { ingressController: 'none' });
          expectLocated(cluster);
          const valid = DNS1035.test(theName) && theName.length <= 63 && LABEL_VALUE.test(theLabel) && theLabel.length <= 63;
          const svc = cluster.get('Service', theName);
          if (valid) {
            expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            expect(svc?.metadata.annotations?.note).toBe(annotation);
            expect(svc?.metadata.labels?.app).toBe(theLabel);
          } else {
            expect(svc).toBeUndefined();
            expect(cluster.diagnostics.some((d) => d.severity === 'error' && d.line >= 4 && d.line <= 5)).toBe(true);
          }
        },
      ),
      { numRuns: runs(1500), seed: 31337 },
    );
  });

  const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
  const PROTO_VALUES = ['{polluted: "yes"}', '{prototype: {polluted: "yes"}}', '"yes"', '[1, 2]', '{toString: "x", valueOf: 1}'];
  /** Where a key can go in a Service+Pod document: the line after which it is inserted and its indentation. */
  const SPOTS: readonly [after: string, indent: string][] = [
    ['kind: Service', ''],
    ['  name: web', '  '],
    ['    app: web', '    '],
    ['  selector:', '    '],
    ['  - port: 80', '    '],
    ['spec:', '  '],
  ];
  const BASE = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

  it(`${runs(1500).toLocaleString('en')} documents with __proto__ / constructor / prototype keys at random places: no exception, no pollution, plain objects out, every diagnostic located`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...SPOTS), fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...PROTO_VALUES)), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (inserts, asList) => {
          let text = BASE;
          for (const [[after, indent], key, value] of inserts) {
            const at = text.indexOf(`${after}\n`) + after.length + 1;
            if (text.includes(`\n${indent}${key}:`) || text.startsWith(`${key}:`)) continue; // a duplicate key is a different (tested) error
            text = `${text.slice(0, at)}${indent}${key}: ${value}\n${text.slice(at)}`;
          }
          const cluster = createCluster(
            asList ? `apiVersion: v1\nkind: List\nitems:\n- ${text.trimEnd().split('\n').join('\n  ')}\n` : text,
            { ingressController: 'none' },
          );
          expectNoPollution();
          expectLocated(cluster);
          expect(cluster.diagnostics.length).toBeGreaterThan(0);
          for (const o of cluster.objects()) {
            for (const value of [o, o.metadata, o.metadata.labels ?? {}, o.metadata.annotations ?? {}]) {
              expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
              expect(Object.hasOwn(value, '__proto__')).toBe(false);
            }
          }
        },
      ),
      { numRuns: runs(1500), seed: 4711 },
    );
  });

  it(`${runs(200).toLocaleString('en')} alias shapes: a bomb is refused with the "billion laughs" message before it is expanded, small aliasing (<= ${MAX_ALIAS_COUNT} expansions) is accepted`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), (depth, width) => {
        const lines = [
          'apiVersion: v1',
          'kind: Service',
          'metadata: {name: web}',
          'spec: {ports: [{port: 80}]}',
          'x:',
          '  l0: &l0 ["lol","lol"]',
        ];
        for (let d = 1; d <= depth; d++) lines.push(`  l${d}: &l${d} [${Array.from({ length: width }, () => `*l${d - 1}`).join(',')}]`);
        const cluster = createCluster(lines.join('\n'), { ingressController: 'none' });
        expectLocated(cluster);
        const expansions = Array.from({ length: depth }, (_, d) => width ** (d + 1)).reduce((a, b) => a + b, 0);
        const refused = cluster.diagnostics.some((d) => d.message.includes('billion laughs'));
        if (expansions > 10_000) expect(refused).toBe(true);
        if (expansions <= MAX_ALIAS_COUNT && depth === 1) expect(refused).toBe(false);
        // Refused or not, the unknown field is reported and nothing else blows up.
        expect(cluster.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: runs(200), seed: 99 },
    );
  });
});
