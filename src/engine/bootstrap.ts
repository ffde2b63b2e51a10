/**
 * What a fresh kubeadm-style cluster already holds before the user applies anything: the
 * `kubernetes` Service in `default` (the first address of the service CIDR, pointing at the API
 * server on the control-plane node, port 6443) and cluster DNS in `kube-system` (the `kube-dns`
 * Service on the tenth address, kubeadm's convention, in front of two CoreDNS pods).
 */
import type { ResolvedOptions } from './options';
import { intToIp } from './net/ipv4';
import { nodeInternalIP } from './options';

export function kubernetesServiceIP(options: ResolvedOptions): string {
  return intToIp(options.serviceCIDR.base + 1);
}

export function clusterDNSIP(options: ResolvedOptions): string {
  return intToIp(options.serviceCIDR.base + 10);
}

export function bootstrapManifests(options: ResolvedOptions): string {
  return `
apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels: {component: apiserver, provider: kubernetes}
spec:
  clusterIP: ${kubernetesServiceIP(options)}
  ports:
  - {name: https, port: 443, protocol: TCP, targetPort: 6443}
---
apiVersion: v1
kind: Endpoints
metadata:
  name: kubernetes
  namespace: default
  labels: {endpointslice.kubernetes.io/skip-mirror: "true"}
subsets:
- addresses: [{ip: ${nodeInternalIP(options, 0)}}]
  ports: [{name: https, port: 6443, protocol: TCP}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      dnsPolicy: Default
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.3
        args: [-conf, /etc/coredns/Corefile]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        - {name: metrics, containerPort: 9153, protocol: TCP}
        readinessProbe:
          httpGet: {path: /ready, port: 8181}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: ${clusterDNSIP(options)}
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
  - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}
`;
}
