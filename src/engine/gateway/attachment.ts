/**
 * Which routes attach to which Gateway listeners, and whether their references resolve: what
 * Envoy Gateway's translator decides before it writes statuses and programs Envoy
 * (envoyproxy/gateway internal/gatewayapi route.go processAllowedListenersForParentRefs,
 * helpers.go GetReferencedListeners, validate.go validateBackendRef), following the Gateway API
 * (kubernetes-sigs/gateway-api apis/v1 shared_types.go ParentReference, RouteConditionReason;
 * gateway_types.go AllowedRoutes; referencegrant_types.go).
 */
import type {
  BackendRef,
  GRPCRoute,
  Gateway,
  HTTPRoute,
  HTTPRouteFilter,
  Listener,
  ParentReference,
  RouteGroupKind,
} from '../model/gateway-types';
import { GATEWAY_GROUP } from '../model/gateway-types';
import type { Service, ServicePort } from '../model/types';
import type { ClusterState } from '../state';
import { namespaceOf } from '../model/meta';
import { matchesSelector } from '../util/labels';
import { ENVOY_GATEWAY_CONTROLLER } from './envoy-gateway';
import { intersectHostnames } from './hostnames';

export type Route = HTTPRoute | GRPCRoute;

export interface Verdict {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** Whether Envoy Gateway manages Gateways of this class. */
export function managedClass(state: ClusterState, name: string): boolean {
  return state.store.get('GatewayClass', name)?.spec.controllerName === ENVOY_GATEWAY_CONTROLLER;
}

export function managedGateways(state: ClusterState): Gateway[] {
  return state.store.list('Gateway').filter((g) => managedClass(state, g.spec.gatewayClassName));
}

/** The route kinds a listener protocol carries (Envoy Gateway: HTTP and HTTPS carry HTTPRoute and GRPCRoute). */
function protocolKinds(protocol: string): string[] {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return ['TLSRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return [];
  }
}

export interface ListenerCheck {
  supportedKinds: RouteGroupKind[];
  accepted: Verdict;
  resolvedRefs: Verdict;
}

/** A listener's own conditions (Envoy Gateway validate.go validateAllowedRoutes and validateListenerConditions, listener.go). */
export function checkListener(state: ClusterState, gateway: Gateway, listener: Listener): ListenerCheck {
  const kinds = protocolKinds(listener.protocol);
  if (kinds.length === 0) {
    const message = `Protocol ${listener.protocol} is unsupported, must be HTTP, HTTPS, TCP or UDP.`; // listener.go
    return {
      supportedKinds: [],
      accepted: { status: 'False', reason: 'UnsupportedProtocol', message },
      resolvedRefs: { status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' },
    };
  }
  let supported = kinds.map((kind) => ({ group: GATEWAY_GROUP, kind }));
  let resolvedRefs: Verdict = { status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' };
  const wanted = listener.allowedRoutes.kinds;
  if (wanted && wanted.length > 0) {
    const valid = wanted.filter((k) => k.group === GATEWAY_GROUP && kinds.includes(k.kind));
    supported = valid.map((k) => ({ group: GATEWAY_GROUP, kind: k.kind }));
    const invalid = wanted.filter((k) => !valid.includes(k));
    if (invalid.length > 0) {
      resolvedRefs = {
        status: 'False',
        reason: 'InvalidRouteKinds',
        message: `${invalid.map((k) => k.kind).join(', ')} is not supported, kind must be one of [${kinds.join(' ')}]`,
      };
    }
  }
  // Secrets are not simulated: a certificateRef in the Gateway's namespace is taken to exist; one
  // in another namespace needs a ReferenceGrant there (gateway-secret-missing-reference-grant).
  for (const ref of listener.tls?.certificateRefs ?? []) {
    const ns = ref.namespace ?? namespaceOf(gateway);
    if (
      ns !== namespaceOf(gateway) &&
      !referenceGranted(
        state,
        { group: GATEWAY_GROUP, kind: 'Gateway', namespace: namespaceOf(gateway) },
        { group: '', kind: 'Secret', name: ref.name, namespace: ns },
      )
    ) {
      resolvedRefs = {
        status: 'False',
        reason: 'RefNotPermitted',
        message: `Certificate ref to secret ${ns}/${ref.name} not permitted by any ReferenceGrant.`,
      };
    }
  }
  const accepted: Verdict =
    supported.length === 0 && resolvedRefs.status === 'False'
      ? { status: 'False', reason: 'InvalidRouteKinds', message: resolvedRefs.message }
      : { status: 'True', reason: 'Accepted', message: 'Sending translated listener configuration to the data plane' };
  return { supportedKinds: supported, accepted, resolvedRefs };
}

/** ReferenceGrant check (referencegrant_types.go): a grant in the target's namespace lists the source in `from` and the target in `to`. */
export function referenceGranted(
  state: ClusterState,
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; name: string; namespace: string },
): boolean {
  return state.store
    .list('ReferenceGrant', to.namespace)
    .some(
      (g) =>
        g.spec.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
        g.spec.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === '' || t.name === to.name)),
    );
}

