/**
 * The Service registry's create/update: ClusterIP, NodePort and health-check port allocation as
 * kubernetes/pkg/registry/core/service/storage (alloc.go) does it, and the simulated cloud
 * provider's load balancer address. All allocations of one apply succeed or are rolled back.
 */
import type { ServiceInput } from '../../model/schemas';
import type { LoadBalancerIngress, Protocol, Service, ServicePort, ServiceSpec, ServiceType } from '../../model/types';
import type { FieldError } from '../../validate/field-errors';
import { fieldError } from '../../validate/field-errors';
import type { AdmitContext } from '../kind';
import { buildMeta } from '../kind';
import { namespaceOf } from '../../model/meta';

/** kube-proxy's default ClientIP affinity timeout: core.DefaultClientIPServiceAffinitySeconds (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** Allocations made during one admission, released again if the admission fails. */
class Transaction {
  private readonly undo: (() => void)[] = [];
  onRollback(fn: () => void): void {
    this.undo.push(fn);
  }
  rollback(): void {
    for (const fn of this.undo.reverse()) fn();
  }
}

function normalizePorts(spec: NonNullable<ServiceInput['spec']>): ServicePort[] {
  return (spec.ports ?? []).map((p) => {
    const port: ServicePort = {
      ...(p.name ? { name: p.name } : {}),
      protocol: (p.protocol ?? 'TCP') as Protocol,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
    };
    if (p.appProtocol) port.appProtocol = p.appProtocol;
    if (p.nodePort) port.nodePort = p.nodePort;
    return port;
  });
}

function previousNodePort(existing: Service | undefined, port: ServicePort): number | undefined {
  return existing?.spec.ports.find((p) => (port.name ? p.name === port.name : p.port === port.port))?.nodePort;
}

