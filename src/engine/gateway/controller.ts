/**
 * Envoy Gateway's control loop in the simulated cluster (see envoy-gateway.ts for what is modelled
 * and why): per Gateway of a class it manages, the proxy Deployment and LoadBalancer Service;
 * then the statuses it writes — GatewayClass `Accepted`; Gateway `Accepted`, `Programmed`,
 * `status.addresses` (the proxy Service's load balancer address) and per listener `Programmed`,
 * `Accepted`, `ResolvedRefs`, `attachedRoutes` and `supportedKinds`; per route and parentRef
 * `Accepted` and `ResolvedRefs` with the Gateway API's reasons (internal/gatewayapi/status,
 * route.go, listener.go). What keeps a route from attaching or resolving is also reported as a
 * warning at the parentRef or backendRef in the text, where it can be fixed.
 */
import type { Diagnostic } from '../diagnostics';
import type { Condition, GRPCRoute, Gateway, GatewayClass, HTTPRoute, RouteParentStatus } from '../model/gateway-types';
import type { ClusterObject, Deployment, ObjectMeta, Service } from '../model/types';
import type { ClusterState } from '../state';
import { kindHandler } from '../apiserver/kinds';
import { releaseService } from '../apiserver/registry/service';
import { deleteDeployment } from '../controllers/workloads';
import { parseManifests } from '../parse/manifests';
import { namespaceOf, namespacedName } from '../model/meta';
import { objectKey } from '../store';
import { isPodRunningAndReady } from '../model/podutil';
import type { Route, Verdict } from './attachment';
import { attachParent, checkListener, managedClass, managedGateways, routeProblems } from './attachment';
import {
  ENVOY_GATEWAY_CONTROLLER,
  ENVOY_GATEWAY_NAMESPACE,
  OWNING_GATEWAY_NAME,
  OWNING_GATEWAY_NAMESPACE,
  proxyManifests,
  proxyName,
} from './envoy-gateway';

function applyObject(state: ClusterState, raw: Record<string, unknown>): void {
  const kind = String(raw.kind);
  const meta = raw.metadata as { name: string; namespace: string };
  const handler = kindHandler(kind);
  const manifest = parseManifests(JSON.stringify(raw)).manifests[0];
  if (!handler || !manifest) return;
  handler.process(raw, { state, manifest, apiVersion: String(raw.apiVersion), name: meta.name, namespace: meta.namespace });
}

function isProxyObject(obj: ClusterObject): boolean {
  return obj.metadata.namespace === ENVOY_GATEWAY_NAMESPACE && obj.metadata.labels?.[OWNING_GATEWAY_NAME] !== undefined;
}

/** Creates, updates and removes the proxy Deployments and Services of managed Gateways. */
export function reconcileGatewayInfra(state: ClusterState): void {
  const cache = state.caches.gatewayProxies;
  const wanted = new Set<string>();
  for (const gateway of managedGateways(state)) {
    const name = proxyName(gateway);
    wanted.add(name);
    for (const raw of proxyManifests(gateway)) {
      const kind = raw.kind as 'Deployment' | 'Service';
      const key = `${kind}/${name}`;
      const text = JSON.stringify(raw);
      const exists = state.store.get(kind, name, ENVOY_GATEWAY_NAMESPACE) !== undefined;
      if (exists && cache.get(key) === text) continue;
      applyObject(state, raw);
      cache.set(key, text);
      state.record({
        type: 'Normal',
        reason: exists ? 'Updated' : 'Created',
        kind,
        name,
        namespace: ENVOY_GATEWAY_NAMESPACE,
        message: `Envoy Gateway ${exists ? 'updated' : 'created'} the proxy ${kind} of Gateway ${namespacedName(gateway)}`,
        related: [{ kind: 'Gateway', name: gateway.metadata.name, namespace: namespaceOf(gateway) }],
      });
    }
  }
  for (const deployment of state.store.list('Deployment', ENVOY_GATEWAY_NAMESPACE)) {
    if (!isProxyObject(deployment) || wanted.has(deployment.metadata.name)) continue;
    deleteDeployment(state, deployment);
    state.store.remove('Deployment', deployment.metadata.name, ENVOY_GATEWAY_NAMESPACE);
    cache.delete(`Deployment/${deployment.metadata.name}`);
  }
  for (const service of state.store.list('Service', ENVOY_GATEWAY_NAMESPACE)) {
    if (!isProxyObject(service) || wanted.has(service.metadata.name)) continue;
    releaseService({ state }, service);
    state.store.remove('Service', service.metadata.name, ENVOY_GATEWAY_NAMESPACE);
    cache.delete(`Service/${service.metadata.name}`);
  }
}

export function proxyService(state: ClusterState, gateway: Gateway): Service | undefined {
  return state.store.get('Service', proxyName(gateway), ENVOY_GATEWAY_NAMESPACE);
}

