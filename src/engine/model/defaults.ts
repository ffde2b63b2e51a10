/** Defaulting (SetDefaults_* in kubernetes/pkg/apis/core/v1/defaults.go) for the parts we simulate. */
import type { PodSpecInput, ServiceInput } from './schemas';
import type { Container, PodSpec, Protocol } from './types';

export function defaultPodSpec(input: PodSpecInput | undefined): PodSpec {
  const spec = input ?? {};
  const defaultContainer = (c: NonNullable<PodSpecInput['containers']>[number]): Container => {
    const container: Container = { ...(c as Record<string, unknown>), name: c.name ?? '', image: c.image ?? '' };
    if (c.ports) {
      container.ports = c.ports.map((p) => ({ ...p, protocol: (p.protocol ?? 'TCP') as Protocol }));
    }
    if (c.readinessProbe) container.readinessProbe = { ...c.readinessProbe };
    return container;
  };
  const containers: Container[] = (spec.containers ?? []).map(defaultContainer);
  return {
    ...(spec as Record<string, unknown>),
    containers,
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
    enableServiceLinks: spec.enableServiceLinks ?? true,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    serviceAccountName: spec.serviceAccountName ?? 'default',
  };
}

/** core.DefaultClientIPServiceAffinitySeconds: the ClientIP affinity timeout when none is given (3 hours). */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/**
 * apiservice.ExternallyAccessible (pkg/api/v1/service/util.go): NodePort, LoadBalancer, or a
 * ClusterIP Service with externalIPs.
 */
export function externallyAccessible(spec: { type?: string; externalIPs?: readonly string[] }): boolean {
  const type = spec.type || 'ClusterIP';
  return type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}

/**
 * SetDefaults_Service (pkg/apis/core/v1/defaults.go), which the API server applies to every
 * Service it decodes, before the registry and validation see it. Go's zero values count as unset
 * where the Go code compares with them: `type: ""`, `sessionAffinity: ""`, `protocol: ""`,
 * `targetPort: 0` and `targetPort: ""` are defaulted like absent fields; `internalTrafficPolicy`
 * and `allocateLoadBalancerNodePorts` are pointers, so only an absent value is.
 */
export function defaultServiceInput(input: ServiceInput): ServiceInput {
  const spec: NonNullable<ServiceInput['spec']> = { ...(input.spec ?? {}) };
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  if (spec.ports) {
    spec.ports = spec.ports.map((p) => ({
      ...p,
      protocol: p.protocol || 'TCP',
      targetPort: p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort,
    }));
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  const out: ServiceInput = { ...input, spec };
  const ingress = input.status?.loadBalancer?.ingress;
  if (spec.type === 'LoadBalancer' && ingress) {
    out.status = {
      ...input.status,
      loadBalancer: { ...input.status?.loadBalancer, ingress: ingress.map((i) => (i.ip && !i.ipMode ? { ...i, ipMode: 'VIP' } : i)) },
    };
  }
  return out;
}