export function admitService(input: ServiceInput, ctx: AdmitContext): FieldError[] {
  const { state } = ctx;
  const namespace = namespaceOf(ctx);
  const existing = state.store.get('Service', ctx.name, namespace);
  const inputSpec = input.spec ?? {};
  const type = (inputSpec.type ?? 'ClusterIP') as ServiceType;
  const owner = `${namespace}/${ctx.name}`;
  const errs: FieldError[] = [];
  const tx = new Transaction();
  // Each allocation starts its scan from an offset drawn from a stream of its own, keyed by the
  // Service and what is allocated (the ClusterIP, the nodePort of one port by its name or number,
  // the health check port), as ipallocator/portallocator's bitmaps start from a random offset
  // (allocator/bitmap.go randomScanStrategyWithOffset). An update that allocates only some of
  // them (ClusterIP to NodePort keeps the ClusterIP) then draws what a create of the same Service
  // would draw: the same document gives the same addresses and ports whatever edits led to it.
  const streamFor = (...what: string[]) => state.random('service', owner, ...what);

  // ---- ClusterIP ----
  let clusterIP: string | undefined;
  const requested = inputSpec.clusterIPs?.[0] ?? inputSpec.clusterIP;
  const requestedPath = inputSpec.clusterIPs?.length ? 'spec.clusterIPs' : 'spec.clusterIP';
  const previousIP = existing?.spec.clusterIP && existing.spec.clusterIP !== 'None' ? existing.spec.clusterIP : undefined;
  if (type === 'ExternalName') {
    clusterIP = undefined;
  } else if (requested === 'None') {
    clusterIP = 'None';
  } else if (requested) {
    if (previousIP && previousIP !== requested) {
      errs.push(fieldError.invalid(`${requestedPath}[0]`.replace('spec.clusterIP[0]', 'spec.clusterIP'), requested, 'field is immutable'));
    } else {
      const result = state.clusterIPs.allocateSpecific(requested, owner);
      if (!result.ok) {
        errs.push(
          fieldError.invalidRendered(
            requestedPath,
            requestedPath === 'spec.clusterIPs' ? goStringSlice(inputSpec.clusterIPs ?? []) : JSON.stringify(requested),
            `failed to allocate IP ${requested}: ${result.error}`,
          ),
        );
      } else {
        clusterIP = result.value;
        if (!previousIP) tx.onRollback(() => state.clusterIPs.release(result.value));
      }
    }
  } else if (previousIP) {
    clusterIP = previousIP; // ClusterIPs stay for the life of the Service.
  } else {
    const result = state.clusterIPs.allocateNext(streamFor(), owner);
    if (!result.ok) errs.push(fieldError.invalid('spec.clusterIPs', [], `failed to allocate a serviceIP: ${result.error}`));
    else {
      clusterIP = result.value;
      tx.onRollback(() => state.clusterIPs.release(result.value));
    }
  }

  // ---- NodePorts ----
  const ports = normalizePorts(inputSpec);
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && inputSpec.allocateLoadBalancerNodePorts !== false);
  const claimedPorts = new Set<number>();
  ports.forEach((port, i) => {
    if (!wantsNodePorts) {
      if (!external) delete port.nodePort;
      return;
    }
    const fixed = port.nodePort ?? previousNodePort(existing, port);
    if (fixed !== undefined && claimedPorts.has(fixed)) return; // the same nodePort for TCP and UDP of one Service
    const result =
      fixed !== undefined
        ? state.nodePorts.allocateSpecific(fixed, owner)
        : state.nodePorts.allocateNext(streamFor('nodePort', port.name ?? `${port.port}/${port.protocol}`), owner);
    if (!result.ok) {
      errs.push(fieldError.invalid(`spec.ports[${i}].nodePort`, fixed ?? 0, result.error));
      return;
    }
    port.nodePort = result.value;
    claimedPorts.add(result.value);
    if (previousNodePort(existing, port) !== result.value) tx.onRollback(() => state.nodePorts.release(result.value));
  });

  // ---- externalTrafficPolicy ----
  // SetDefaults_Service (pkg/apis/core/v1/defaults.go) defaults it to Cluster "for externally-accessible
  // service": apiservice.ExternallyAccessible is NodePort, LoadBalancer, or a ClusterIP Service with
  // externalIPs (validateServiceExternalTrafficPolicy requires it there and forbids it elsewhere). An
  // empty string counts as unset.
  const externallyAccessible = external || (type === 'ClusterIP' && (inputSpec.externalIPs?.length ?? 0) > 0);
  const externalTrafficPolicy = externallyAccessible ? ((inputSpec.externalTrafficPolicy || 'Cluster') as 'Cluster' | 'Local') : undefined;

  // ---- health check node port (apiservice.NeedsHealthCheck: LoadBalancer + externalTrafficPolicy: Local) ----
  let healthCheckNodePort: number | undefined;
  if (type === 'LoadBalancer' && externalTrafficPolicy === 'Local') {
    const fixed = inputSpec.healthCheckNodePort || existing?.spec.healthCheckNodePort;
    const result = fixed
      ? state.nodePorts.allocateSpecific(fixed, owner)
      : state.nodePorts.allocateNext(streamFor('healthCheckNodePort'), owner);
    if (!result.ok) errs.push(fieldError.invalid('spec.healthCheckNodePort', fixed ?? 0, result.error));
    else {
      healthCheckNodePort = result.value;
      if (existing?.spec.healthCheckNodePort !== result.value) tx.onRollback(() => state.nodePorts.release(result.value));
    }
  }

  if (errs.length > 0) {
    tx.rollback();
    return errs;
  }

  // ---- the cloud's load balancer address ----
  const warnings: FieldError[] = [];
  let ingress: LoadBalancerIngress[] | undefined;
  if (type === 'LoadBalancer') {
    const given = input.status?.loadBalancer?.ingress?.filter((i) => i.ip || i.hostname);
    if (given && given.length > 0) {
      ingress = given.map((i) => ({ ...(i.ip ? { ip: i.ip } : {}), ...(i.hostname ? { hostname: i.hostname } : {}) }));
      for (const i of ingress) if (i.ip) state.loadBalancers.claim(i.ip, owner);
    } else {
      const previous = existing?.status.loadBalancer.ingress?.[0]?.ip;
      const wanted = inputSpec.loadBalancerIP || previous;
      const result = wanted ? state.loadBalancers.claim(wanted, owner) : state.loadBalancers.allocateNext(owner);
      if (result.ok) ingress = [{ ip: result.value }];
      else {
        warnings.push(
          fieldError.warning(
            inputSpec.loadBalancerIP ? 'spec.loadBalancerIP' : 'spec.type',
            `the cloud provider cannot provision a load balancer: ${result.error}; EXTERNAL-IP stays <pending>`,
          ),
        );
      }
    }
  }
  releaseStale(ctx, existing, { clusterIP, ports, healthCheckNodePort, ingress });

  const spec: ServiceSpec = {
    ...(inputSpec as Record<string, unknown>),
    type,
    ports,
    sessionAffinity: (inputSpec.sessionAffinity ?? 'None') as 'None' | 'ClientIP',
  };
  if (inputSpec.selector) spec.selector = { ...inputSpec.selector };
  if (clusterIP) {
    spec.clusterIP = clusterIP;
    spec.clusterIPs = [clusterIP];
    spec.ipFamilies = ['IPv4'];
    spec.ipFamilyPolicy = 'SingleStack';
    spec.internalTrafficPolicy = (inputSpec.internalTrafficPolicy ?? 'Cluster') as 'Cluster' | 'Local';
  } else {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (externalTrafficPolicy) spec.externalTrafficPolicy = externalTrafficPolicy;
  else delete spec.externalTrafficPolicy;
  if (healthCheckNodePort) spec.healthCheckNodePort = healthCheckNodePort;
  else delete spec.healthCheckNodePort; // 0 is unset (omitempty)
  if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts = inputSpec.allocateLoadBalancerNodePorts ?? true;
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig = {
      clientIP: { timeoutSeconds: inputSpec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS },
    };
  }

  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: buildMeta(ctx, 'Service', input.metadata, existing?.metadata, true),
    spec,
    status: { loadBalancer: ingress ? { ingress } : {} },
  };
  state.store.put(service);
  state.record({
    type: 'Normal',
    reason: existing ? 'Updated' : 'Created',
    kind: 'Service',
    name: ctx.name,
    namespace,
    message: describeAllocation(service),
  });
  return warnings;
}

