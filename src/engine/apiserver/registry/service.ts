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
import { DEFAULT_CLIENT_IP_AFFINITY_SECONDS, defaultServiceInput } from '../../model/defaults';
import { goStringSlice, validateServiceUpdate } from '../../validate/service';

/** kube-proxy's default ClientIP affinity timeout: core.DefaultClientIPServiceAffinitySeconds (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = DEFAULT_CLIENT_IP_AFFINITY_SECONDS;

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

type ServiceSpecInput = NonNullable<ServiceInput['spec']>;

/**
 * errors.NewInternalError as the API server returns it when an allocator fails for a reason that
 * is not a field's fault (allocClusterIPs, initNodePorts in storage/alloc.go): `Internal error
 * occurred: <detail>`, no field path and no `is invalid`. It stays attached to the field so that
 * the diagnostic points at what could not be allocated.
 */
function internalError(field: string, detail: string): FieldError {
  return { field, type: 'InternalError', message: `Internal error occurred: ${detail}`, severity: 'error' };
}

function normalizePorts(spec: ServiceSpecInput): ServicePort[] {
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

const sameClusterIPs = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((ip, i) => ip === b?.[i]);

/**
 * patchAllocatedValues (pkg/registry/core/service/storage/storage.go, beginUpdate): on update, what
 * the registry allocated and the new object leaves unset is kept, so re-applying a manifest
 * without clusterIP or nodePort keeps the allocated ones. Node ports are matched by port name.
 */
function patchAllocatedValues(spec: ServiceSpecInput, old: Service): void {
  const needsClusterIP = (type: string | undefined): boolean => type !== 'ExternalName';
  if (needsClusterIP(old.spec.type) && needsClusterIP(spec.type)) {
    if (!spec.clusterIP && old.spec.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.spec.clusterIPs ?? []).length > 0) spec.clusterIPs = [...(old.spec.clusterIPs ?? [])];
  }
  const needsNodePort = (type: string | undefined): boolean => type === 'NodePort' || type === 'LoadBalancer';
  if (needsNodePort(old.spec.type) && needsNodePort(spec.type) && spec.ports) {
    const newPorts = new Set(spec.ports.map((p) => p.nodePort).filter((p) => p));
    const used = new Set(old.spec.ports.map((p) => p.nodePort).filter((p) => p !== undefined && newPorts.has(p)));
    const byName = new Map(old.spec.ports.map((p) => [p.name ?? '', p.nodePort]));
    spec.ports = spec.ports.map((p) => {
      const oldValue = byName.get(p.name ?? '');
      return !p.nodePort && oldValue && !used.has(oldValue) ? { ...p, nodePort: oldValue } : p;
    });
  }
  const needsHealthCheck = (s: { type?: string; externalTrafficPolicy?: string }): boolean =>
    s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHealthCheck(old.spec) && needsHealthCheck(spec) && !spec.healthCheckNodePort && old.spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.spec.healthCheckNodePort;
  }
}

/**
 * normalizeClusterIPs (storage.go): keeps `clusterIP` and `clusterIPs` in step, so that a manifest
 * that sets only `clusterIP` (as most do) is validated and stored with `clusterIPs` too.
 */
