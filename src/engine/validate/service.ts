/**
 * Service validation, following ValidateService, validateServicePort and ValidateServiceUpdate in
 * kubernetes/pkg/apis/core/validation/validation.go, and the pre-validation the Service registry
 * makes before it allocates (initIPFamilyFields in pkg/registry/core/service/storage/alloc.go).
 *
 * Every function here sees the Service as the API server validates it: defaulted by
 * SetDefaults_Service (model/defaults.ts) and with `clusterIP` copied into `clusterIPs` by the
 * registry's normalizeClusterIPs (apiserver/registry/service.ts, prepareService). Allocation
 * errors (a ClusterIP outside the range or taken, a nodePort outside the range or taken) come from
 * the registry's admission.
 */
import type { ServiceInput } from '../model/schemas';
import type { Service } from '../model/types';
import { SERVICE_TYPES } from '../model/types';
import type { FieldError } from './field-errors';
import { fieldError, renderValue } from './field-errors';
import {
  INVALID_IP_DETAIL,
  invalidEach,
  validateIP,
  validateLabels,
  validateNonSpecialIP,
  validatePortNum,
  validatePortNumOrName,
  validateProtocol,
} from './common';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names';
import { isCIDR, isIP, isIPv4 } from '../net/ipv4';
import { externallyAccessible } from '../model/defaults';

type ServiceSpecInput = NonNullable<ServiceInput['spec']>;

/** The largest session affinity timeout: core.MaxClientIPServiceAffinitySeconds (one day). */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/** core.AnnotationLoadBalancerSourceRangesKey, the annotation form of `loadBalancerSourceRanges`. */
export const LOAD_BALANCER_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** validation.IsValidCIDR wording (k8s.io/apimachinery/pkg/util/validation/ip.go). */
const INVALID_CIDR_DETAIL = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** isHeadlessService (validation.go): exactly one cluster IP, and it is `None`. */
export function isHeadless(spec: ServiceSpecInput): boolean {
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  return ips.length === 1 && ips[0] === 'None';
}

