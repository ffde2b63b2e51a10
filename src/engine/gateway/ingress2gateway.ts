/**
 * Ingress -> Gateway API, as ingress2gateway does it with its ingress-nginx provider
 * (kubernetes-sigs/ingress2gateway pkg/i2gw/providers/common/converter.go ToIR and
 * toRoutesAndGateways, utils.go RouteName/NameFromHost/ToBackendRef; providers/ingressnginx:
 * converter.go implementationSpecificPathMatch, regex.go, rewrite.go, redirect.go, headers.go).
 * A pure function of the Ingresses (in their stored networking.k8s.io/v1 form, which is also what
 * v1beta1 Ingresses are converted to) and, to resolve named ports and check numbers, the Services.
 *
 * - One Gateway per namespace and ingress class, named after the class, with a listener per rule
 *   host: `<host>-http` on 80 and, when the Ingress's tls lists the host, `<host>-https` on 443
 *   with its Secret (`http`/`https` for rules without a host).
 * - One HTTPRoute per namespace, class and host, `<first ingress>-<host>` (`-all-hosts` without
 *   a host), parentRef the Gateway, a rule per distinct path (pathType Prefix and, as
 *   ingress-nginx treats it, ImplementationSpecific become PathPrefix; Exact stays Exact) with the
 *   backends of the Ingress paths that share it.
 * - A defaultBackend becomes an HTTPRoute `<ingress>-default-backend` with one rule.
 * - Annotations: use-regex and rewrite-target on a host make its paths case-insensitive regular
 *   expressions `(?i)<path>.*`; rewrite-target becomes a URLRewrite ReplaceFullPath (capture
 *   groups flagged); permanent-/temporal-redirect become RequestRedirect; app-root a redirect of
 *   Exact `/`; upstream-vhost a RequestHeaderModifier setting Host; every other
 *   nginx.ingress.kubernetes.io annotation is reported, as ingress2gateway does ("Unsupported
 *   annotation").
 *
 * Where this differs from the tool, it is said in a note: the gatewayClassName (the tool writes
 * the IngressClass name; here the class of the Gateway implementation that runs, `eg`), a Gateway
 * for an Ingress with only a defaultBackend (the tool emits none, so its route could not attach),
 * and backend ports that name a Service's targetPort (ingress-nginx accepts them; a Gateway
 * backendRef must name the Service port).
 */
import { stringify } from 'yaml';
import type { HTTPIngressPath, Ingress, IngressBackend, Service } from '../model/types';
import { namespaceOf, namespacedName } from '../model/meta';

const NGINX = 'nginx.ingress.kubernetes.io/';
const A = {
  rewriteTarget: `${NGINX}rewrite-target`,
  useRegex: `${NGINX}use-regex`,
  sslRedirect: `${NGINX}ssl-redirect`,
  forceSslRedirect: `${NGINX}force-ssl-redirect`,
  permanentRedirect: `${NGINX}permanent-redirect`,
  permanentRedirectCode: `${NGINX}permanent-redirect-code`,
  temporalRedirect: `${NGINX}temporal-redirect`,
  temporalRedirectCode: `${NGINX}temporal-redirect-code`,
  appRoot: `${NGINX}app-root`,
  upstreamVhost: `${NGINX}upstream-vhost`,
  xForwardedPrefix: `${NGINX}x-forwarded-prefix`,
} as const;
const CONVERTED: ReadonlySet<string> = new Set(Object.values(A));
/** Annotations ingress2gateway converts to implementation-specific policies or fields this simulation does not model. */
const CONVERTED_ELSEWHERE: Record<string, string> = {
  'enable-cors': 'a CORS filter',
  'proxy-connect-timeout': 'timeouts',
  'proxy-send-timeout': 'timeouts',
  'proxy-read-timeout': 'timeouts',
  'proxy-body-size': 'a body size policy',
  'backend-protocol': 'a GRPCRoute or BackendTLSPolicy',
  'whitelist-source-range': 'an IP range policy',
  'denylist-source-range': 'an IP range policy',
  'ssl-passthrough': 'a TLSRoute with a Passthrough listener',
  canary: 'weighted backendRefs (or header matches) merged into the primary route',
  'canary-weight': 'backendRef weights',
  'canary-by-header': 'a header match',
  'canary-by-header-value': 'a header match',
  affinity: 'session persistence',
};

export interface ConversionNote {
  severity: 'warning' | 'info';
  /** namespace/name of the Ingress the note is about, when it is about one. */
  ingress?: string;
  /** The field of that Ingress, e.g. metadata.annotations[nginx.ingress.kubernetes.io/rewrite-target]. */
  field?: string;
  message: string;
}

export interface ConversionResult {
  /** Gateways, then HTTPRoutes, as manifests to apply. */
  objects: Record<string, unknown>[];
  yaml: string;
  notes: ConversionNote[];
}

