/**
 * The Gateway API CRDs' validation, as the API server runs it on create and update: the OpenAPI
 * enums, patterns, bounds and required fields, and the CEL rules (x-kubernetes-validations) of
 * kubernetes-sigs/gateway-api apis/v1 (gateway_types.go, httproute_types.go, grpcroute_types.go,
 * shared_types.go, referencegrant_types.go). A CEL failure is reported as the API server reports
 * it: `<path>: Invalid value: "object": <message>`.
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
} from '../model/gateway-schemas';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';

/** shared_types.go Hostname: an RFC 1123 name, optionally with a leading `*.` label. */
export const HOSTNAME_PATTERN = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** shared_types.go PreciseHostname and SectionName: no wildcard. */
const PRECISE_HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** shared_types.go GatewayController. */
const CONTROLLER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
/** shared_types.go ProtocolType. */
const PROTOCOL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/;
/** httproute_types.go HTTPPathMatch: characters allowed in Exact and PathPrefix values. */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
/** HTTPHeaderName. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;
export const HTTP_FILTER_TYPES = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'RequestRedirect',
  'URLRewrite',
  'ExtensionRef',
  'CORS',
] as const;
const FILTER_FIELDS: Record<string, keyof HTTPRouteFilterInput> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
};

function cel(path: string, message: string): FieldError {
  return fieldError.invalidRendered(path, '"object"', message);
}

function pattern(path: string, value: string, re: RegExp, max = 253): FieldError[] {
  if (value.length > max) return [fieldError.tooLong(path, max)];
  return re.test(value) ? [] : [fieldError.invalid(path, value, `${path} in body should match '${re.source}'`)];
}

function enumOf(path: string, value: string | number | undefined, allowed: readonly (string | number)[]): FieldError[] {
  if (value === undefined || allowed.includes(value)) return [];
  return [fieldError.notSupported(path, value, allowed.map(String))];
}

function maxItems(path: string, list: readonly unknown[] | undefined, max: number): FieldError[] {
  return list && list.length > max ? [fieldError.invalidRendered(path, String(list.length), `must have at most ${max} items`)] : [];
}

function port(path: string, value: number | undefined): FieldError[] {
  if (value === undefined) return [];
  return value < 1 || value > 65535
    ? [
        fieldError.invalid(
          path,
          value,
          `${path} in body should be ${value < 1 ? 'greater than or equal to 1' : 'less than or equal to 65535'}`,
        ),
      ]
    : [];
}

export function validateGatewayClass(gc: GatewayClassInput): FieldError[] {
  const name = gc.spec?.controllerName;
  if (!name) return [fieldError.required('spec.controllerName', '')];
  return pattern('spec.controllerName', name, CONTROLLER_NAME);
}

export function validateGateway(gw: GatewayInput): FieldError[] {
  const errs: FieldError[] = [];
  const spec = gw.spec;
  if (!spec?.gatewayClassName) errs.push(fieldError.required('spec.gatewayClassName', ''));
  const listeners = spec?.listeners ?? [];
  if (listeners.length === 0) errs.push(fieldError.required('spec.listeners', 'at least 1 listener is required'));
  errs.push(...maxItems('spec.listeners', listeners, 64));
  const names = new Set<string>();
  const combos = new Set<string>();
  listeners.forEach((l, i) => {
    const path = `spec.listeners[${i}]`;
    if (!l.name) errs.push(fieldError.required(`${path}.name`, ''));
    else {
      errs.push(...pattern(`${path}.name`, l.name, PRECISE_HOSTNAME));
      if (names.has(l.name)) errs.push(cel('spec.listeners', 'Listener name must be unique within the Gateway'));
      names.add(l.name);
    }
    if (l.port === undefined) errs.push(fieldError.required(`${path}.port`, ''));
    errs.push(...port(`${path}.port`, l.port));
    if (!l.protocol) errs.push(fieldError.required(`${path}.protocol`, ''));
    else errs.push(...pattern(`${path}.protocol`, l.protocol, PROTOCOL, 255));
    if (l.hostname !== undefined) errs.push(...pattern(`${path}.hostname`, l.hostname, HOSTNAME_PATTERN));
    const protocol = l.protocol ?? '';
    if (l.tls && ['HTTP', 'TCP', 'UDP'].includes(protocol))
      errs.push(cel(path, "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"));
    if (l.hostname !== undefined && ['TCP', 'UDP'].includes(protocol))
      errs.push(cel(path, "hostname must not be specified for protocols ['TCP', 'UDP']"));
    if (protocol === 'HTTPS' && (l.tls?.mode ?? 'Terminate') !== 'Terminate')
      errs.push(cel(path, 'tls mode must be Terminate for protocol HTTPS'));
    if (protocol === 'TLS' && !l.tls) errs.push(cel(path, 'tls mode must be set for protocol TLS'));
    if (l.tls) {
      errs.push(...enumOf(`${path}.tls.mode`, l.tls.mode, ['Terminate', 'Passthrough']));
      if ((l.tls.mode ?? 'Terminate') === 'Terminate' && !(l.tls.certificateRefs?.length || Object.keys(l.tls.options ?? {}).length)) {
        errs.push(cel(`${path}.tls`, 'certificateRefs or options must be specified when mode is Terminate'));
      }
    }
    errs.push(...enumOf(`${path}.allowedRoutes.namespaces.from`, l.allowedRoutes?.namespaces?.from, ['All', 'Selector', 'Same', 'None']));
    const combo = `${l.port ?? ''}/${protocol}/${l.hostname ?? ''}`;
    if (combos.has(combo)) errs.push(cel('spec.listeners', 'Combination of port, protocol and hostname must be unique for each listener'));
    combos.add(combo);
  });
  return errs;
}

function validateParentRefs(refs: readonly ParentRefInput[] | undefined): FieldError[] {
  const errs = maxItems('spec.parentRefs', refs, 32);
  (refs ?? []).forEach((r, i) => {
    const path = `spec.parentRefs[${i}]`;
    if (!r.name) errs.push(fieldError.required(`${path}.name`, ''));
    if (r.sectionName !== undefined) errs.push(...pattern(`${path}.sectionName`, r.sectionName, PRECISE_HOSTNAME));
    errs.push(...port(`${path}.port`, r.port));
  });
  return errs;
}

function validateHostnames(hostnames: readonly string[] | undefined): FieldError[] {
  const errs = maxItems('spec.hostnames', hostnames, 16);
  (hostnames ?? []).forEach((h, i) => errs.push(...pattern(`spec.hostnames[${i}]`, h, HOSTNAME_PATTERN)));
  return errs;
}

function validatePathMatch(path: string, match: NonNullable<HTTPRouteMatchInput['path']>): FieldError[] {
  const type = match.type ?? 'PathPrefix';
  const value = match.value ?? '/';
  if (!['Exact', 'PathPrefix', 'RegularExpression'].includes(type)) {
    return [cel(path, "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']")];
  }
  if (type === 'RegularExpression') return [];
  const rules: [boolean, string][] = [
    [value.startsWith('/'), "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('//'), "must not contain '//' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('/./'), "must not contain '/./' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('/../'), "must not contain '/../' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('%2f') && !value.includes('%2F'), "must not contain '%2f' or '%2F' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('#'), "must not contain '#' when type one of ['Exact', 'PathPrefix']"],
    [!value.endsWith('/..') && !value.endsWith('/.'), "must not end with '/..' or '/.' when type one of ['Exact', 'PathPrefix']"],
    [PATH_CHARS.test(value), `must only contain valid characters (matching ${PATH_CHARS.source}) for types ['Exact', 'PathPrefix']`],
  ];
  return rules.filter(([ok]) => !ok).map(([, message]) => cel(path, message));
}

function validateMatch(path: string, match: HTTPRouteMatchInput): FieldError[] {
  const errs: FieldError[] = [];
  if (match.path) errs.push(...validatePathMatch(`${path}.path`, match.path));
  for (const [field, list] of [
    ['headers', match.headers],
    ['queryParams', match.queryParams],
  ] as const) {
    errs.push(...maxItems(`${path}.${field}`, list, 16));
    const seen = new Set<string>();
    (list ?? []).forEach((h, j) => {
      errs.push(...enumOf(`${path}.${field}[${j}].type`, h.type, ['Exact', 'RegularExpression']));
      if (field === 'headers' && !HEADER_NAME.test(h.name))
        errs.push(fieldError.invalid(`${path}.${field}[${j}].name`, h.name, 'must be an HTTP header name'));
      const key = field === 'headers' ? h.name.toLowerCase() : h.name;
      if (seen.has(key)) errs.push(fieldError.duplicate(`${path}.${field}[${j}].name`, h.name)); // listMapKey=name
      seen.add(key);
    });
  }
  errs.push(...enumOf(`${path}.method`, match.method, HTTP_METHODS));
  return errs;
}

function validatePathModifier(
  path: string,
  m: { type: string; replaceFullPath?: string | undefined; replacePrefixMatch?: string | undefined },
): FieldError[] {
  const errs = enumOf(`${path}.type`, m.type, ['ReplaceFullPath', 'ReplacePrefixMatch']);
  if (m.type === 'ReplaceFullPath' && m.replaceFullPath === undefined)
    errs.push(cel(path, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'"));
  if (m.replaceFullPath !== undefined && m.type !== 'ReplaceFullPath')
    errs.push(cel(path, "type must be 'ReplaceFullPath' when replaceFullPath is set"));
  if (m.type === 'ReplacePrefixMatch' && m.replacePrefixMatch === undefined)
    errs.push(cel(path, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"));
  if (m.replacePrefixMatch !== undefined && m.type !== 'ReplacePrefixMatch')
    errs.push(cel(path, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"));
  return errs;
}

function validateFilters(path: string, filters: readonly HTTPRouteFilterInput[] | undefined): FieldError[] {
  const errs = maxItems(path, filters, 16);
  const list = filters ?? [];
  if (list.some((f) => f.type === 'RequestRedirect') && list.some((f) => f.type === 'URLRewrite')) {
    errs.push(cel(path, 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'));
  }
  for (const type of ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'CORS']) {
    if (list.filter((f) => f.type === type).length > 1) errs.push(cel(path, `${type} filter cannot be repeated`));
  }
  list.forEach((f, i) => {
    const at = `${path}[${i}]`;
    if (!(HTTP_FILTER_TYPES as readonly string[]).includes(f.type)) {
      errs.push(fieldError.notSupported(`${at}.type`, f.type, HTTP_FILTER_TYPES));
      return;
    }
    for (const [type, field] of Object.entries(FILTER_FIELDS)) {
      const present = f[field] !== undefined;
      if (present && f.type !== type) errs.push(cel(at, `filter.${field} must be nil if the filter.type is not ${type}`));
      if (!present && f.type === type) errs.push(cel(at, `filter.${field} must be specified for ${type} filter.type`));
    }
    const redirect = f.requestRedirect;
    if (redirect) {
      errs.push(...enumOf(`${at}.requestRedirect.scheme`, redirect.scheme, ['http', 'https']));
      errs.push(...enumOf(`${at}.requestRedirect.statusCode`, redirect.statusCode, [301, 302, 303, 307, 308]));
      errs.push(...port(`${at}.requestRedirect.port`, redirect.port));
      if (redirect.hostname !== undefined) errs.push(...pattern(`${at}.requestRedirect.hostname`, redirect.hostname, PRECISE_HOSTNAME));
      if (redirect.path) errs.push(...validatePathModifier(`${at}.requestRedirect.path`, redirect.path));
    }
    const rewrite = f.urlRewrite;
    if (rewrite) {
      if (rewrite.hostname !== undefined) errs.push(...pattern(`${at}.urlRewrite.hostname`, rewrite.hostname, PRECISE_HOSTNAME));
      if (rewrite.path) errs.push(...validatePathModifier(`${at}.urlRewrite.path`, rewrite.path));
    }
    const mirror = f.requestMirror;
    if (mirror) {
      if (mirror.percent !== undefined && mirror.fraction !== undefined)
        errs.push(cel(`${at}.requestMirror`, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter'));
      errs.push(...validateBackendObject(`${at}.requestMirror.backendRef`, mirror.backendRef));
    }
  });
  return errs;
}

function validateBackendObject(path: string, ref: Pick<BackendRefInput, 'group' | 'kind' | 'port'>): FieldError[] {
  const errs = port(`${path}.port`, ref.port);
  if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && ref.port === undefined)
    errs.push(cel(path, 'Must have port for Service reference'));
  return errs;
}

function validateBackendRefs(path: string, refs: readonly BackendRefInput[] | undefined): FieldError[] {
  const errs = maxItems(path, refs, 16);
  (refs ?? []).forEach((b, i) => {
    errs.push(...validateBackendObject(`${path}[${i}]`, b));
    if (b.weight !== undefined && (b.weight < 0 || b.weight > 1000000)) {
      errs.push(
        fieldError.invalid(
          `${path}[${i}].weight`,
          b.weight,
          `${path}[${i}].weight in body should be ${b.weight < 0 ? 'greater than or equal to 0' : 'less than or equal to 1000000'}`,
        ),
      );
    }
    errs.push(...validateFilters(`${path}[${i}].filters`, b.filters));
  });
  return errs;
}

export function validateHTTPRoute(route: HTTPRouteInput): FieldError[] {
  const spec = route.spec;
  const errs = [...validateParentRefs(spec?.parentRefs), ...validateHostnames(spec?.hostnames), ...maxItems('spec.rules', spec?.rules, 16)];
  let matches = 0;
  (spec?.rules ?? []).forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    errs.push(...maxItems(`${path}.matches`, rule.matches, 64));
    matches += rule.matches?.length ?? 1;
    (rule.matches ?? []).forEach((m, j) => errs.push(...validateMatch(`${path}.matches[${j}]`, m)));
    errs.push(...validateFilters(`${path}.filters`, rule.filters));
    errs.push(...validateBackendRefs(`${path}.backendRefs`, rule.backendRefs));
    const filters = rule.filters ?? [];
    if ((rule.backendRefs?.length ?? 0) > 0 && filters.some((f) => f.requestRedirect !== undefined)) {
      errs.push(cel(path, 'RequestRedirect filter must not be used together with backendRefs'));
    }
    const prefixReplace = filters.some(
      (f) => f.requestRedirect?.path?.type === 'ReplacePrefixMatch' || f.urlRewrite?.path?.type === 'ReplacePrefixMatch',
    );
    const only = rule.matches?.length === 1 ? rule.matches[0] : undefined;
    if (prefixReplace && (!only?.path || (only.path.type ?? 'PathPrefix') !== 'PathPrefix')) {
      const which = filters.some((f) => f.requestRedirect?.path?.type === 'ReplacePrefixMatch') ? 'RequestRedirect' : 'URLRewrite';
      errs.push(cel(path, `When using ${which} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`));
    }
  });
  if (matches > 128) {
    errs.push(
      cel(
        'spec.rules',
        'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
      ),
    );
  }
  return errs;
}

export function validateGRPCRoute(route: GRPCRouteInput): FieldError[] {
  const spec = route.spec;
  const errs = [...validateParentRefs(spec?.parentRefs), ...validateHostnames(spec?.hostnames), ...maxItems('spec.rules', spec?.rules, 16)];
  (spec?.rules ?? []).forEach((rule, i) => {
    (rule.matches ?? []).forEach((m, j) => {
      const path = `spec.rules[${i}].matches[${j}].method`;
      if (!m.method) return;
      errs.push(...enumOf(`${path}.type`, m.method.type, ['Exact', 'RegularExpression']));
      if (!m.method.service && !m.method.method) errs.push(cel(path, "One or both of 'service' or 'method' must be specified"));
      if (
        (m.method.type ?? 'Exact') === 'Exact' &&
        m.method.service !== undefined &&
        !/^(?:[A-Za-z_][A-Za-z_0-9]*\.)*[A-Za-z_][A-Za-z_0-9]*$/.test(m.method.service)
      ) {
        errs.push(cel(path, 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)'));
      }
    });
    errs.push(...validateBackendRefs(`spec.rules[${i}].backendRefs`, rule.backendRefs));
  });
  return errs;
}

export function validateReferenceGrant(grant: ReferenceGrantInput): FieldError[] {
  const errs: FieldError[] = [];
  const from = grant.spec?.from ?? [];
  const to = grant.spec?.to ?? [];
  if (from.length === 0) errs.push(fieldError.required('spec.from', 'at least 1 item is required'));
  if (to.length === 0) errs.push(fieldError.required('spec.to', 'at least 1 item is required'));
  errs.push(...maxItems('spec.from', from, 16), ...maxItems('spec.to', to, 16));
  return errs;
}