export function proxyDeployment(state: ClusterState, gateway: Gateway): Deployment | undefined {
  return state.store.get('Deployment', proxyName(gateway), ENVOY_GATEWAY_NAMESPACE);
}

/** The Gateway a proxy Service or pod belongs to, from its owning-gateway labels. */
export function gatewayOfProxy(state: ClusterState, labels: Record<string, string> | undefined): Gateway | undefined {
  const name = labels?.[OWNING_GATEWAY_NAME];
  const namespace = labels?.[OWNING_GATEWAY_NAMESPACE];
  return name && namespace ? state.store.get('Gateway', name, namespace) : undefined;
}

function condition(
  state: ClusterState,
  previous: readonly Condition[] | undefined,
  type: string,
  verdict: Verdict,
  generation: number,
): Condition {
  const before = previous?.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === verdict.status ? before.lastTransitionTime : state.timestamp();
  return {
    type,
    status: verdict.status,
    reason: verdict.reason,
    message: verdict.message,
    observedGeneration: generation,
    lastTransitionTime,
  };
}

function generationOf(obj: { metadata: ObjectMeta }): number {
  return typeof obj.metadata.generation === 'number' ? obj.metadata.generation : 1;
}

function putIfChanged<T extends GatewayClass | Gateway | HTTPRoute | GRPCRoute>(state: ClusterState, obj: T, status: T['status']): void {
  if (JSON.stringify(obj.status) === JSON.stringify(status)) return;
  state.store.put({ ...obj, status } as T);
}

function addressesOf(service: Service | undefined): { type: string; value: string }[] {
  return (service?.status.loadBalancer.ingress ?? []).flatMap((i) =>
    i.ip ? [{ type: 'IPAddress', value: i.ip }] : i.hostname ? [{ type: 'Hostname', value: i.hostname }] : [],
  );
}

type Report = (obj: ClusterObject, field: string, message: string) => void;

function reporter(state: ClusterState, batch: number, out: Diagnostic[]): Report {
  return (obj, field, message) => {
    const source = state.sources.get(objectKey(obj.kind, obj.metadata.name, obj.metadata.namespace));
    if (!source || source.batch !== batch) return;
    const location = source.manifest.positions.locate(field) ?? source.manifest.location;
    out.push({
      ...location,
      severity: 'warning',
      // A status condition the controller wrote, not an API-server error: svcscope's own hint.
      type: 'Hint',
      field,
      message: field ? `${field}: ${message}` : message,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      document: source.manifest.document,
    });
  };
}

