/**
 * A pod's 127.0.0.1 is its own: each pod has its own network namespace with its own loopback
 * (kubernetes.io/docs/concepts/workloads/pods/#pod-networking: "containers within the Pod can
 * communicate with one another using localhost"). A NodePort on localhost answers only host
 * processes and host-network pods (pkg/proxy/iptables/proxier.go, --iptables-localhost-nodeports).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';

const YAML = `
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30080
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: shell
    image: busybox
`;

describe("a pod's localhost is its own network namespace", () => {
  it('a NodePort on 127.0.0.1 from an ordinary pod is refused inside the pod, whatever --iptables-localhost-nodeports says', () => {
    for (const localhostNodePorts of [true, false]) {
      const c = createCluster(YAML, { kubeProxy: { localhostNodePorts } });
      const trace = c.send({ from: { pod: 'client' }, to: '127.0.0.1:30080' });
      expect(trace.verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
      expect(trace.reason).toContain('inside pod default/client');
      expect(trace.reason).not.toContain('--iptables-localhost-nodeports');
      // No kube-proxy hop: the packet never left the pod.
      expect(trace.hops.map((h) => h.component)).not.toContain('kube-proxy');
      expect(trace.hops.map((h) => h.component)).toContain('pod');
    }
  });

  it('a container of the pod listening on that port answers on localhost', () => {
    const c = createCluster(YAML);
    const trace = c.send({ from: { pod: 'web' }, to: '127.0.0.1:8080' });
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    expect(trace.pod).toMatchObject({ name: 'web', port: 8080 });
  });
});
