/** Registries of the kinds that are stored as written, with defaults: Endpoints, EndpointSlice, Ingress, IngressClass, Namespace. */
import type {
  EndpointSliceInput,
  EndpointsInput,
  IngressClassInput,
  IngressV1Input,
  IngressV1beta1Input,
  NamespaceInput,
} from '../../model/schemas';
import type {
  EndpointSlice,
  Endpoints,
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressClass,
  Namespace,
  PathType,
  Protocol,
} from '../../model/types';
import type { FieldError } from '../../validate/field-errors';
import type { AdmitContext } from '../kind';
import { buildMeta } from '../kind';
import { INGRESS_CLASS_ANNOTATION, defaultIngressClass } from '../../ingress/ingress-class';
import { namespaceOf } from '../../model/meta';
import { ingressNginxAdmission } from '../../ingress/admission';

export function admitEndpoints(input: EndpointsInput, ctx: AdmitContext): FieldError[] {
  const namespace = namespaceOf(ctx);
  const existing = ctx.state.store.get('Endpoints', ctx.name, namespace);
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: buildMeta(ctx, 'Endpoints', input.metadata, existing?.metadata, true),
    subsets: (input.subsets ?? []).map((s) => ({
      ...(s.addresses ? { addresses: s.addresses.map((a) => ({ ...a, ip: a.ip ?? '' })) } : {}),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.map((a) => ({ ...a, ip: a.ip ?? '' })) } : {}),
      ...(s.ports ? { ports: s.ports.map((p) => ({ ...p, protocol: (p.protocol ?? 'TCP') as Protocol })) } : {}),
    })),
  };
  ctx.state.store.put(endpoints);
  ctx.state.userEndpoints.add(`${namespace}/${ctx.name}`);
  return [];
}

export function admitEndpointSlice(input: EndpointSliceInput, ctx: AdmitContext): FieldError[] {
  const namespace = namespaceOf(ctx);
  const existing = ctx.state.store.get('EndpointSlice', ctx.name, namespace);
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: buildMeta(ctx, 'EndpointSlice', input.metadata, existing?.metadata, true),
    addressType: input.addressType ?? 'IPv4',
    endpoints: (input.endpoints ?? []).map((e) => ({ ...e, conditions: { ...(e.conditions ?? {}) } })),
    ports: (input.ports ?? []).map((p) => ({ ...p, protocol: (p.protocol ?? 'TCP') as Protocol })),
  };
  ctx.state.store.put(slice);
  return [];
}

export function admitNamespace(input: NamespaceInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('Namespace', ctx.name);
  const meta = buildMeta(ctx, 'Namespace', input.metadata, existing?.metadata, false);
  meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': ctx.name };
  const ns: Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta,
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
  ctx.state.store.put(ns);
  return [];
}

type V1Backend = NonNullable<NonNullable<IngressV1Input['spec']>['defaultBackend']>;
type V1beta1Backend = NonNullable<NonNullable<IngressV1beta1Input['spec']>['backend']>;

function backendFromV1(b: V1Backend): IngressBackend {
  if (b.resource)
    return {
      resource: {
        ...(b.resource.apiGroup ? { apiGroup: b.resource.apiGroup } : {}),
        kind: b.resource.kind ?? '',
        name: b.resource.name ?? '',
      },
    };
  const port = b.service?.port;
  return {
    service: {
      name: b.service?.name ?? '',
      port: port?.name ? { name: port.name } : { number: port?.number ?? 0 },
    },
  };
}

/** networking/v1beta1 Convert_v1beta1_IngressBackend_To_networking_IngressBackend. */
function backendFromV1beta1(b: V1beta1Backend): IngressBackend {
  if (b.resource)
    return {
      resource: {
        ...(b.resource.apiGroup ? { apiGroup: b.resource.apiGroup } : {}),
        kind: b.resource.kind ?? '',
        name: b.resource.name ?? '',
      },
    };
  const port = b.servicePort;
  return { service: { name: b.serviceName ?? '', port: typeof port === 'string' ? { name: port } : { number: port ?? 0 } } };
}