function namespaceAllowed(state: ClusterState, gateway: Gateway, listener: Listener, routeNamespace: string): boolean {
  const from = listener.allowedRoutes.namespaces;
  switch (from.from) {
    case 'All':
      return true;
    case 'Same':
      return routeNamespace === namespaceOf(gateway);
    case 'Selector': {
      const ns = state.store.get('Namespace', routeNamespace);
      const labels = ns?.metadata.labels ?? { 'kubernetes.io/metadata.name': routeNamespace };
      return matchesSelector(from.selector, labels);
    }
    default:
      return false;
  }
}

export interface ListenerAttachment {
  listener: Listener;
  /** The hostnames the route serves on this listener (intersection; ['*'] for none). */
  hostnames: string[];
}

export interface ParentAttachment {
  index: number;
  parentRef: ParentReference;
  /** The Gateway, when the parentRef names one Envoy Gateway manages (else no status is written). */
  gateway?: Gateway;
  accepted: Verdict;
  listeners: ListenerAttachment[];
}

/** One parentRef of a route: GetReferencedListeners, then allowedRoutes, then hostname intersection. */
export function attachParent(state: ClusterState, route: Route, parentRef: ParentReference, index: number): ParentAttachment {
  const routeNs = namespaceOf(route);
  const base = { index, parentRef, listeners: [] as ListenerAttachment[] };
  if (parentRef.group !== GATEWAY_GROUP || parentRef.kind !== 'Gateway') {
    return {
      ...base,
      accepted: {
        status: 'False',
        reason: 'NoMatchingParent',
        message: `parentRef kind ${parentRef.group}/${parentRef.kind} is not a Gateway`,
      },
    };
  }
  const gwNs = parentRef.namespace ?? routeNs;
  const gateway = state.store.get('Gateway', parentRef.name, gwNs);
  if (!gateway || !managedClass(state, gateway.spec.gatewayClassName)) {
    const message = gateway
      ? `Gateway ${gwNs}/${parentRef.name} is of class "${gateway.spec.gatewayClassName}", which Envoy Gateway does not manage`
      : `Gateway ${gwNs}/${parentRef.name} does not exist`;
    return { ...base, accepted: { status: 'False', reason: 'NoMatchingParent', message } };
  }
  const selected = gateway.spec.listeners.filter(
    (l) =>
      (parentRef.sectionName === undefined || l.name === parentRef.sectionName) &&
      (parentRef.port === undefined || l.port === parentRef.port),
  );
  if (selected.length === 0) {
    return { ...base, gateway, accepted: { status: 'False', reason: 'NoMatchingParent', message: 'No listeners match this parent ref' } };
  }
  const allowed = selected.filter((l) => {
    const check = checkListener(state, gateway, l);
    return (
      check.accepted.status === 'True' &&
      check.supportedKinds.some((k) => k.kind === route.kind) &&
      namespaceAllowed(state, gateway, l, routeNs)
    );
  });
  if (allowed.length === 0) {
    return {
      ...base,
      gateway,
      accepted: {
        status: 'False',
        reason: 'NotAllowedByListeners',
        message: 'No listeners included by this parent ref allowed this attachment.',
      },
    };
  }
  const listeners = allowed
    .map((listener) => ({ listener, hostnames: intersectHostnames(listener.hostname, route.spec.hostnames) }))
    .filter((a) => a.hostnames.length > 0);
  if (listeners.length === 0) {
    return {
      ...base,
      gateway,
      accepted: {
        status: 'False',
        reason: 'NoMatchingListenerHostname',
        message: "There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s).",
      },
    };
  }
  return { ...base, gateway, listeners, accepted: { status: 'True', reason: 'Accepted', message: 'Route is accepted' } };
}

