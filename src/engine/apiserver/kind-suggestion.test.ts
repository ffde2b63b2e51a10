import { describe, expect, it } from 'vitest';
import { suggestKind } from './kind-suggestion';
import { SUPPORTED_KINDS } from './kinds';

describe('suggestKind: typos of served kinds', () => {
  it.each([
    ['Servie', 'Service'],
    ['Serivce', 'Service'],
    ['service', 'Service'],
    ['Pods', 'Pod'],
    ['Deploymnet', 'Deployment'],
    ['Endpoint', 'Endpoints'],
    ['EndpointSlices', 'EndpointSlice'],
    ['Ingres', 'Ingress'],
    ['HttpRoute', 'HTTPRoute'],
    ['Gatway', 'Gateway'],
  ])('%s → %s', (typo, kind) => {
    expect(suggestKind(typo, SUPPORTED_KINDS)).toBe(kind);
  });

  it.each(['ConfigMap', 'Secret', 'Role', 'Node', 'StatefulSet', 'TCPRoute', 'Certificate', 'Prometheus'])(
    'leaves %s alone: a real kind, or nothing close to a served one',
    (kind) => {
      expect(suggestKind(kind, SUPPORTED_KINDS)).toBeUndefined();
    },
  );
});
