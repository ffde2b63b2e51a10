import { describe, expect, it } from 'vitest';
import { describeAction } from './describe-action';

describe('describeAction', () => {
  it('names actions the way kubectl users say them', () => {
    expect(describeAction({ type: 'delete', kind: 'Pod', name: 'a', namespace: 'shop' })).toBe('kubectl delete pod a -n shop');
    expect(describeAction({ type: 'delete', kind: 'Service', name: 'b' })).toBe('kubectl delete service b');
    expect(describeAction({ type: 'delete', kind: 'Pod', name: 'web-1', namespace: 'default', gracePeriodSeconds: 30 })).toBe(
      'kubectl delete pod web-1 --grace-period=30',
    );
    expect(describeAction({ type: 'setNodeReady', node: 'node-2', ready: false })).toBe('node node-2 becomes NotReady');
    expect(describeAction({ type: 'setPodReady', pod: 'web-1', ready: false })).toBe('readiness probe of web-1 fails');
  });
});