/** Go's %#v of a []string, as field errors print `spec.clusterIPs`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

const SUPPORTED_IP_FAMILIES = ['IPv4', 'IPv6'];
const SUPPORTED_IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** ValidateServiceClusterIPsRelatedFields (validation.go), for a single-stack cluster. */
function validateClusterIPsRelatedFields(spec: ServiceSpecInput): FieldError[] {
  if (spec.type === 'ExternalName') return []; // checked by ValidateService's ExternalName case
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const rendered = goStringSlice(ips);
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(fieldError.required('spec.clusterIPs', ''));
    else if (ips[0] !== spec.clusterIP)
      errs.push(fieldError.invalidRendered('spec.clusterIPs', rendered, 'first value must match `clusterIP`', ips));
  } else if (ips.length > 0) {
    errs.push(fieldError.invalidRendered('spec.clusterIPs', rendered, 'must be empty when `clusterIP` is not specified', ips));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (!SUPPORTED_IP_FAMILIES.includes(family)) errs.push(fieldError.notSupported(`spec.ipFamilies[${i}]`, family, SUPPORTED_IP_FAMILIES));
    if (seen.has(family)) errs.push(fieldError.duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  if (spec.ipFamilyPolicy !== undefined && !SUPPORTED_IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(fieldError.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, SUPPORTED_IP_FAMILY_POLICIES));
  }
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(fieldError.invalidRendered('spec.clusterIPs', rendered, "'None' must be the first and only value", ips));
      }
      return;
    }
    const ipErrs = validateIP(ip, `spec.clusterIPs[${i}]`);
    if (ipErrs.length > 0) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(fieldError.invalidRendered('spec.clusterIPs', rendered, 'may only hold up to 2 values', ips));
  if (hasInvalidIPs) return errs;
  if (ips.length > 1 && isIPv4(ips[0] ?? '') === isIPv4(ips[1] ?? '')) {
    errs.push(fieldError.invalidRendered('spec.clusterIPs', rendered, 'may specify no more than one IP for each IP family', ips));
  }
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      const family = spec.ipFamilies?.[i];
      if (family === 'IPv4' && !isIPv4(ip)) {
        errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (family === 'IPv6' && isIPv4(ip)) {
        errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

/**
 * The rest of initIPFamilyFields (pkg/registry/core/service/storage/alloc.go) on a cluster whose
 * only service IP family is IPv4 (the simulated one): what ipFamilyPolicy, ipFamilies and
 * clusterIPs may ask of it.
 */
function validateIPFamiliesForCluster(spec: ServiceSpecInput): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const policy = spec.ipFamilyPolicy ?? 'SingleStack';
  if (policy === 'SingleStack') {
    if (ips.length === 2) {
      errs.push(
        fieldError.invalid(
          'spec.ipFamilyPolicy',
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (spec.ipFamilies?.length === 2) {
      errs.push(
        fieldError.invalid(
          'spec.ipFamilyPolicy',
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }
  for (const [i, ip] of ips.entries()) {
    if (ip === 'None') break;
    if (i >= (spec.ipFamilies?.length ?? 0) && !isIPv4(ip)) {
      errs.push(fieldError.invalidRendered(`spec.clusterIPs[${i}]`, goStringSlice(ips), 'IPv6 is not configured on this cluster', ips));
    }
  }
  if (errs.length > 0) return errs;
  // Headless and selectorless: any families, and a second one is added (alloc.go's special case).
  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) return errs;
  if (policy === 'RequireDualStack') {
    errs.push(fieldError.invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  }
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== 'IPv4') errs.push(fieldError.invalid(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  return errs;
}

/**
 * Go's %#v of the core.ServicePort key ValidateService uses to find duplicate (port, protocol)
 * pairs: only Protocol and Port are set.
 */
function goServicePortKey(port: number, protocol: string): string {
  return (
    `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
    'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'
  );
}

/** validateServicePort, the ClusterIP-type nodePort check and the duplicate checks of ValidateService. */
function validatePorts(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  const type = spec.type ?? 'ClusterIP';
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') errs.push(fieldError.required('spec.ports', ''));

  const names = new Set<string>();
  const portProtocols = new Set<string>();
  const nodePortProtocols = new Set<string>();
  ports.forEach((port, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) {
      errs.push(fieldError.required(`${path}.name`, ''));
    } else if (port.name) {
      errs.push(...invalidEach(`${path}.name`, port.name, isDNS1123Label(port.name)));
      if (names.has(port.name)) errs.push(fieldError.duplicate(`${path}.name`, port.name));
      names.add(port.name);
    }
    errs.push(...validatePortNum(port.port, `${path}.port`));
    errs.push(...validateProtocol(port.protocol, `${path}.protocol`));
    errs.push(...validatePortNumOrName(port.targetPort, `${path}.targetPort`));
    if (port.appProtocol !== undefined) {
      errs.push(...invalidEach(`${path}.appProtocol`, port.appProtocol, isQualifiedName(port.appProtocol))); // ValidateQualifiedName
    }
  });
  if (type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (port.nodePort) errs.push(fieldError.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  // A nodePort's number is not checked here: the registry's port allocator refuses one outside its range.
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.nodePort}/${port.protocol ?? 'TCP'}`;
    if (nodePortProtocols.has(key)) errs.push(fieldError.duplicate(`spec.ports[${i}].nodePort`, port.nodePort));
    nodePortProtocols.add(key);
  });
  ports.forEach((port, i) => {
    const protocol = port.protocol ?? 'TCP';
    const key = `${port.port}/${protocol}`;
    if (portProtocols.has(key))
      errs.push(fieldError.duplicateRendered(`spec.ports[${i}]`, goServicePortKey(port.port, protocol), { port: port.port, protocol }));
    portProtocols.add(key);
  });
  return errs;
}

/** ValidateService's switch on the type: headless NodePort/LoadBalancer, and the ExternalName rules. */
function validateByType(spec: ServiceSpecInput): FieldError[] {
  const type = spec.type ?? 'ClusterIP';
  if ((type === 'NodePort' || type === 'LoadBalancer') && isHeadless(spec)) {
    return [fieldError.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`)];
  }
  if (type !== 'ExternalName') return [];
  const errs: FieldError[] = [];
  if ((spec.clusterIPs?.length ?? 0) > 0) errs.push(fieldError.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  if ((spec.ipFamilies?.length ?? 0) > 0) errs.push(fieldError.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (spec.ipFamilyPolicy !== undefined) errs.push(fieldError.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
  // The value (a CNAME) may have a trailing dot to denote it as fully qualified; the rest is checked.
  const name = spec.externalName ?? '';
  const cname = name.endsWith('.') ? name.slice(0, -1) : name;
  if (cname === '') errs.push(fieldError.required('spec.externalName', ''));
  else errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
  return errs;
}

/** The session affinity checks of ValidateService and validateClientIPAffinityConfig. */
function validateAffinity(spec: ServiceSpecInput): FieldError[] {
  const affinity = spec.sessionAffinity ?? '';
  if (affinity === '') return [fieldError.required('spec.sessionAffinity', '')];
  if (affinity !== 'None' && affinity !== 'ClientIP')
    return [fieldError.notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  const path = 'spec.sessionAffinityConfig';
  if (affinity === 'None') {
    return spec.sessionAffinityConfig ? [fieldError.forbidden(path, 'must not be set when session affinity is None')] : [];
  }
  const when = 'when session affinity type is ClientIP';
  const config = spec.sessionAffinityConfig;
  if (!config) return [fieldError.required(path, when)];
  if (!config.clientIP) return [fieldError.required(`${path}.clientIP`, when)];
  const timeout = config.clientIP.timeoutSeconds;
  if (timeout === undefined) return [fieldError.required(`${path}.clientIP.timeoutSeconds`, when)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    return [
      fieldError.invalid(
        `${path}.clientIP.timeoutSeconds`,
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      ),
    ];
  }
  return [];
}

/** validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue. */
function validateTrafficPolicies(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  const policy = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec)) {
    if (policy !== '')
      errs.push(fieldError.invalid('spec.externalTrafficPolicy', policy, 'may only be set for externally-accessible services'));
  } else if (policy === '') {
    errs.push(fieldError.required('spec.externalTrafficPolicy', ''));
  } else if (policy !== 'Cluster' && policy !== 'Local') {
    errs.push(fieldError.notSupported('spec.externalTrafficPolicy', policy, ['Cluster', 'Local']));
  }
  // apiservice.NeedsHealthCheck. When it holds, the registry has allocated the port before
  // validation (so the Required case never shows); here it is allocated on admission.
  const needsHealthCheck = type === 'LoadBalancer' && policy === 'Local';
  if (spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== 0) {
    if (!needsHealthCheck) {
      errs.push(
        fieldError.invalid(
          'spec.healthCheckNodePort',
          spec.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    } else {
      errs.push(...validatePortNum(spec.healthCheckNodePort, 'spec.healthCheckNodePort'));
    }
  }
  const internal = spec.internalTrafficPolicy;
  if (internal === undefined && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')) {
    errs.push(fieldError.required('spec.internalTrafficPolicy', ''));
  }
  if (internal !== undefined && internal !== 'Cluster' && internal !== 'Local') {
    errs.push(fieldError.notSupported('spec.internalTrafficPolicy', internal, ['Cluster', 'Local']));
  }
  return errs;
}

/**
 * ValidateService's source ranges (the field, or else its annotation), allocateLoadBalancerNodePorts
 * and validateLoadBalancerClassField. The field's errors are reported at `spec.LoadBalancerSourceRanges`,
 * capital L, as ValidateService spells the path.
 */
function validateLoadBalancerFields(service: ServiceInput): FieldError[] {
  const spec = service.spec ?? {};
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  const onlyLB = "may only be used when `type` is 'LoadBalancer'";
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation = service.metadata?.annotations?.[LOAD_BALANCER_SOURCE_RANGES_ANNOTATION];
  if (ranges.length > 0) {
    const path = 'spec.LoadBalancerSourceRanges';
    if (type !== 'LoadBalancer') errs.push({ ...fieldError.forbidden(path, onlyLB), at: 'spec.loadBalancerSourceRanges' });
    ranges.forEach((raw, i) => {
      // Space-padded values are allowed, "due to a historical accident" (ValidateService).
      const value = raw.trim();
      if (!isCIDR(value))
        errs.push({ ...fieldError.invalid(`${path}[${i}]`, value, INVALID_CIDR_DETAIL), at: `spec.loadBalancerSourceRanges[${i}]` });
    });
  } else if (annotation !== undefined) {
    const path = `metadata.annotations[${LOAD_BALANCER_SOURCE_RANGES_ANNOTATION}]`;
    if (type !== 'LoadBalancer') errs.push(fieldError.forbidden(path, onlyLB));
    const value = annotation.trim();
    if (value !== '') {
      for (const cidr of value.split(',').map((c) => c.trim())) {
        if (!isCIDR(cidr)) errs.push(fieldError.invalid(path, cidr, INVALID_CIDR_DETAIL));
      }
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errs.push(fieldError.forbidden('spec.allocateLoadBalancerNodePorts', onlyLB));
  }
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    errs.push(fieldError.required('allocateLoadBalancerNodePorts', '')); // sic: ValidateService's path has no "spec"
  }
  if (spec.loadBalancerClass !== undefined) {
    if (type === 'LoadBalancer')
      errs.push(...invalidEach('spec.loadBalancerClass', spec.loadBalancerClass, isQualifiedName(spec.loadBalancerClass)));
    else errs.push(fieldError.forbidden('spec.loadBalancerClass', onlyLB));
  }
  if (spec.loadBalancerIP !== undefined && spec.loadBalancerIP !== '') {
    if (type !== 'LoadBalancer') {
      // ValidateService does not forbid it; it simply has no effect on other types.
      errs.push(fieldError.warning('spec.loadBalancerIP', 'is ignored: only a Service of `type: LoadBalancer` gets a load balancer'));
    } else if (!isIP(spec.loadBalancerIP)) {
      // Not in ValidateService: the cloud provider would fail to use the address. Kept as an error here.
      errs.push(fieldError.invalid('spec.loadBalancerIP', spec.loadBalancerIP, INVALID_IP_DETAIL));
    }
  }
  return errs;
}

/**
 * Everything the API server checks about a Service without looking at other objects, in the
 * order of ValidateService. The registry's pre-validation of the cluster IP fields
 * (initIPFamilyFields, run before allocation and so before ValidateService) stops with its own
 * errors when it finds any, as the API server does.
 */
export function validateServiceSpec(service: ServiceInput): FieldError[] {
  const spec = service.spec ?? {};
  const early = validateClusterIPsRelatedFields(spec);
  if (early.length > 0) return early;
  const families = validateIPFamiliesForCluster(spec);
  if (families.length > 0) return families;

  const errs: FieldError[] = [];
  errs.push(...validateByType(spec));
  errs.push(...validatePorts(spec));
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateAffinity(spec));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipErrs = validateIP(ip, `spec.externalIPs[${i}]`);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`)));
  });
  const type = spec.type ?? '';
  if (type === '') errs.push(fieldError.required('spec.type', ''));
  else if (!(SERVICE_TYPES as readonly string[]).includes(type)) errs.push(fieldError.notSupported('spec.type', type, SERVICE_TYPES));
  errs.push(...validateLoadBalancerFields(service));
  errs.push(...validateTrafficPolicies(spec));
  if (type === 'ExternalName' && spec.selector && Object.keys(spec.selector).length > 0) {
    errs.push(fieldError.warning('spec.selector', 'is ignored for ExternalName services: no endpoints are kept for them'));
  }
  return errs;
}

/**
 * validateUpgradeDowngradeClusterIPs (validation.go) on a single-stack cluster: the primary
 * cluster IP of a Service that is not ExternalName before or after may not change, including to
 * or from `None`. The value printed is the new `clusterIPs`.
 */
function validateClusterIPsUpdate(spec: ServiceSpecInput, old: Service): FieldError[] {
  if (spec.type === 'ExternalName' || old.spec.type === 'ExternalName') return [];
  const before = old.spec.clusterIPs ?? [];
  const after = spec.clusterIPs ?? [];
  const oldHeadless = before.length === 1 && before[0] === 'None';
  if (oldHeadless && isHeadless(spec)) return [];
  const rendered = goStringSlice(after);
  if (before.length === after.length) {
    return before.flatMap((ip, i) =>
      ip !== after[i] ? [fieldError.invalidRendered(`spec.clusterIPs[${i}]`, rendered, 'may not change once set', after)] : [],
    );
  }
  const errs: FieldError[] = [];
  if (before.length > after.length) {
    if (after.length === 0)
      errs.push(fieldError.invalidRendered('spec.clusterIPs[0]', '[]string(nil)', 'primary clusterIP can not be unset', null));
    else if (after[0] !== before[0])
      errs.push(fieldError.invalidRendered('spec.clusterIPs[0]', rendered, 'may not change once set', after));
  } else if (before.length > 0 && after[0] !== before[0]) {
    errs.push(fieldError.invalidRendered('spec.clusterIPs[0]', rendered, 'may not change once set', after));
  }
  return errs;
}

/**
 * ValidateServiceUpdate's checks against the stored Service (ValidateService itself runs too):
 * the cluster IPs, loadBalancerClass (validateLoadBalancerClassField) and the health check node
 * port (validateServiceExternalTrafficFieldsUpdate).
 */
export function validateServiceUpdate(service: ServiceInput, old: Service): FieldError[] {
  const spec = service.spec ?? {};
  const errs = validateClusterIPsUpdate(spec, old);
  if (spec.type === 'LoadBalancer' && old.spec.type === 'LoadBalancer' && spec.loadBalancerClass !== old.spec.loadBalancerClass) {
    errs.push(
      fieldError.invalidRendered(
        'spec.loadBalancerClass',
        renderValue(spec.loadBalancerClass),
        'may not change once set',
        spec.loadBalancerClass ?? null,
      ),
    );
  }
  const needsHealthCheck = (s: { type?: string; externalTrafficPolicy?: string }): boolean =>
    s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHealthCheck(old.spec) && needsHealthCheck(spec) && (spec.healthCheckNodePort ?? 0) !== (old.spec.healthCheckNodePort ?? 0)) {
    errs.push(fieldError.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}
