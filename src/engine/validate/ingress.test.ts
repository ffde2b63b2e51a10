/**
 * The `kubernetes.io/ingress.class` annotation beside `spec.ingressClassName`, on create and on
 * update, with the DefaultIngressClass admission plugin in front of validation:
 * - ValidateIngressCreate (kubernetes pkg/apis/networking/validation/validation.go) rejects an
 *   Ingress whose annotation and ingressClassName are both set and differ; equal ones pass.
 *   ValidateIngressUpdate has no such check.
 * - DefaultIngressClass (plugin/pkg/admission/network/defaultingressclass/admission.go) acts on
 *   create only (admission.NewHandler(admission.Create)) and leaves an Ingress alone when either
 *   ingressClassName or the annotation is set.
 * - `kubectl apply` keeps a field the server set and the user never wrote (the three-way merge of
 *   staging/src/k8s.io/kubectl/pkg/cmd/apply), so a class the plugin filled in survives a later
 *   apply of the same manifest with the annotation added.
 * - ingress-nginx (internal/ingress/controller/store, ingressclass) goes by the annotation when it
 *   is present.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../index';
import { createCluster } from '../index';

const MISMATCH = 'must match `ingressClassName` when both are specified';
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

function ingress(opts: { annotation?: string; className?: string }): string {
  return [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    ...(opts.annotation !== undefined ? ['  annotations:', `    kubernetes.io/ingress.class: "${opts.annotation}"`] : []),
    'spec:',
    ...(opts.className !== undefined ? [`  ingressClassName: ${opts.className}`] : []),
    '  defaultBackend:',
    '    service: {name: web, port: {number: 80}}',
    '',
  ].join('\n');
}

type Version = { annotation?: string; className?: string };

interface Case {
  name: string;
  /** The Ingress as first created. */
  create: Version;
  /** The same Ingress applied again later (an update), if any. */
  update?: Version;
  /** Whether the last write is refused with ValidateIngressCreate's error. */
  rejected: boolean;
  /** spec.ingressClassName of the stored Ingress afterwards (undefined: none, or no Ingress). */
  storedClass: string | undefined;
  /** Whether ingress-nginx serves it afterwards (no "no ingress controller serves" warning). */
  served: boolean;
}

const cases: Case[] = [
  {
    name: 'create, annotation and ingressClassName equal: accepted (ValidateIngressCreate only refuses different values)',
    create: { annotation: 'nginx', className: 'nginx' },
    rejected: false,
    storedClass: 'nginx',
    served: true,
  },
  {
    name: 'create, annotation and ingressClassName differ: refused (ValidateIngressCreate)',
    create: { annotation: 'traefik', className: 'nginx' },
    rejected: true,
    storedClass: undefined,
    served: false,
  },
  {
    name: 'create, an empty annotation beside ingressClassName differs too (annotationIsSet, value "")',
    create: { annotation: '', className: 'nginx' },
    rejected: true,
    storedClass: undefined,
    served: false,
  },
  {
    name: 'create, the annotation alone: DefaultIngressClass sets no class (it skips annotated Ingresses), ingress-nginx serves it by the annotation',
    create: { annotation: 'nginx' },
    rejected: false,
    storedClass: undefined,
    served: true,
  },
  {
    name: 'create, another class in the annotation alone: no default class is added, and ingress-nginx ignores it',
    create: { annotation: 'traefik' },
    rejected: false,
    storedClass: undefined,
    served: false,
  },
  {
    name: 'create, neither: DefaultIngressClass sets the default class nginx',
    create: {},
    rejected: false,
    storedClass: 'nginx',
    served: true,
  },
  {
    name: 'update to an annotation and ingressClassName that differ: accepted (ValidateIngressUpdate has no such check), ingress-nginx follows the annotation',
    create: { className: 'nginx' },
    update: { annotation: 'traefik', className: 'nginx' },
    rejected: false,
    storedClass: 'nginx',
    served: false,
  },
  {
    name: 'update adding a different annotation to a defaulted Ingress: the server-set class stays (kubectl apply), the two differ, and that is allowed on update',
    create: {},
    update: { annotation: 'traefik' },
    rejected: false,
    storedClass: 'nginx',
    served: false,
  },
  {
    name: 'update adding the same annotation to a defaulted Ingress: the class stays and it is still served',
    create: {},
    update: { annotation: 'nginx' },
    rejected: false,
    storedClass: 'nginx',
    served: true,
  },
];

const mismatches = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  diagnostics.filter((d) => d.severity === 'error' && d.message.includes(MISMATCH));
const unserved = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.name === 'web' && d.kind === 'Ingress' && d.message.includes('no ingress controller serves'));

describe('Ingress class annotation vs ingressClassName: create and update (ValidateIngressCreate, DefaultIngressClass)', () => {
  it.each(cases)('$name', (c) => {
    const cluster = createCluster(SERVICE + ingress(c.create));
    let last: readonly Diagnostic[] = cluster.diagnostics;
    if (c.update) {
      expect(mismatches(last)).toEqual([]);
      last = cluster.apply(ingress(c.update));
    }
    expect(mismatches(last).length > 0).toBe(c.rejected);
    const stored = cluster.get('Ingress', 'web');
    if (c.rejected && !c.update) expect(stored).toBeUndefined();
    else expect(stored).toBeDefined();
    expect(stored?.spec.ingressClassName).toBe(c.storedClass);
    if (stored) expect(!unserved(last)).toBe(c.served);
  });

  it('a second document of the same name in one text is an update: it may differ where a create may not', () => {
    const cluster = createCluster(SERVICE + ingress({ className: 'nginx' }) + ingress({ annotation: 'traefik', className: 'nginx' }));
    expect(mismatches(cluster.diagnostics)).toEqual([]);
    expect(cluster.get('Ingress', 'web')?.metadata.annotations?.['kubernetes.io/ingress.class']).toBe('traefik');
  });
});
