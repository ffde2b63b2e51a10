import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { Pod, SimEvent } from '../engine/index';
import { buildGraph } from './build';
import { deploymentYaml } from '../engine/test-support/fixtures';
import { involvedElements } from './event-elements';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
${deploymentYaml({ replicas: 2, readinessProbe: true })}`;

describe('the graph elements a timeline event involves', () => {
  const cluster = createCluster(YAML);
  const pods = cluster.objects().filter((o): o is Pod => o.kind === 'Pod' && o.metadata.namespace === 'default');
  const [first, second] = pods;
  cluster.act({ type: 'setPodReady', pod: first?.metadata.name ?? '', namespace: 'default', ready: false });
  const events = cluster.events().filter((e) => (e.namespace ?? 'default') === 'default');
  const inGraph = new Set(buildGraph(cluster.objects()).nodes.map((n) => n.id));
  const event = (reason: string, name: string, nth = 0): SimEvent => {
    const found = events.filter((e) => e.reason === reason && e.name === name)[nth];
    if (!found) throw new Error(`no ${reason} event for ${name}: ${events.map((e) => `${e.reason} ${e.name}`).join('; ')}`);
    return found;
  };
  const p1 = `pod:default/${first?.metadata.name}`;
  const p2 = `pod:default/${second?.metadata.name}`;

  const cases: { name: string; event: () => SimEvent; ids: () => string[] }[] = [
    { name: 'a Service created: the Service', event: () => event('Created', 'web'), ids: () => ['svc:default/web'] },
    {
      name: 'a pod started: the pod and the node it was scheduled to',
      event: () => event('Started', first?.metadata.name ?? ''),
      ids: () => [p1, `node:${first?.spec.nodeName}`],
    },
    {
      name: 'the endpoints controller added both pods: the Endpoints, its Service and the pods',
      event: () => event('EndpointsChanged', 'web', 0),
      ids: () => ['ep:default/web', 'svc:default/web', p1, p2],
    },
    { name: 'a readiness probe failed: the pod', event: () => event('Unhealthy', first?.metadata.name ?? ''), ids: () => [p1] },
    {
      name: 'the pod moved to notReadyAddresses: the Endpoints, its Service and that pod only',
      event: () => event('EndpointsChanged', 'web', 1),
      ids: () => ['ep:default/web', 'svc:default/web', p1],
    },
  ];
  for (const c of cases) it(c.name, () => expect(involvedElements(c.event(), inGraph).sort()).toEqual(c.ids().sort()));

  it('objects the graph does not draw (a Deployment) give nothing to highlight', () => {
    expect(involvedElements(event('ScalingReplicaSet', 'web'), inGraph)).toEqual([]);
  });
});
