/**
 * Registries of the Gateway API kinds: stored as written with the CRDs' `+kubebuilder:default`s
 * filled in (kubernetes-sigs/gateway-api apis/v1), in their storage version's shape. A status
 * sent with the object is dropped (status is a subresource: only the controller writes it; an
 * update keeps the stored one). metadata.generation starts at 1 and goes up when the spec changes,
 * as for every CRD with a status subresource, so conditions can carry observedGeneration.
 */
import type {
  BackendRefInput,
  GRPCRouteInput,
  GatewayClassInput,
  GatewayInput,
  HTTPRouteFilterInput,
  HTTPRouteInput,
  HTTPRouteMatchInput,
  ParentRefInput,
  ReferenceGrantInput,
} from '../../model/gateway-schemas';
import type {
  AllowedRoutes,
  BackendRef,
  GRPCRoute,
  Gateway,
  GatewayClass,
  HTTPRoute,
  HTTPRouteFilter,
  HTTPRouteMatch,
  Listener,
  ParentReference,
  ReferenceGrant,
} from '../../model/gateway-types';
import { GATEWAY_GROUP } from '../../model/gateway-types';
import type { Kind, LabelSelector, ObjectMeta } from '../../model/types';
import type { FieldError } from '../../validate/field-errors';
import type { AdmitContext } from '../kind';
import { buildMeta } from '../kind';
import { namespaceOf } from '../../model/meta';

function withGeneration(meta: ObjectMeta, existing: { metadata: ObjectMeta; spec: unknown } | undefined, spec: unknown): ObjectMeta {
  const previous = typeof existing?.metadata.generation === 'number' ? existing.metadata.generation : 0;
  const changed = !existing || JSON.stringify(existing.spec) !== JSON.stringify(spec);
  return { ...meta, generation: changed ? previous + 1 : previous };
}

function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export function parentRefOf(r: ParentRefInput): ParentReference {
  return defined({
    group: r.group ?? GATEWAY_GROUP,
    kind: r.kind ?? 'Gateway',
    namespace: r.namespace,
    name: r.name ?? '',
    sectionName: r.sectionName,
    port: r.port,
  });
}

function filterOf(f: HTTPRouteFilterInput): HTTPRouteFilter {
  const out: HTTPRouteFilter = { ...(structuredClone(f) as HTTPRouteFilter) };
  if (f.requestRedirect)
    out.requestRedirect = {
      ...structuredClone(f.requestRedirect),
      statusCode: f.requestRedirect.statusCode ?? 302,
    } as HTTPRouteFilter['requestRedirect'];
  if (f.requestMirror) {
    const b = f.requestMirror.backendRef;
    out.requestMirror = {
      ...structuredClone(f.requestMirror),
      backendRef: defined({ group: b.group ?? '', kind: b.kind ?? 'Service', name: b.name, namespace: b.namespace, port: b.port }),
    };
  }
  return out;
}

function backendRefOf(b: BackendRefInput): BackendRef {
  return defined({
    group: b.group ?? '',
    kind: b.kind ?? 'Service',
    name: b.name,
    namespace: b.namespace,
    port: b.port,
    weight: b.weight ?? 1,
    filters: b.filters?.map(filterOf),
  });
}

function matchOf(m: HTTPRouteMatchInput): HTTPRouteMatch {
  return defined({
    path: { type: (m.path?.type ?? 'PathPrefix') as NonNullable<HTTPRouteMatch['path']>['type'], value: m.path?.value ?? '/' },
    headers: m.headers?.map((h) => ({ type: (h.type ?? 'Exact') as 'Exact', name: h.name, value: h.value })),
    queryParams: m.queryParams?.map((h) => ({ type: (h.type ?? 'Exact') as 'Exact', name: h.name, value: h.value })),
    method: m.method,
  });
}

/** Which route kinds a listener protocol carries, when allowedRoutes.kinds is empty (gateway_types.go AllowedRoutes.Kinds). */
function allowedRoutesOf(a: NonNullable<GatewayInput['spec']>['listeners'] extends (infer L)[] | undefined ? L : never): AllowedRoutes {
  const from = (a.allowedRoutes?.namespaces?.from ?? 'Same') as AllowedRoutes['namespaces']['from'];
  const selector = a.allowedRoutes?.namespaces?.selector;
  return defined({
    namespaces: defined({ from, selector: selector ? (structuredClone(selector) as LabelSelector) : undefined }),
    kinds: a.allowedRoutes?.kinds?.map((k) => ({ group: k.group ?? GATEWAY_GROUP, kind: k.kind })),
  });
}

function status<T>(existing: { status: T } | undefined, empty: T): T {
  return existing ? structuredClone(existing.status) : empty;
}