function normalizeClusterIPs(spec: ServiceSpecInput, old: Service | undefined): void {
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldIP = old.spec.clusterIP ?? '';
  const newIP = spec.clusterIP ?? '';
  if ((old.spec.clusterIPs ?? []).length > 0 && (spec.clusterIPs ?? []).length === 0 && oldIP === newIP) {
    spec.clusterIPs = old.spec.clusterIPs;
  }
  if (oldIP !== newIP) {
    if (oldIP && !newIP && sameClusterIPs(old.spec.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    if (newIP && sameClusterIPs(old.spec.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [newIP];
  }
}

/**
 * The Service as the API server validates and stores it: SetDefaults_Service, then the registry's
 * beginCreate/beginUpdate (patchAllocatedValues on update, normalizeClusterIPs) and the
 * ipFamilyPolicy default of initIPFamilyFields (alloc.go): the old object's policy on update, else
 * RequireDualStack for a headless Service without selector, else SingleStack.
 */
export function prepareService(input: ServiceInput, ctx: AdmitContext): ServiceInput {
  const existing = ctx.state.store.get('Service', ctx.name, namespaceOf(ctx));
  const defaulted = defaultServiceInput(input);
  const spec: ServiceSpecInput = { ...(defaulted.spec ?? {}) };
  if (existing) patchAllocatedValues(spec, existing);
  normalizeClusterIPs(spec, existing);
  if (spec.type !== 'ExternalName' && spec.ipFamilyPolicy === undefined) {
    const headlessSelectorless = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
    spec.ipFamilyPolicy = existing?.spec.ipFamilyPolicy ?? (headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  }
  return { ...defaulted, spec };
}

/** The stored Service an update is checked against (ValidateServiceUpdate). */
export function validateServiceUpdateAgainstStored(input: ServiceInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('Service', ctx.name, namespaceOf(ctx));
  return existing ? validateServiceUpdate(input, existing) : [];
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

  // ---- ClusterIP (allocClusterIPs in storage/alloc.go) ----
  let clusterIP: string | undefined;
  const listed = inputSpec.clusterIPs ?? [];
  const requested = listed[0];
  const previousIP =
    existing && existing.spec.type !== 'ExternalName' && existing.spec.clusterIP !== 'None' ? existing.spec.clusterIP : undefined;
  if (type === 'ExternalName') {
    clusterIP = undefined;
  } else if (requested === 'None') {
    clusterIP = 'None';
  } else if (requested && requested === previousIP) {
    clusterIP = previousIP; // ClusterIPs stay for the life of the Service (ValidateServiceUpdate refuses a change).
  } else if (requested) {
    const result = state.clusterIPs.allocateSpecific(requested, owner);
    if (!result.ok) {
      errs.push(
        fieldError.invalidRendered('spec.clusterIPs', goStringSlice(listed), `failed to allocate IP ${requested}: ${result.error}`, listed),
      );
    } else {
      clusterIP = result.value;
      tx.onRollback(() => state.clusterIPs.release(result.value));
    }
  } else {
    const result = state.clusterIPs.allocateNext(streamFor(), owner);
    // allocClusterIPs: errors.NewInternalError(fmt.Errorf("failed to allocate a serviceIP: %v", err)).
    if (!result.ok) errs.push(internalError('spec.clusterIPs', `failed to allocate a serviceIP: ${result.error}`));
    else {
      clusterIP = result.value;
      tx.onRollback(() => state.clusterIPs.release(result.value));
    }
  }

  // allocateCreate/allocateUpdate (storage/alloc.go) stop at the first allocation that fails and
  // revert the others: one error per refused Service, never one per port.
  if (errs.length > 0) {
    tx.rollback();
    return errs;
  }

  // ---- NodePorts ----
  const ports = normalizePorts(inputSpec);
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && inputSpec.allocateLoadBalancerNodePorts !== false);
  const claimedPorts = new Set<number>();
  const heldBefore = new Set(existing?.spec.ports.map((p) => p.nodePort).filter((p) => p !== undefined));
  for (const [i, port] of ports.entries()) {
    if (!wantsNodePorts) {
      if (!external) delete port.nodePort;
      continue;
    }
    const fixed = port.nodePort; // on update, patchAllocatedValues has put back the node port the port had
    if (fixed !== undefined && claimedPorts.has(fixed)) continue; // the same nodePort for TCP and UDP of one Service
    const result =
      fixed !== undefined
        ? state.nodePorts.allocateSpecific(fixed, owner)
        : state.nodePorts.allocateNext(streamFor('nodePort', port.name ?? `${port.port}/${port.protocol}`), owner);
    if (!result.ok) {
      // initNodePorts (storage/alloc.go): a requested port the allocator refuses is a field error
      // (field.Invalid(spec.ports[i].nodePort)); a full range on AllocateNext is
      // errors.NewInternalError(fmt.Errorf("failed to allocate a nodePort: %v", err)).
      errs.push(
        fixed !== undefined
          ? fieldError.invalid(`spec.ports[${i}].nodePort`, fixed, result.error)
          : internalError(`spec.ports[${i}].nodePort`, `failed to allocate a nodePort: ${result.error}`),
      );
      tx.rollback();
      return errs;
    }
    port.nodePort = result.value;
    claimedPorts.add(result.value);
    if (!heldBefore.has(result.value)) tx.onRollback(() => state.nodePorts.release(result.value));
  }

  // ---- externalTrafficPolicy: SetDefaults_Service set it for an externally-accessible Service ----
  const externalTrafficPolicy = (inputSpec.externalTrafficPolicy || undefined) as 'Cluster' | 'Local' | undefined;

  // ---- health check node port (apiservice.NeedsHealthCheck: LoadBalancer + externalTrafficPolicy: Local) ----
  let healthCheckNodePort: number | undefined;
  if (type === 'LoadBalancer' && externalTrafficPolicy === 'Local') {
    const fixed = inputSpec.healthCheckNodePort || undefined; // on update, patchAllocatedValues has put back the old one
    const result = fixed
      ? state.nodePorts.allocateSpecific(fixed, owner)
      : state.nodePorts.allocateNext(streamFor('healthCheckNodePort'), owner);
    // allocHealthCheckNodePort (storage/alloc.go) returns a plain error, which the API server turns
    // into an InternalError. Upstream prints the shadowed, still-zero variable in the second
    // message ("failed to allocate a HealthCheck NodePort 0: range is full"); so does this.
    if (!result.ok)
      errs.push(
        internalError(
          'spec.healthCheckNodePort',
          fixed
            ? `failed to allocate requested HealthCheck NodePort ${fixed}: ${result.error}`
            : `failed to allocate a HealthCheck NodePort 0: ${result.error}`,
        ),
      );
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
      ingress = given.map((i) => ({
        ...(i.ip ? { ip: i.ip } : {}),
        ...(i.hostname ? { hostname: i.hostname } : {}),
        ...(i.ipMode ? { ipMode: i.ipMode } : {}),
      }));
      for (const i of ingress) if (i.ip) state.loadBalancers.claim(i.ip, owner);
    } else {
      const previous = existing?.status.loadBalancer.ingress?.[0]?.ip;
      const wanted = inputSpec.loadBalancerIP || previous;
      const result = wanted ? state.loadBalancers.claim(wanted, owner) : state.loadBalancers.allocateNext(owner);
      // The status the cloud controller writes is defaulted too: ipMode VIP (SetDefaults_Service).
      if (result.ok) ingress = [{ ip: result.value, ipMode: 'VIP' }];
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
    sessionAffinity: inputSpec.sessionAffinity as 'None' | 'ClientIP',
  };
  if (inputSpec.selector) spec.selector = { ...inputSpec.selector };
  if (clusterIP) {
    spec.clusterIP = clusterIP;
    spec.clusterIPs = [clusterIP];
    spec.ipFamilies = ipFamiliesFor(inputSpec);
  } else {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (externalTrafficPolicy) spec.externalTrafficPolicy = externalTrafficPolicy;
  else delete spec.externalTrafficPolicy;
  if (healthCheckNodePort) spec.healthCheckNodePort = healthCheckNodePort;
  else delete spec.healthCheckNodePort; // 0 is unset (omitempty)
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

/**
 * The families initIPFamilyFields (alloc.go) stores on a single-stack IPv4 cluster: the given ones
 * or IPv4, and for a headless Service without selector whose policy is not SingleStack the other
 * family too (the one case a single-stack cluster accepts two).
 */
function ipFamiliesFor(spec: ServiceSpecInput): string[] {
  const families = spec.ipFamilies?.length ? [...spec.ipFamilies] : ['IPv4'];
  const headlessSelectorless = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  if (headlessSelectorless && families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  return families;
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
