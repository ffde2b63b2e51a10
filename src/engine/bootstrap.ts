/**
 * What a fresh kubeadm-style cluster already holds before the user applies anything: the
 * `kubernetes` Service in `default` (the first address of the service CIDR, pointing at the API
 * server on the control-plane node, port 6443, with the Endpoints and the EndpointSlice named
 * `kubernetes` that the API server's endpoint reconciler writes: pkg/controlplane/reconcilers,
 * endpointsadapter.go endpointSliceFromEndpoints — no managed-by label, the Endpoints skip-mirror), cluster DNS in `kube-system` (the `kube-dns`
 * Service on the tenth address, kubeadm's convention, in front of two CoreDNS pods) and, unless
 * the option ingressController is 'none', ingress-nginx as its Helm chart installs it (see
 * ingressControllerManifests).
 */
import type { ResolvedOptions } from './options';
import { intToIp } from './net/ipv4';
import { nodeInternalIP } from './options';
import { ENVOY_GATEWAY_CLASS, ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_NAMESPACE } from './gateway/envoy-gateway';

export function kubernetesServiceIP(options: ResolvedOptions): string {
  return intToIp(options.serviceCIDR.base + 1);
}

export function clusterDNSIP(options: ResolvedOptions): string {
  return intToIp(options.serviceCIDR.base + 10);
}

/** The controller Service's LoadBalancer address: the last of the pool, so users' Services keep getting the first ones. */
export function ingressControllerIP(options: ResolvedOptions): string {
  return intToIp(options.loadBalancerPool.last);
}

/**
 * ingress-nginx as the official chart (kubernetes/ingress-nginx charts/ingress-nginx) renders it:
 * one controller replica with container ports http 80 and https 443, the Service
 * `ingress-nginx-controller` (ports http and https to the container ports of those names) and
 * the IngressClass `nginx` for controller `k8s.io/ingress-nginx`. The class is marked default, as
 * minikube's ingress addon marks it, so Ingresses without a class (the seed's 13-8 and 13-9) are
 * served. With LoadBalancer the controller publishes its Service's address in each Ingress's
 * status (--publish-service); with NodePort, as the chart's baremetal values do, it does not, and
 * the status holds the addresses of the nodes its pods run on.
 */
export function ingressControllerManifests(options: ResolvedOptions): string {
  if (options.ingressController === 'none') return '';
  const loadBalancer = options.ingressController === 'LoadBalancer';
  const labels =
    '{app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/component: controller}';
  return `
---
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/instance: ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  labels: ${labels}
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: ${labels}
spec:
  replicas: 1
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.12.1
        args:
        - /nginx-ingress-controller${loadBalancer ? '\n        - --publish-service=$(POD_NAMESPACE)/ingress-nginx-controller' : ''}
        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        ports:
        - {name: http, containerPort: 80, protocol: TCP}
        - {name: https, containerPort: 443, protocol: TCP}
        readinessProbe:
          httpGet: {path: /healthz, port: 10254}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: ${labels}
spec:
  type: ${options.ingressController}
  selector: ${labels}${loadBalancer ? `\n  loadBalancerIP: ${ingressControllerIP(options)}` : ''}
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: http, appProtocol: http}
  - {name: https, port: 443, protocol: TCP, targetPort: https, appProtocol: https}
`;
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
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels: {kubernetes.io/service-name: kubernetes}
addressType: IPv4
endpoints:
- addresses: [${nodeInternalIP(options, 0)}]
  conditions: {ready: true}
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
${ingressControllerManifests(options)}${gatewayControllerManifests()}`;
}

/**
 * Envoy Gateway (see gateway/envoy-gateway.ts): its namespace and the GatewayClass of its
 * quickstart, \`eg\` for controllerName gateway.envoyproxy.io/gatewayclass-controller. The proxies
 * are created per Gateway; the controller itself runs as part of the simulated control plane.
 */
export function gatewayControllerManifests(): string {
  return `
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${ENVOY_GATEWAY_NAMESPACE}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: ${ENVOY_GATEWAY_CLASS}
spec:
  controllerName: ${ENVOY_GATEWAY_CONTROLLER}
`;
}