function metaFor(
  ctx: AdmitContext,
  kind: Kind,
  input: { metadata?: ObjectMeta | Record<string, unknown> | undefined },
  existing: { metadata: ObjectMeta; spec: unknown } | undefined,
  namespaced: boolean,
  spec: unknown,
): ObjectMeta {
  const meta = buildMeta(ctx, kind, input.metadata as Parameters<typeof buildMeta>[2], existing?.metadata, namespaced);
  return withGeneration(meta, existing, spec);
}

export function admitGatewayClass(input: GatewayClassInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('GatewayClass', ctx.name);
  const spec: GatewayClass['spec'] = defined({
    controllerName: input.spec?.controllerName ?? '',
    description: input.spec?.description,
    parametersRef: input.spec?.parametersRef,
  });
  ctx.state.store.put<GatewayClass>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: metaFor(ctx, 'GatewayClass', input, existing, false, spec),
    spec,
    status: status(existing, {}),
  });
  return [];
}

export function admitGateway(input: GatewayInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('Gateway', ctx.name, namespaceOf(ctx));
  const spec: Gateway['spec'] = defined({
    gatewayClassName: input.spec?.gatewayClassName ?? '',
    listeners: (input.spec?.listeners ?? []).map((l): Listener =>
      defined({
        name: l.name ?? '',
        hostname: l.hostname,
        port: l.port ?? 0,
        protocol: l.protocol ?? '',
        tls: l.tls ? (structuredClone({ ...l.tls, mode: l.tls.mode ?? 'Terminate' }) as Listener['tls']) : undefined,
        allowedRoutes: allowedRoutesOf(l),
      }),
    ),
    addresses: input.spec?.addresses?.map((a) => ({ type: a.type ?? 'IPAddress', value: a.value ?? '' })),
    infrastructure: input.spec?.infrastructure,
  });
  ctx.state.store.put<Gateway>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: metaFor(ctx, 'Gateway', input, existing, true, spec),
    spec,
    status: status(existing, {}),
  });
  return [];
}

export function admitHTTPRoute(input: HTTPRouteInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('HTTPRoute', ctx.name, namespaceOf(ctx));
  const rules = input.spec?.rules ?? [{}];
  const spec: HTTPRoute['spec'] = defined({
    parentRefs: (input.spec?.parentRefs ?? []).map(parentRefOf),
    hostnames: input.spec?.hostnames ? [...input.spec.hostnames] : undefined,
    rules: rules.map((r) =>
      defined({
        name: r.name,
        // +kubebuilder:default={{path:{ type: "PathPrefix", value: "/"}}}
        matches: (r.matches?.length ? r.matches : [{}]).map(matchOf),
        filters: r.filters?.map(filterOf),
        backendRefs: r.backendRefs?.map(backendRefOf),
        timeouts: r.timeouts ? { ...r.timeouts } : undefined,
      }),
    ),
  });
  ctx.state.store.put<HTTPRoute>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: metaFor(ctx, 'HTTPRoute', input, existing, true, spec),
    spec,
    status: status(existing, { parents: [] }),
  });
  return [];
}

export function admitGRPCRoute(input: GRPCRouteInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('GRPCRoute', ctx.name, namespaceOf(ctx));
  const spec: GRPCRoute['spec'] = defined({
    parentRefs: (input.spec?.parentRefs ?? []).map(parentRefOf),
    hostnames: input.spec?.hostnames ? [...input.spec.hostnames] : undefined,
    rules: (input.spec?.rules ?? []).map((r) =>
      defined({
        name: r.name,
        matches: r.matches?.map((m) =>
          defined({
            method: m.method
              ? (defined({ type: m.method.type ?? 'Exact', service: m.method.service, method: m.method.method }) as NonNullable<
                  NonNullable<GRPCRoute['spec']['rules'][number]['matches']>[number]['method']
                >)
              : undefined,
            headers: m.headers?.map((h) => ({ type: (h.type ?? 'Exact') as 'Exact', name: h.name, value: h.value })),
          }),
        ),
        filters: r.filters?.map(filterOf),
        backendRefs: r.backendRefs?.map(backendRefOf),
      }),
    ),
  });
  ctx.state.store.put<GRPCRoute>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: metaFor(ctx, 'GRPCRoute', input, existing, true, spec),
    spec,
    status: status(existing, { parents: [] }),
  });
  return [];
}

export function admitReferenceGrant(input: ReferenceGrantInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('ReferenceGrant', ctx.name, namespaceOf(ctx));
  const spec: ReferenceGrant['spec'] = {
    from: (input.spec?.from ?? []).map((f) => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
    to: (input.spec?.to ?? []).map((t) => defined({ group: t.group, kind: t.kind, name: t.name })),
  };
  ctx.state.store.put<ReferenceGrant>({
    // v1beta1 is the storage version of ReferenceGrant (config/crd/standard: storage: true).
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: metaFor(ctx, 'ReferenceGrant', input, existing, true, spec),
    spec,
  });
  return [];
}