/**
 * The DefaultIngressClass admission plugin (plugin/pkg/admission/network/defaultingressclass,
 * admission.NewHandler(admission.Create)): on create only, an Ingress with neither
 * spec.ingressClassName nor the kubernetes.io/ingress.class annotation gets the default
 * IngressClass's name; one with either is left alone (so one with both keeps its own class, and
 * ValidateIngressCreate then requires the two to match). A later `kubectl apply` of the same
 * manifest keeps that server-set field, with or without the annotation: the three-way merge only
 * removes fields the last applied configuration had (staging/src/k8s.io/kubectl/pkg/cmd/apply),
 * and the user never wrote it.
 */
function admittedClassName(
  input: IngressV1Input | IngressV1beta1Input,
  ctx: AdmitContext,
  existing: Ingress | undefined,
): string | undefined {
  const written = input.spec?.ingressClassName;
  if (written) return written;
  if (existing) return existing.spec.ingressClassName;
  if (input.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return undefined;
  return defaultIngressClass(ctx.state.store.list('IngressClass'))?.metadata.name;
}

/**
 * Stores an Ingress in its networking.k8s.io/v1 form, whichever version it was written in.
 * Its status is the ingress controller's to write (the registry's PrepareForCreate clears a
 * status sent on create; an update keeps the stored one): see controllers/ingress-status.
 */
export function admitIngress(input: IngressV1Input | IngressV1beta1Input, ctx: AdmitContext): FieldError[] {
  const namespace = namespaceOf(ctx);
  const existing = ctx.state.store.get('Ingress', ctx.name, namespace);
  const v1 = ctx.apiVersion === 'networking.k8s.io/v1';
  const spec = input.spec ?? {};
  const convert = (b: unknown): IngressBackend => (v1 ? backendFromV1(b as V1Backend) : backendFromV1beta1(b as V1beta1Backend));
  const defaultBackend = v1
    ? (spec as NonNullable<IngressV1Input['spec']>).defaultBackend
    : (spec as NonNullable<IngressV1beta1Input['spec']>).backend;
  const className = admittedClassName(input, ctx, existing);
  const ingress: Ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: buildMeta(ctx, 'Ingress', input.metadata, existing?.metadata, true),
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      ...(defaultBackend ? { defaultBackend: convert(defaultBackend) } : {}),
      ...(spec.tls ? { tls: spec.tls.map((t) => ({ ...t })) } : {}),
      ...(spec.rules
        ? {
            rules: spec.rules.map((r) => ({
              ...(r.host ? { host: r.host } : {}),
              ...(r.http
                ? {
                    http: {
                      paths: r.http.paths.map((p): HTTPIngressPath => ({
                        ...(p.path !== undefined ? { path: p.path } : {}),
                        pathType: (p.pathType ?? 'ImplementationSpecific') as PathType,
                        backend: convert(p.backend),
                      })),
                    },
                  }
                : {}),
            })),
          }
        : {}),
    },
    status: {
      loadBalancer: existing?.status.loadBalancer.ingress ? { ingress: existing.status.loadBalancer.ingress.map((i) => ({ ...i })) } : {},
    },
  };
  // Validating admission webhooks run after validation, before the object is stored.
  const denied = ingressNginxAdmission(ctx.state, ingress);
  if (denied.length > 0) return denied;
  ctx.state.store.put(ingress);
  return [];
}

export function admitIngressClass(input: IngressClassInput, ctx: AdmitContext): FieldError[] {
  const existing = ctx.state.store.get('IngressClass', ctx.name);
  const ingressClass: IngressClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: buildMeta(ctx, 'IngressClass', input.metadata, existing?.metadata, false),
    spec: {
      ...(input.spec?.controller ? { controller: input.spec.controller } : {}),
      ...(input.spec?.parameters ? { parameters: input.spec.parameters } : {}),
    },
  };
  ctx.state.store.put(ingressClass);
  return [];
}