export interface ConversionOptions {
  /** The Services the backends refer to, to resolve named ports and check port numbers. */
  services?: readonly Service[];
  /** The GatewayClass for the Gateways (default eg, Envoy Gateway's). */
  gatewayClassName?: string;
}

/** utils.go NameFromHost. */
export function nameFromHost(host: string): string {
  if (host === '' || host === '*') return 'all-hosts';
  return host.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
}

/** common.GetIngressClass: spec.ingressClassName, else the kubernetes.io/ingress.class annotation. */
function ingressClass(ingress: Ingress): string {
  return ingress.spec.ingressClassName ?? ingress.metadata.annotations?.['kubernetes.io/ingress.class'] ?? '';
}

interface Group {
  namespace: string;
  className: string;
  host: string;
  /** The first Ingress of the group names the route. */
  name: string;
  paths: { ingress: Ingress; path: HTTPIngressPath; field: string }[];
  tls: { secretName?: string }[];
  ingresses: Ingress[];
}

const annotationField = (key: string): string => `metadata.annotations[${key}]`;

function isTrue(value: string | undefined): boolean {
  return value === 'true';
}

export function convertIngresses(ingresses: readonly Ingress[], options: ConversionOptions = {}): ConversionResult {
  const notes: ConversionNote[] = [];
  const className = options.gatewayClassName ?? 'eg';
  const groups = new Map<string, Group>();
  const defaults: { ingress: Ingress; backend: IngressBackend; field: string }[] = [];
  const note = (severity: ConversionNote['severity'], ingress: Ingress | undefined, message: string, field?: string): void => {
    notes.push({ severity, message, ...(ingress ? { ingress: namespacedName(ingress) } : {}), ...(field ? { field } : {}) });
  };

  for (const ingress of ingresses) {
    const cls = ingressClass(ingress);
    if (!cls) {
      note(
        'warning',
        ingress,
        'no ingress class (spec.ingressClassName or kubernetes.io/ingress.class): its routes get no parentRef and attach to nothing',
      );
    }
    const namespace = namespaceOf(ingress);
    (ingress.spec.rules ?? []).forEach((rule, i) => {
      const host = rule.host ?? '';
      const key = `${namespace}/${cls}/${host}/HTTP`;
      let group = groups.get(key);
      if (!group) {
        group = { namespace, className: cls, host, name: ingress.metadata.name, paths: [], tls: [], ingresses: [] };
        groups.set(key, group);
      }
      if (!group.ingresses.includes(ingress)) {
        group.ingresses.push(ingress);
        group.tls.push(
          ...(ingress.spec.tls ?? []).filter((t) => (t.hosts ?? []).includes(host) || (!host && (t.hosts ?? []).length === 0)),
        );
      }
      (rule.http?.paths ?? []).forEach((path, j) => group.paths.push({ ingress, path, field: `spec.rules[${i}].http.paths[${j}]` }));
    });
    if (ingress.spec.defaultBackend) defaults.push({ ingress, backend: ingress.spec.defaultBackend, field: 'spec.defaultBackend' });
    for (const key of Object.keys(ingress.metadata.annotations ?? {})) {
      if (!key.startsWith(NGINX) || CONVERTED.has(key)) continue;
      const short = key.slice(NGINX.length);
      const elsewhere = CONVERTED_ELSEWHERE[short];
      note(
        'warning',
        ingress,
        elsewhere
          ? `${key}: ingress2gateway converts it to ${elsewhere}, which this simulation does not model; it is left out`
          : `Unsupported annotation ${key} (ingress2gateway has no Gateway API equivalent for it): find one by hand`,
        annotationField(key),
      );
    }
  }

  const servicePort = (
    namespace: string,
    backend: IngressBackend,
    ingress: Ingress,
    field: string,
  ): Record<string, unknown> | undefined => {
    const svc = backend.service;
    if (!svc) {
      note(
        'warning',
        ingress,
        `a resource backend (${backend.resource?.kind ?? '?'} ${backend.resource?.name ?? ''}) has no Gateway API equivalent here`,
        field,
      );
      return undefined;
    }
    const service = options.services?.find((s) => s.metadata.name === svc.name && namespaceOf(s) === namespace);
    let port = svc.port.number;
    if (svc.port.name !== undefined) {
      port = service?.spec.ports.find((p) => p.name === svc.port.name)?.port;
      if (port === undefined) {
        note(
          'warning',
          ingress,
          `cannot resolve port name "${svc.port.name}" of Service ${namespace}/${svc.name}: the backendRef needs a port number`,
          field,
        );
      }
    } else if (service && port !== undefined && !service.spec.ports.some((p) => p.port === port)) {
      const byTarget = service.spec.ports.find((p) => String(p.targetPort) === String(port));
      note(
        'warning',
        ingress,
        byTarget
          ? `port ${port} is the targetPort of Service ${svc.name}'s port ${byTarget.port}: ingress-nginx accepts that, but a Gateway API backendRef names the Service port, so the converted route is ResolvedRefs False (BackendNotFound) and answers 500 until the port is changed to ${byTarget.port}`
          : `Service ${svc.name} has no port ${port}: the converted backendRef does not resolve (BackendNotFound)`,
        field,
      );
    }
    return { name: svc.name, ...(port !== undefined ? { port } : {}) };
  };

  const gateways = new Map<string, { namespace: string; name: string; listeners: Record<string, unknown>[] }>();
  const gatewayFor = (namespace: string, cls: string): { listeners: Record<string, unknown>[] } => {
    const key = `${namespace}/${cls}`;
    let gw = gateways.get(key);
    if (!gw) {
      gw = { namespace, name: cls, listeners: [] };
      gateways.set(key, gw);
    }
    return gw;
  };
  const addListener = (gw: { listeners: Record<string, unknown>[] }, listener: Record<string, unknown>): void => {
    const existing = gw.listeners.find((l) => l.name === listener.name);
    if (!existing) gw.listeners.push(listener);
  };

  const routes: Record<string, unknown>[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key) as Group;
    const prefix = group.host ? `${nameFromHost(group.host)}-` : '';
    const gw = group.className ? gatewayFor(group.namespace, group.className) : undefined;
    const secrets = [...new Set(group.tls.map((t) => t.secretName ?? ''))];
    const tls = group.tls.length > 0;
    if (gw) {
      addListener(gw, { name: `${prefix}http`, ...(group.host ? { hostname: group.host } : {}), port: 80, protocol: 'HTTP' });
      if (tls) {
        addListener(gw, {
          name: `${prefix}https`,
          ...(group.host ? { hostname: group.host } : {}),
          port: 443,
          protocol: 'HTTPS',
          tls: { certificateRefs: secrets.map((name) => ({ group: '', kind: 'Secret', name })) },
        });
      }
    }
    const regex =
      group.host !== '' &&
      group.ingresses.some((i) => isTrue(i.metadata.annotations?.[A.useRegex]) || !!i.metadata.annotations?.[A.rewriteTarget]);
    const rules: Record<string, unknown>[] = [];
    const ruleSources: Ingress[] = [];
    const byMatch = new Map<string, Record<string, unknown>>();
    for (const { ingress, path, field } of group.paths) {
      const type = path.pathType === 'Exact' ? 'Exact' : 'PathPrefix';
      const value = path.path || '/';
      const matchPath = regex ? { type: 'RegularExpression', value: `(?i)${value}.*` } : { type, value };
      const matchKey = `${matchPath.type}/${matchPath.value}`;
      const backendRef = servicePort(group.namespace, path.backend, ingress, `${field}.backend`);
      const existing = byMatch.get(matchKey);
      if (existing) {
        if (backendRef) (existing.backendRefs as unknown[]).push(backendRef);
        continue;
      }
      const rule: Record<string, unknown> = { matches: [{ path: matchPath }], backendRefs: backendRef ? [backendRef] : [] };
      const filters = ruleFilters(ingress, note);
      if (filters.redirect) {
        rule.filters = [filters.redirect];
        delete rule.backendRefs;
      } else if (filters.list.length) rule.filters = filters.list;
      byMatch.set(matchKey, rule);
      rules.push(rule);
      ruleSources.push(ingress);
    }
    // app-root: a redirect of Exact / (approot.go).
    const appRoot = group.ingresses.map((i) => ({ i, v: i.metadata.annotations?.[A.appRoot] })).find((x) => x.v);
    if (appRoot?.v) {
      ruleSources.unshift(appRoot.i);
      rules.unshift({
        matches: [{ path: { type: 'Exact', value: '/' } }],
        filters: [
          { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: appRoot.v }, statusCode: 302 } },
        ],
      });
    }
    if (regex) {
      notes.push({
        severity: 'info',
        message: `HTTPRoute ${group.namespace}/${group.name}-${nameFromHost(group.host)}: Using case-insensitive regex path matches. You may want to change this.`,
      });
    }
    const name = `${group.name}-${nameFromHost(group.host)}`;
    // redirect.go addSSLAndTrailingSlashRedirects: a host with TLS gets `<route>-http` on port 80,
    // whose rules answer 308 to https (or, with ssl-redirect: "false", route as before), and the
    // route itself is attached to the `<host>-https` listener only.
    const redirected = tls && group.host !== '' && group.className !== '';
    const parentRefs = group.className ? [{ name: group.className, ...(redirected ? { sectionName: `${prefix}https` } : {}) }] : [];
    routes.push(route(name, group.namespace, parentRefs, group.host, rules));
    if (redirected) {
      const httpRules = rules.map((rule, i) => {
        const source = ruleSources[i] ?? group.ingresses[0];
        if (source?.metadata.annotations?.[A.sslRedirect] === 'false') return structuredClone(rule);
        return {
          matches: structuredClone(rule.matches),
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }],
        };
      });
      routes.push(route(`${name}-http`, group.namespace, [{ name: group.className, port: 80 }], group.host, httpRules));
      notes.push({
        severity: 'info',
        message: `host ${group.host} has TLS: ingress-nginx answers plain HTTP with 308 to https (ssl-redirect defaults to true), so ${name} is attached to the ${prefix}https listener and ${name}-http answers port 80 with that redirect`,
      });
    }
  }

  for (const { ingress, backend, field } of defaults) {
    const cls = ingressClass(ingress);
    const namespace = namespaceOf(ingress);
    const backendRef = servicePort(namespace, backend, ingress, field);
    if (cls) {
      const gw = gatewayFor(namespace, cls);
      if (gw.listeners.length === 0) {
        addListener(gw, { name: 'http', port: 80, protocol: 'HTTP' });
        note(
          'info',
          ingress,
          `ingress2gateway emits no Gateway for an Ingress with only a defaultBackend (no rule host, so no listener); here the Gateway ${cls} gets an "http" listener on port 80 so the route can attach`,
          field,
        );
      }
    }
    routes.push(
      route(`${ingress.metadata.name}-default-backend`, namespace, cls ? [{ name: cls }] : [], '', [
        { backendRefs: backendRef ? [backendRef] : [] },
      ]),
    );
  }

  const gatewayObjects = [...gateways.values()].map((gw) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: gw.name, namespace: gw.namespace },
    spec: { gatewayClassName: className, listeners: gw.listeners },
  }));
  if (gatewayObjects.length) {
    notes.push({
      severity: 'info',
      message: `ingress2gateway names the GatewayClass after the IngressClass (gatewayClassName: ${gatewayObjects.map((g) => g.metadata.name).join(', ')}); here it is ${className}, the class of the Gateway implementation this cluster runs`,
    });
  }
  const objects = [...gatewayObjects, ...routes];
  return { objects, yaml: objects.map((o) => stringify(o)).join('---\n'), notes };
}