/** On update, what the old version held and the new one does not is given back. */
function releaseStale(
  ctx: AdmitContext,
  existing: Service | undefined,
  now: { clusterIP?: string; ports: ServicePort[]; healthCheckNodePort?: number; ingress?: LoadBalancerIngress[] },
): void {
  if (!existing) return;
  const { state } = ctx;
  const oldIP = existing.spec.clusterIP;
  if (oldIP && oldIP !== 'None' && oldIP !== now.clusterIP) state.clusterIPs.release(oldIP);
  const kept = new Set(now.ports.map((p) => p.nodePort).filter((p): p is number => p !== undefined));
  if (now.healthCheckNodePort) kept.add(now.healthCheckNodePort);
  for (const p of existing.spec.ports) if (p.nodePort && !kept.has(p.nodePort)) state.nodePorts.release(p.nodePort);
  const hc = existing.spec.healthCheckNodePort;
  if (hc && !kept.has(hc)) state.nodePorts.release(hc);
  const newIPs = new Set((now.ingress ?? []).map((i) => i.ip));
  for (const i of existing.status.loadBalancer.ingress ?? []) if (i.ip && !newIPs.has(i.ip)) state.loadBalancers.release(i.ip);
}

export function releaseService(ctx: { state: AdmitContext['state'] }, service: Service): void {
  const { state } = ctx;
  if (service.spec.clusterIP && service.spec.clusterIP !== 'None') state.clusterIPs.release(service.spec.clusterIP);
  for (const p of service.spec.ports) if (p.nodePort) state.nodePorts.release(p.nodePort);
  if (service.spec.healthCheckNodePort) state.nodePorts.release(service.spec.healthCheckNodePort);
  for (const i of service.status.loadBalancer.ingress ?? []) if (i.ip) state.loadBalancers.release(i.ip);
}

function describeAllocation(service: Service): string {
  const parts: string[] = [`type ${service.spec.type}`];
  if (service.spec.clusterIP) parts.push(`clusterIP ${service.spec.clusterIP}`);
  const nodePorts = service.spec.ports.map((p) => p.nodePort).filter((p) => p !== undefined);
  if (nodePorts.length) parts.push(`nodePort ${nodePorts.join(', ')}`);
  const lb = service.status.loadBalancer.ingress?.[0]?.ip;
  if (lb) parts.push(`load balancer ${lb}`);
  if (service.spec.externalName) parts.push(`CNAME ${service.spec.externalName}`);
  return parts.join(', ');
}
