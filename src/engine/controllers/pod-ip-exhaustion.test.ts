/**
 * A node's pod CIDR block used up: host-local (containernetworking/plugins
 * plugins/ipam/host-local) fails with "no IP addresses available in range set", the runtime's
 * RunPodSandbox fails, the kubelet records FailedCreatePodSandBox (kuberuntime_manager.go SyncPod)
 * and the pod stays Pending on its node without an IP. The event text is the one real clusters
 * show (e.g. kubernetes/test-infra#13039, canonical/microk8s#1147).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { webApp } from '../../test-support/manifests';

const app = (replicas: number): string => webApp({ replicas });

// One node, no ingress controller: the node's /24 holds 253 pods (.2-.254), CoreDNS has two.
const options = { nodes: 1, ingressController: 'none' as const };

describe('pod CIDR exhaustion: FailedCreatePodSandBox (kubelet SyncPod, CNI host-local)', () => {
  it('a Deployment of 260 on one node: 251 pods Running with an IP, 9 Pending without one, each with a FailedCreatePodSandBox event', () => {
    const cluster = createCluster(app(260), options);
    const pods = cluster.objects().flatMap((o) => (o.kind === 'Pod' && o.metadata.labels?.app === 'web' ? [o] : []));
    expect(pods).toHaveLength(260);
    const running = pods.filter((p) => p.status.phase === 'Running');
    const pending = pods.filter((p) => p.status.phase === 'Pending');
    expect(running).toHaveLength(251);
    expect(pending).toHaveLength(9);
    expect(new Set(running.map((p) => p.status.podIP)).size).toBe(251);
    for (const pod of pending) {
      expect(pod.spec.nodeName).toBe('node-1');
      expect(pod.status.podIP).toBeUndefined();
      const condition = (type: string) => pod.status.conditions.find((c) => c.type === type);
      expect(condition('PodScheduled')?.status).toBe('True');
      expect(condition('PodReadyToStartContainers')?.status).toBe('False');
      expect(condition('Ready')).toMatchObject({
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [app]',
      });
    }
    const events = cluster.events().filter((e) => e.reason === 'FailedCreatePodSandBox');
    expect(events.map((e) => e.name).sort()).toEqual(pending.map((p) => p.metadata.name).sort());
    for (const e of events) {
      expect(e.type).toBe('Warning');
      expect(e.message).toMatch(
        /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="bridge" failed \(add\): failed to allocate for range 0: no IP addresses available in range set: 10\.244\.0\.1-10\.244\.0\.254$/,
      );
    }
    // The endpoints controller skips pods without an IP (podutil / endpoints ShouldPodBeInEndpoints).
    const endpoints = cluster.endpoints('web')?.subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]) ?? [];
    expect(endpoints).toHaveLength(251);
  });

  it('says why on the Deployment, at spec.replicas', () => {
    const cluster = createCluster(app(260), options);
    const warning = cluster.diagnostics.find((d) => d.kind === 'Deployment' && d.message.includes('stay Pending'));
    expect(warning).toMatchObject({ severity: 'warning', field: 'spec.replicas', name: 'web', line: 12 });
    expect(warning?.message).toBe(
      'spec.replicas: 9 of its 260 pods stay Pending: the pod CIDR block of node node-1 (10.244.0.0/24, 253 pods each) has no IP address left, so the CNI plugin cannot set up their network and the kubelet reports FailedCreatePodSandBox; add nodes (option nodes) or lower the replicas',
    );
  });

  it('no such warning while the pods fit (251 on one node)', () => {
    const cluster = createCluster(app(251), options);
    expect(cluster.diagnostics.filter((d) => d.message.includes('stay Pending'))).toEqual([]);
    expect(cluster.events().filter((e) => e.reason === 'FailedCreatePodSandBox')).toEqual([]);
  });

  it('a bare Pod that finds no address is admitted and stays Pending, with a warning saying why', () => {
    const pod = `---
apiVersion: v1
kind: Pod
metadata: {name: extra, labels: {app: other}}
spec: {nodeName: node-1, containers: [{name: c, image: nginx}]}
`;
    const cluster = createCluster(app(251) + pod, options);
    expect(cluster.get('Pod', 'extra')?.status.phase).toBe('Pending');
    const warning = cluster.diagnostics.find((d) => d.name === 'extra');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('the Pod stays Pending: no IP address left in the pod CIDR block 10.244.0.0/24 of node node-1');
  });

  it('the warning stays with the document while it is edited (sync)', () => {
    const cluster = createCluster(app(260), options);
    const diagnostics = cluster.sync(app(260).replace('image: nginx', 'image: nginx:1.27')) ?? [];
    expect(diagnostics.some((d) => d.kind === 'Deployment' && d.message.includes('stay Pending'))).toBe(true);
  });
});