function routeStatus(state: ClusterState, route: Route, report: Report): { parents: RouteParentStatus[]; attached: Map<string, number> } {
  const attached = new Map<string, number>();
  const problems = routeProblems(state, route);
  const generation = generationOf(route);
  const parents: RouteParentStatus[] = [];
  const resolved: Verdict = problems[0]
    ? { status: 'False', reason: problems[0].reason, message: problems[0].message }
    : { status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' };
  route.spec.parentRefs.forEach((parentRef, i) => {
    const attachment = attachParent(state, route, parentRef, i);
    if (attachment.accepted.status === 'False') {
      report(
        route,
        `spec.parentRefs[${i}]`,
        `not attached to Gateway ${parentRef.namespace ?? namespaceOf(route)}/${parentRef.name}: ${attachment.accepted.reason}: ${attachment.accepted.message}`,
      );
    }
    if (!attachment.gateway) return; // Envoy Gateway writes no status for a parentRef it does not manage
    const gw = attachment.gateway;
    for (const l of attachment.listeners) {
      const key = `${namespacedName(gw)}/${l.listener.name}`;
      attached.set(key, (attached.get(key) ?? 0) + 1);
    }
    const previous = route.status.parents.find((p) => JSON.stringify(p.parentRef) === JSON.stringify(parentRef))?.conditions;
    parents.push({
      parentRef: structuredClone(parentRef),
      controllerName: ENVOY_GATEWAY_CONTROLLER,
      conditions: [
        condition(state, previous, 'Accepted', attachment.accepted, generation),
        condition(state, previous, 'ResolvedRefs', resolved, generation),
      ],
    });
  });
  for (const p of problems)
    report(
      route,
      p.field,
      `${p.reason}: ${p.message}${p.backend !== undefined ? ' (Envoy answers 500 for the share of requests this backend would get)' : ' (Envoy answers 500 for requests this rule matches)'}`,
    );
  return { parents, attached };
}

/** Writes every status Envoy Gateway owns; returns warnings for objects applied in `batch`. */
export function reconcileGatewayStatus(state: ClusterState, batch: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = reporter(state, batch, out);
  for (const gc of state.store.list('GatewayClass')) {
    if (gc.spec.controllerName !== ENVOY_GATEWAY_CONTROLLER) continue;
    const accepted: Verdict = { status: 'True', reason: 'Accepted', message: 'Valid GatewayClass' };
    putIfChanged(state, gc, { conditions: [condition(state, gc.status.conditions, 'Accepted', accepted, generationOf(gc))] });
  }
  const attached = new Map<string, number>();
  for (const kind of ['HTTPRoute', 'GRPCRoute'] as const) {
    for (const route of state.store.list(kind)) {
      const result = routeStatus(state, route, report);
      for (const [key, n] of result.attached) attached.set(key, (attached.get(key) ?? 0) + n);
      putIfChanged<Route>(state, route, { parents: result.parents });
    }
  }
  for (const gateway of state.store.list('Gateway')) {
    if (!managedClass(state, gateway.spec.gatewayClassName)) {
      const gc = state.store.get('GatewayClass', gateway.spec.gatewayClassName);
      report(
        gateway,
        'spec.gatewayClassName',
        gc
          ? `GatewayClass "${gc.metadata.name}" is for controller ${gc.spec.controllerName}, which does not run here; only Envoy Gateway (class eg) does, so this Gateway gets no status and no address`
          : `GatewayClass "${gateway.spec.gatewayClassName}" does not exist (this cluster has "eg", Envoy Gateway's): the Gateway gets no status and no address`,
      );
      continue;
    }
    const generation = generationOf(gateway);
    const service = proxyService(state, gateway);
    const addresses = addressesOf(service);
    // Envoy Gateway counts the proxy Deployment's available replicas; here the pods are read
    // directly, so a node failure or failing readiness probe shows at once.
    const deployment = proxyDeployment(state, gateway);
    const pods = state.store
      .list('Pod', ENVOY_GATEWAY_NAMESPACE)
      .filter(
        (p) =>
          p.metadata.labels?.[OWNING_GATEWAY_NAME] === gateway.metadata.name &&
          p.metadata.labels[OWNING_GATEWAY_NAMESPACE] === namespaceOf(gateway),
      );
    const ready = pods.filter(isPodRunningAndReady).length;
    const replicas = deployment?.spec.replicas ?? 0;
    const previous = gateway.status;
    const programmed: Verdict =
      addresses.length === 0
        ? { status: 'False', reason: 'AddressNotAssigned', message: 'No addresses have been assigned to the Gateway' }
        : ready === 0
          ? { status: 'False', reason: 'NoResources', message: 'Envoy replicas unavailable' }
          : {
              status: 'True',
              reason: 'Programmed',
              message: `Address assigned to the Gateway, ${ready}/${replicas} envoy replicas available`,
            };
    const listeners = gateway.spec.listeners.map((listener, i) => {
      const check = checkListener(state, gateway, listener);
      const before = previous.listeners?.find((l) => l.name === listener.name)?.conditions;
      // Any False condition makes the listener invalid (Envoy Gateway testdata
      // gateway-with-listener-with-invalid-allowed-routes-kind-and-supported.out.yaml).
      const listenerProgrammed: Verdict =
        check.accepted.status === 'True' && check.resolvedRefs.status === 'True'
          ? { status: 'True', reason: 'Programmed', message: 'Sending translated listener configuration to the data plane' }
          : { status: 'False', reason: 'Invalid', message: 'Listener is invalid, see other Conditions for details.' };
      if (check.accepted.status === 'False')
        report(
          gateway,
          `spec.listeners[${i}]`,
          `listener ${listener.name} not accepted: ${check.accepted.reason}: ${check.accepted.message}`,
        );
      else if (check.resolvedRefs.status === 'False')
        report(
          gateway,
          `spec.listeners[${i}]`,
          `listener ${listener.name}: ResolvedRefs False: ${check.resolvedRefs.reason}: ${check.resolvedRefs.message}`,
        );
      return {
        name: listener.name,
        supportedKinds: check.supportedKinds,
        attachedRoutes: attached.get(`${namespacedName(gateway)}/${listener.name}`) ?? 0,
        conditions: [
          condition(state, before, 'Programmed', listenerProgrammed, generation),
          condition(state, before, 'Accepted', check.accepted, generation),
          condition(state, before, 'ResolvedRefs', check.resolvedRefs, generation),
        ],
      };
    });
    putIfChanged(state, gateway, {
      ...(addresses.length ? { addresses } : {}),
      conditions: [
        condition(
          state,
          previous.conditions,
          'Accepted',
          { status: 'True', reason: 'Accepted', message: 'The Gateway has been scheduled by Envoy Gateway' },
          generation,
        ),
        condition(state, previous.conditions, 'Programmed', programmed, generation),
      ],
      listeners,
    });
  }
  return out;
}
