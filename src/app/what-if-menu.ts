/**
 * The what-if actions offered for a graph element (its context menu and its inspector): runtime
 * events for pods and nodes, spec changes for Services and the Deployments that own pods.
 */
import type { ClusterObject, Deployment, Endpoints, Pod, Service } from '../engine/index';
import type { GraphNode } from '../graph/types';
import { useDocument } from './stores/document';
import { whatIf } from './actions/what-if';
import { migration } from './actions/migration';
import { isPodReady, namespaceOf } from '../engine/index';

export interface WhatIf {
  id: string;
  label: string;
  run(): void | Promise<unknown>;
}

function find<K extends ClusterObject['kind']>(
  objects: readonly ClusterObject[],
  kind: K,
  name: string,
  namespace = 'default',
): Extract<ClusterObject, { kind: K }> | undefined {
  return objects.find(
    (o): o is Extract<ClusterObject, { kind: K }> => o.kind === kind && o.metadata.name === name && namespaceOf(o) === namespace,
  );
}

/** The Deployment that owns a pod through its ReplicaSet. */
export function owningDeployment(pod: Pod, objects: readonly ClusterObject[]): Deployment | undefined {
  const ns = namespaceOf(pod);
  const rs = pod.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
  const replicaSet = rs ? find(objects, 'ReplicaSet', rs.name, ns) : undefined;
  const dep = replicaSet?.metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
  return dep ? find(objects, 'Deployment', dep.name, ns) : undefined;
}

/** The labels the pods behind a selector-less Service share: the selector to give it back. */
export function selectorFromEndpoints(
  endpoints: Endpoints | undefined,
  objects: readonly ClusterObject[],
): Record<string, string> | undefined {
  const ips = new Set((endpoints?.subsets ?? []).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].map((a) => a.ip)));
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod' && !!o.status.podIP && ips.has(o.status.podIP));
  if (!pods.length) return undefined;
  const common = Object.entries(pods[0]?.metadata.labels ?? {}).filter(
    ([k, v]) => k !== 'pod-template-hash' && pods.every((p) => p.metadata.labels?.[k] === v),
  );
  return common.length ? Object.fromEntries(common) : undefined;
}

function podActions(pod: Pod, objects: readonly ClusterObject[]): WhatIf[] {
  const ns = namespaceOf(pod);
  const name = pod.metadata.name;
  const ready = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const out: WhatIf[] = [
    ready
      ? {
          id: 'readiness-fail',
          label: 'Make its readiness probe fail',
          run: () => whatIf.runtime.run({ type: 'setPodReady', pod: name, namespace: ns, ready: false }),
        }
      : {
          id: 'readiness-pass',
          label: 'Make its readiness probe pass',
          run: () => whatIf.runtime.run({ type: 'setPodReady', pod: name, namespace: ns, ready: true }),
        },
    { id: 'restart', label: 'Restart it (new env vars)', run: () => whatIf.runtime.run({ type: 'restartPod', pod: name, namespace: ns }) },
    // A Terminating pod deleted again without a grace period is gone at once (--grace-period=0).
    ...(terminating
      ? []
      : [{ id: 'delete-graceful', label: whatIf.deletePodGracefully.label, run: () => whatIf.deletePodGracefully.run(name, ns) }]),
    {
      id: 'delete',
      label: terminating ? 'Delete it now (end its termination)' : 'Delete it',
      run: () => whatIf.runtime.run({ type: 'delete', kind: 'Pod', name, namespace: ns }),
    },
  ];
  const deployment = owningDeployment(pod, objects);
  if (deployment) {
    const n = deployment.spec.replicas;
    out.push({
      id: 'scale-up',
      label: `Scale ${deployment.metadata.name} to ${n + 1}`,
      run: () => whatIf.editSpec.run({ type: 'scale', name: deployment.metadata.name, namespace: ns, replicas: n + 1 }),
    });
    if (n > 0)
      out.push({
        id: 'scale-down',
        label: `Scale ${deployment.metadata.name} to ${n - 1}`,
        run: () => whatIf.editSpec.run({ type: 'scale', name: deployment.metadata.name, namespace: ns, replicas: n - 1 }),
      });
  }
  return out;
}

