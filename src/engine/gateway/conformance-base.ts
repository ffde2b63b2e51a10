/**
 * The Gateway API conformance suite's base manifests (kubernetes-sigs/gateway-api
 * conformance/base/manifests.yaml), trimmed to what the HTTP tests use, with
 * {GATEWAY_CLASS_NAME} = eg: the namespaces gateway-conformance-infra, -app-backend and
 * -web-backend, the Gateways same-namespace, all-namespaces and backend-namespaces, and the
 * echo backends (a Deployment and Service each). For tests built from the conformance tests.
 */
export const INFRA = 'gateway-conformance-infra';

function backend(name: string, namespace: string, replicas = 2): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {app: ${name}}
  ports:
  - {protocol: TCP, port: 8080, targetPort: 3000}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: ${name}
        image: registry.k8s.io/gateway-api/conformance/echo-basic:v0.1.0
        ports: [{containerPort: 3000}]
`;
}

function gateway(name: string, from: string): string {
  return `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
${from}
`;
}

export const CONFORMANCE_BASE = `apiVersion: v1
kind: Namespace
metadata: {name: ${INFRA}, labels: {gateway-conformance: infra}}
---
apiVersion: v1
kind: Namespace
metadata: {name: gateway-conformance-app-backend, labels: {gateway-conformance: backend}}
---
apiVersion: v1
kind: Namespace
metadata: {name: gateway-conformance-web-backend, labels: {gateway-conformance: backend}}
${gateway('same-namespace', '        from: Same')}${gateway('all-namespaces', '        from: All')}${gateway(
  'backend-namespaces',
  '        from: Selector\n        selector: {matchLabels: {gateway-conformance: backend}}',
)}${backend('infra-backend-v1', INFRA)}${backend('infra-backend-v2', INFRA)}${backend('infra-backend-v3', INFRA, 1)}${backend(
  'app-backend-v1',
  'gateway-conformance-app-backend',
  1,
)}${backend('app-backend-v2', 'gateway-conformance-app-backend', 1)}${backend('web-backend', 'gateway-conformance-web-backend', 1)}`;