function route(
  name: string,
  namespace: string,
  parentRefs: Record<string, unknown>[],
  host: string,
  rules: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: { parentRefs, ...(host ? { hostnames: [host] } : {}), rules },
  };
}

type Note = (severity: ConversionNote['severity'], ingress: Ingress | undefined, message: string, field?: string) => void;

/** The filters ingress-nginx annotations become (rewrite.go, redirect.go, headers.go). */
function ruleFilters(ingress: Ingress, note: Note): { list: Record<string, unknown>[]; redirect?: Record<string, unknown> } {
  const a = ingress.metadata.annotations ?? {};
  const list: Record<string, unknown>[] = [];
  const temporal = a[A.temporalRedirect];
  const permanent = a[A.permanentRedirect];
  const target = temporal ?? permanent;
  if (target) {
    const code = Number(temporal ? (a[A.temporalRedirectCode] ?? 302) : (a[A.permanentRedirectCode] ?? 301));
    const url = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^?#]*)/i.exec(target);
    if (url) {
      const [, scheme = 'http', hostname = '', port, path] = url;
      return {
        list,
        redirect: {
          type: 'RequestRedirect',
          requestRedirect: {
            scheme: scheme.toLowerCase(),
            hostname,
            ...(port ? { port: Number(port) } : {}),
            ...(path && path !== '/' ? { path: { type: 'ReplaceFullPath', replaceFullPath: path } } : {}),
            statusCode: code,
          },
        },
      };
    } else {
      note(
        'warning',
        ingress,
        `redirect target "${target}" is not an absolute URL: not converted`,
        annotationField(temporal ? A.temporalRedirect : A.permanentRedirect),
      );
    }
  }
  const rewrite = a[A.rewriteTarget];
  if (rewrite) {
    if (/\$\d/.test(rewrite)) {
      note(
        'warning',
        ingress,
        `rewrite-target ${rewrite}: Path rewrites with capture group references are not supported`,
        annotationField(A.rewriteTarget),
      );
    } else {
      list.push({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: rewrite } } });
    }
  }
  const headers: { name: string; value: string }[] = [];
  const vhost = a[A.upstreamVhost];
  const forwardedPrefix = a[A.xForwardedPrefix];
  if (vhost) headers.push({ name: 'Host', value: vhost });
  if (rewrite && forwardedPrefix) headers.push({ name: 'X-Forwarded-Prefix', value: forwardedPrefix });
  if (headers.length) list.push({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: headers } });
  return { list };
}