function serviceActions(svc: Service, objects: readonly ClusterObject[]): WhatIf[] {
  const ns = namespaceOf(svc);
  const name = svc.metadata.name;
  if (svc.spec.type === 'ExternalName') return [];
  const current = svc.spec.clusterIP === 'None' ? 'Headless' : svc.spec.type;
  const out: WhatIf[] = (['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'] as const)
    .filter((t) => t !== current)
    .map((t) => ({
      id: `type-${t}`,
      label: `Make it ${t === 'Headless' ? 'headless' : t}`,
      run: () => whatIf.editSpec.run({ type: 'setServiceType', name, namespace: ns, serviceType: t }),
    }));
  if (svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer') {
    const local = svc.spec.externalTrafficPolicy === 'Local';
    out.push({
      id: `etp-${local ? 'Cluster' : 'Local'}`,
      label: `externalTrafficPolicy: ${local ? 'Cluster' : 'Local'}`,
      run: () => whatIf.editSpec.run({ type: 'setExternalTrafficPolicy', name, namespace: ns, policy: local ? 'Cluster' : 'Local' }),
    });
  }
  const sticky = svc.spec.sessionAffinity === 'ClientIP';
  out.push({
    id: `affinity-${sticky ? 'None' : 'ClientIP'}`,
    label: `sessionAffinity: ${sticky ? 'None' : 'ClientIP'}`,
    run: () => whatIf.editSpec.run({ type: 'setSessionAffinity', name, namespace: ns, affinity: sticky ? 'None' : 'ClientIP' }),
  });
  if (svc.spec.selector && current !== 'Headless') {
    out.push({
      id: 'remove-selector',
      label: 'Remove the selector (manual Endpoints, same ClusterIP)',
      run: () => whatIf.removeSelector.run(name, ns),
    });
  } else if (!svc.spec.selector) {
    const selector = selectorFromEndpoints(find(objects, 'Endpoints', name, ns), objects);
    if (selector)
      out.push({
        id: 'restore-selector',
        label: `Select pods again (${Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
        run: () => whatIf.editSpec.run({ type: 'restoreSelector', name, namespace: ns, selector }),
      });
  }
  return out;
}

export function whatIfActions(element: GraphNode | undefined, objects: readonly ClusterObject[]): WhatIf[] {
  if (!element?.ref) return [];
  const { kind, name, namespace } = element.ref;
  if (element.type === 'pod') {
    const pod = find(objects, 'Pod', name, namespace);
    return pod ? podActions(pod, objects) : [];
  }
  if (element.type === 'service') {
    const svc = find(objects, 'Service', name, namespace);
    return svc ? serviceActions(svc, objects) : [];
  }
  // ingress-nginx is retired: an Ingress leads to its Gateway API version (issue 17).
  if (element.type === 'ingress' && kind === 'Ingress') {
    return [{ id: 'migrate-to-gateway', label: 'Migrate to Gateway API… (G)', run: () => migration.openMigration.run() }];
  }
  if (element.type === 'cluster-node' && kind === 'Node') {
    const ready = element.status !== 'error';
    return [
      {
        id: ready ? 'node-fail' : 'node-recover',
        label: ready ? 'Make the node NotReady (node failure)' : 'Bring the node back (Ready)',
        run: () => whatIf.runtime.run({ type: 'setNodeReady', node: name, ready: !ready }),
      },
      proxyModeAction(),
    ];
  }
  return [];
}

/** kube-proxy's mode, for every node: iptables (the default) or nftables (GA in 1.33). */
function proxyModeAction(): WhatIf {
  const nftables = useDocument.getState().options.proxyMode === 'nftables';
  return {
    id: nftables ? 'proxy-iptables' : 'proxy-nftables',
    label: nftables ? 'Run kube-proxy in iptables mode (every node)' : 'Run kube-proxy in nftables mode (every node)',
    run: () => whatIf.setProxyMode.run(nftables ? 'iptables' : 'nftables'),
  };
}
