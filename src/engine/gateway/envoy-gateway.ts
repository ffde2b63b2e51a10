/**
 * The Gateway API implementation installed in the simulated cluster: Envoy Gateway
 * (envoyproxy/gateway), chosen because it is a conformant implementation of the standard channel
 * whose data plane is one ordinary Deployment and LoadBalancer Service per Gateway, so the path
 * of a request is the same as for any LoadBalancer Service, then Envoy's L7 routing.
 *
 * What it creates, as its default ("ControllerNamespaceMode") Kubernetes provider does:
 * - the GatewayClass it serves names controllerName `gateway.envoyproxy.io/gatewayclass-controller`
 *   (its quickstart's GatewayClass is called `eg`);
 * - per Gateway, in the controller's namespace `envoy-gateway-system`, a Deployment and a Service
 *   named `envoy-<gateway namespace>-<gateway name>-<first 8 hex of sha256("<ns>/<name>")>`
 *   (internal/infrastructure/kubernetes/proxy/resource.go ExpectedResourceHashedName,
 *   internal/utils/misc.go GetHashedName), labelled app.kubernetes.io/name=envoy,
 *   app.kubernetes.io/component=proxy, app.kubernetes.io/managed-by=envoy-gateway and
 *   gateway.envoyproxy.io/owning-gateway-name / -namespace (translator.go);
 * - the Service is of type LoadBalancer with externalTrafficPolicy Local
 *   (api/v1alpha1 DefaultKubernetesServiceExternalTrafficPolicy), one port per listener port named
 *   `<protocol>-<port>` (helpers.go irListenerPortName), whose targetPort is the listener port
 *   shifted by 10000 when it is privileged (listener.go servicePortToContainerPort: Envoy runs
 *   without CAP_NET_BIND_SERVICE, so port 80 is container port 10080).
 * Envoy Gateway's own controller pod (Deployment envoy-gateway) is not simulated as a pod: like
 * kube-controller-manager here, it is part of the control plane that writes statuses.
 */
import type { Gateway } from '../model/gateway-types';
import { namespaceOf } from '../model/meta';
import { sha256Hex } from '../util/hash';

export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
export const ENVOY_GATEWAY_NAMESPACE = 'envoy-gateway-system';
export const ENVOY_GATEWAY_CLASS = 'eg';
export const OWNING_GATEWAY_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
export const OWNING_GATEWAY_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace';
export const ENVOY_APP_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'envoy',
  'app.kubernetes.io/component': 'proxy',
  'app.kubernetes.io/managed-by': 'envoy-gateway',
};
/** bootstrap.EnvoyReadinessPort and EnvoyStatsPort. */
const READINESS_PORT = 19003;
const STATS_PORT = 19001;
const ENVOY_IMAGE = 'docker.io/envoyproxy/envoy:distroless-v1.35.3';

/** utils.GetHashedName(nsName, 48). */
export function hashedName(nsName: string, length = 48): string {
  const hash = sha256Hex(nsName).slice(0, 8);
  const name = nsName.replaceAll('/', '-');
  if (length > 0 && name.length > length) return `${name.slice(0, length).replace(/-$/, '')}-${hash}`;
  return `${name}-${hash}`;
}

/** The name of a Gateway's proxy Deployment and Service. */
export function proxyName(gateway: Gateway): string {
  return `envoy-${hashedName(`${namespaceOf(gateway)}/${gateway.metadata.name}`)}`;
}

export function proxyLabels(gateway: Gateway): Record<string, string> {
  return { ...ENVOY_APP_LABELS, [OWNING_GATEWAY_NAME]: gateway.metadata.name, [OWNING_GATEWAY_NAMESPACE]: namespaceOf(gateway) };
}

/** servicePortToContainerPort. */
export function containerPortOf(port: number): number {
  return port < 1024 ? port + 10000 : port;
}

export interface ProxyPort {
  name: string;
  port: number;
  containerPort: number;
  protocol: string;
}

/** One port per distinct listener port (listeners sharing a port share Envoy's listener). */
export function proxyPorts(gateway: Gateway): ProxyPort[] {
  const out: ProxyPort[] = [];
  for (const l of gateway.spec.listeners) {
    if (out.some((p) => p.port === l.port)) continue;
    out.push({ name: `${l.protocol.toLowerCase()}-${l.port}`, port: l.port, containerPort: containerPortOf(l.port), protocol: l.protocol });
  }
  return out;
}

/** The proxy Deployment and Service Envoy Gateway creates for a Gateway, as objects to apply. */
export function proxyManifests(gateway: Gateway): Record<string, unknown>[] {
  const name = proxyName(gateway);
  const labels = proxyLabels(gateway);
  const ports = proxyPorts(gateway).filter((p) => p.protocol !== 'UDP');
  const meta = { name, namespace: ENVOY_GATEWAY_NAMESPACE, labels };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'envoy',
                image: ENVOY_IMAGE,
                ports: [
                  ...ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
                  { name: 'metrics', containerPort: STATS_PORT, protocol: 'TCP' },
                  { name: 'readiness', containerPort: READINESS_PORT, protocol: 'TCP' },
                ],
                readinessProbe: { httpGet: { path: '/ready', port: READINESS_PORT } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: labels,
        ports: ports.map((p) => ({ name: p.name, protocol: 'TCP', port: p.port, targetPort: p.containerPort })),
      },
    },
  ];
}