export type BackendResolution =
  | { ok: true; service: Service; servicePort: ServicePort; namespace: string }
  | { ok: false; reason: 'BackendNotFound' | 'RefNotPermitted' | 'InvalidKind' | 'UnsupportedValue'; message: string };

/** validateBackendRef and the Service lookup (validate.go; processServiceDestinationSetting). */
export function resolveBackend(state: ClusterState, route: Route, ref: Omit<BackendRef, 'weight' | 'filters'>): BackendResolution {
  if (ref.group !== '' || ref.kind !== 'Service') {
    return {
      ok: false,
      reason: 'InvalidKind',
      message:
        ref.group !== '' && ref.group !== 'core'
          ? `Group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), multicluster.x-k8s.io and gateway.envoyproxy.io are supported`
          : 'Kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported',
    };
  }
  const routeNs = namespaceOf(route);
  const namespace = ref.namespace ?? routeNs;
  if (
    namespace !== routeNs &&
    !referenceGranted(
      state,
      { group: GATEWAY_GROUP, kind: route.kind, namespace: routeNs },
      { group: '', kind: 'Service', name: ref.name, namespace },
    )
  ) {
    return {
      ok: false,
      reason: 'RefNotPermitted',
      message: `Backend ref to Service ${namespace}/${ref.name} not permitted by any ReferenceGrant.`,
    };
  }
  const service = state.store.get('Service', ref.name, namespace);
  if (!service) return { ok: false, reason: 'BackendNotFound', message: `service ${namespace}/${ref.name} not found` };
  if (service.spec.type === 'ExternalName') {
    return {
      ok: false,
      reason: 'UnsupportedValue',
      message: `Service ${namespace}/${ref.name} is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead`,
    };
  }
  const servicePort = service.spec.ports.find((p) => p.port === ref.port);
  if (!servicePort) {
    return { ok: false, reason: 'BackendNotFound', message: `TCP Port ${ref.port ?? ''} not found on service ${namespace}/${ref.name}` };
  }
  return { ok: true, service, servicePort, namespace };
}

/** An ExtensionRef filter's referent is not simulated: Envoy Gateway reports it unresolved and answers 500 (filters.go processUnresolvedHTTPFilter). */
export function unresolvedFilter(route: Route, filter: HTTPRouteFilter): string | undefined {
  if (filter.type !== 'ExtensionRef' || !filter.extensionRef) return undefined;
  const r = filter.extensionRef;
  return `Reference ${namespaceOf(route)}/${r.name} not found for filter type: ${r.kind}`;
}

export interface BackendProblem {
  rule: number;
  backend?: number;
  field: string;
  reason: string;
  message: string;
}

/** Every reference of a route that does not resolve, with its field path (for status and diagnostics). */
export function routeProblems(state: ClusterState, route: Route): BackendProblem[] {
  const out: BackendProblem[] = [];
  route.spec.rules.forEach((rule, i) => {
    (rule.filters ?? []).forEach((f, j) => {
      const message = unresolvedFilter(route, f);
      if (message) out.push({ rule: i, field: `spec.rules[${i}].filters[${j}]`, reason: 'UnsupportedValue', message });
    });
    (rule.backendRefs ?? []).forEach((b, j) => {
      const resolution = resolveBackend(state, route, b);
      if (!resolution.ok)
        out.push({
          rule: i,
          backend: j,
          field: `spec.rules[${i}].backendRefs[${j}]`,
          reason: resolution.reason,
          message: resolution.message,
        });
    });
  });
  return out;
}
