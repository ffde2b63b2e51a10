import { describe, expect, it } from 'vitest';
import type { Ingress, IngressClass } from '../model/types';
import { defaultIngressClass, ingressClassDecision } from './ingress-class';

function ingressClass(name: string, controller: string, isDefault = false, created = '2026-01-01T00:00:00Z'): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name,
      uid: name,
      resourceVersion: '1',
      creationTimestamp: created,
      ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    spec: { controller },
  };
}

function ingress(className?: string, annotation?: string): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u',
      resourceVersion: '1',
      creationTimestamp: '2026-01-01T00:01:00Z',
      ...(annotation !== undefined ? { annotations: { 'kubernetes.io/ingress.class': annotation } } : {}),
    },
    spec: { ...(className ? { ingressClassName: className } : {}), defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    status: { loadBalancer: {} },
  };
}

const classes = [ingressClass('nginx', 'k8s.io/ingress-nginx', true), ingressClass('traefik', 'traefik.io/ingress-controller')];

describe('which controller serves an Ingress (ingress-nginx ingressclass checks)', () => {
  it.each([
    ['ingressClassName of an ingress-nginx IngressClass', ingress('nginx'), true],
    ["ingressClassName of another controller's class", ingress('traefik'), false],
    ['ingressClassName of a class that does not exist', ingress('haproxy'), false],
    ['no class at all (ignored without --watch-ingress-without-class)', ingress(), false],
    ['deprecated annotation kubernetes.io/ingress.class: nginx', ingress(undefined, 'nginx'), true],
    ['deprecated annotation of another class, even with ingressClassName nginx', ingress('nginx', 'traefik'), false],
  ] as const)('%s -> served %s', (_, ing, served) => {
    expect(ingressClassDecision(ing, classes, true).served).toBe(served);
  });

  it('nothing is served when the cluster has no ingress controller', () => {
    expect(ingressClassDecision(ingress('nginx'), classes, false)).toMatchObject({ served: false, className: 'nginx' });
  });
});

describe('the default IngressClass (DefaultIngressClass admission plugin, getDefaultClass)', () => {
  it.each([
    ['none marked', [ingressClass('a', 'x/y')], undefined],
    ['one marked', [ingressClass('a', 'x/y'), ingressClass('b', 'x/y', true)], 'b'],
    [
      'two marked: the newest',
      [ingressClass('a', 'x/y', true, '2026-01-01T00:00:00Z'), ingressClass('b', 'x/y', true, '2026-01-01T00:00:05Z')],
      'b',
    ],
    ['two marked at the same time: by name', [ingressClass('b', 'x/y', true), ingressClass('a', 'x/y', true)], 'a'],
  ] as const)('%s -> %s', (_, list, expected) => {
    expect(defaultIngressClass(list)?.metadata.name).toBe(expected);
  });
});
