import { describe, expect, it } from 'vitest';
import { elementIdOf, ids, refOfElementId } from './ids';

describe('graph element ids', () => {
  it.each([
    ['a pod', { kind: 'Pod', name: 'web-abcde', namespace: 'default' }, 'pod:default/web-abcde'],
    ['a Service in another namespace', { kind: 'Service', name: 'api', namespace: 'shop' }, 'svc:shop/api'],
    ['Endpoints', { kind: 'Endpoints', name: 'api', namespace: 'default' }, 'ep:default/api'],
    ['an EndpointSlice', { kind: 'EndpointSlice', name: 'api-x7k2p', namespace: 'shop' }, 'slice:shop/api-x7k2p'],
    ['an Ingress', { kind: 'Ingress', name: 'in', namespace: 'default' }, 'ing:default/in'],
    ['a node (cluster-scoped)', { kind: 'Node', name: 'node-2' }, 'node:node-2'],
    ['a Gateway', { kind: 'Gateway', name: 'eg', namespace: 'infra' }, 'gw:infra/eg'],
    ['an HTTPRoute', { kind: 'HTTPRoute', name: 'web', namespace: 'default' }, 'httproute:default/web'],
    [
      "a GRPCRoute (its own prefix: it may share an HTTPRoute's name)",
      { kind: 'GRPCRoute', name: 'web', namespace: 'default' },
      'grpcroute:default/web',
    ],
  ] as const)('%s: made and read back', (_name, ref, id) => {
    expect(elementIdOf(ref)).toBe(id);
    expect(refOfElementId(id)).toEqual(ref);
  });

  it('the makers agree with elementIdOf for Gateway API objects and EndpointSlices', () => {
    expect(ids.gateway('infra', 'eg')).toBe(elementIdOf({ kind: 'Gateway', name: 'eg', namespace: 'infra' }));
    expect(ids.endpointSlice('shop', 'api-x7k2p')).toBe(elementIdOf({ kind: 'EndpointSlice', name: 'api-x7k2p', namespace: 'shop' }));
    expect(ids.route('GRPCRoute', 'default', 'r')).toBe(elementIdOf({ kind: 'GRPCRoute', name: 'r', namespace: 'default' }));
  });
  it('an object without a namespace is in default', () => expect(elementIdOf({ kind: 'Pod', name: 'p' })).toBe(ids.pod('default', 'p')));
  it('kinds the graph does not draw have no element', () => expect(elementIdOf({ kind: 'ReplicaSet', name: 'rs' })).toBeUndefined());
  it('elements that stand for no object have no ref', () => {
    for (const id of [ids.client, ids.dns, ids.kubeProxy('node-1'), ids.external('example.com')])
      expect(refOfElementId(id)).toBeUndefined();
  });
});
