/**
 * Service validation, following ValidateService and validateServicePort in
 * kubernetes/pkg/apis/core/validation/validation.go. Allocation errors (a ClusterIP outside the
 * range or taken, a nodePort outside the range or taken) come from the registry; see
 * controllers/service-allocation.ts.
 */
import type { ServiceInput } from '../model/schemas';
import { SERVICE_TYPES } from '../model/types';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
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
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { isIP } from '../net/ipv4';

type ServiceSpecInput = NonNullable<ServiceInput['spec']>;

/** The largest session affinity timeout: core.MaxClientIPServiceAffinitySeconds (one day). */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

export function isHeadless(spec: ServiceSpecInput): boolean {
  return spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None';
}

/** Go's %#v of a []string, as field errors print `spec.clusterIPs`. */
function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/**
 * ValidateServiceClusterIPsRelatedFields and the headless checks of ValidateService. The API
 * server's strategy copies `clusterIP` into `clusterIPs` before validating, so Kubernetes words
 * these errors on `spec.clusterIPs[0]`; they are reported here on the field the manifest wrote
 * (`spec.clusterIP` when it set only that), so that they point at the offending value.
 */
function validateClusterIPs(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  const listed = spec.clusterIPs ?? [];
  if (type !== 'ExternalName' && spec.clusterIP !== undefined && spec.clusterIP !== '' && listed.length > 0) {
    if (listed[0] !== spec.clusterIP) {
      errs.push(fieldError.invalidRendered('spec.clusterIPs', goStringSlice(listed), 'first value must match `clusterIP`'));
    }
  }
  const ips = listed.length ? listed : spec.clusterIP ? [spec.clusterIP] : [];
  const basePath = listed.length ? 'spec.clusterIPs' : 'spec.clusterIP';
  if (type === 'ExternalName') {
    if (ips.length > 0 && !(ips.length === 1 && ips[0] === '')) {
      errs.push(fieldError.forbidden(basePath, 'may not be set for ExternalName services'));
    }
    return errs;
  }
  ips.forEach((ip, i) => {
    const path = listed.length ? `${basePath}[${i}]` : basePath;
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        errs.push(fieldError.invalidRendered('spec.clusterIPs', goStringSlice(ips), "'None' must be the first and only value"));
      } else if (type === 'NodePort' || type === 'LoadBalancer') {
        errs.push(fieldError.invalid(path, ip, `may not be set to 'None' for ${type} services`));
      }
      return;
    }
    errs.push(...validateIP(ip, path));
  });
  if (ips.length > 2) errs.push(fieldError.invalidRendered('spec.clusterIPs', goStringSlice(ips), 'may only hold up to 2 values'));
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

function validatePorts(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  const type = spec.type ?? 'ClusterIP';
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(fieldError.required('spec.ports', ''));

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
    // A nodePort's number is not checked here: the registry's port allocator refuses one outside its range.
    const protocol = port.protocol ?? 'TCP';
    const key = `${port.port}/${protocol}`;
    if (portProtocols.has(key)) errs.push(fieldError.duplicateRendered(path, goServicePortKey(port.port, protocol)));
    portProtocols.add(key);

    if (type === 'ClusterIP' && port.nodePort) {
      errs.push(fieldError.forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    if (port.nodePort) {
      const nodeKey = `${port.nodePort}/${protocol}`;
      if (nodePortProtocols.has(nodeKey)) {
        errs.push(fieldError.duplicate(`${path}.nodePort`, port.nodePort));
      }
      nodePortProtocols.add(nodeKey);
    }
  });
  return errs;
}

function validateExternalName(spec: ServiceSpecInput): FieldError[] {
  if ((spec.type ?? 'ClusterIP') !== 'ExternalName') return [];
  // The value (a CNAME) may have a trailing dot to denote it as fully qualified; the rest is checked.
  const name = spec.externalName ?? '';
  const cname = name.endsWith('.') ? name.slice(0, -1) : name;
  if (cname === '') return [fieldError.required('spec.externalName', '')];
  return invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname));
}

function validateAffinity(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = spec.sessionAffinity;
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') {
    errs.push(fieldError.notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (affinity === 'ClientIP' && timeout !== undefined && (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
    errs.push(
      fieldError.invalid(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      ),
    );
  }
  if ((affinity ?? 'None') === 'None' && spec.sessionAffinityConfig !== undefined) {
    errs.push(fieldError.forbidden('spec.sessionAffinityConfig', `must not be set when session affinity is None`));
  }
  return errs;
}

function validateTrafficPolicies(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  // apiservice.ExternallyAccessible: NodePort, LoadBalancer, or a ClusterIP Service with externalIPs.
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
  const policy = spec.externalTrafficPolicy;
  if (policy !== undefined && policy !== '') {
    if (!external) {
      errs.push(fieldError.invalid('spec.externalTrafficPolicy', policy, 'may only be set for externally-accessible services'));
    } else if (policy !== 'Cluster' && policy !== 'Local') {
      errs.push(fieldError.notSupported('spec.externalTrafficPolicy', policy, ['Cluster', 'Local']));
    }
  }
  const internal = spec.internalTrafficPolicy;
  if (internal !== undefined && internal !== 'Cluster' && internal !== 'Local') {
    errs.push(fieldError.notSupported('spec.internalTrafficPolicy', internal, ['Cluster', 'Local']));
  }
  if (spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== 0) {
    if (!(type === 'LoadBalancer' && policy === 'Local')) {
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
  return errs;
}

function validateLoadBalancerFields(spec: ServiceSpecInput): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (spec.loadBalancerIP !== undefined && spec.loadBalancerIP !== '') {
    if (type !== 'LoadBalancer') {
      // ValidateService does not forbid it; it simply has no effect on other types.
      errs.push(fieldError.warning('spec.loadBalancerIP', 'is ignored: only a Service of `type: LoadBalancer` gets a load balancer'));
    } else if (!isIP(spec.loadBalancerIP)) {
      errs.push(fieldError.invalid('spec.loadBalancerIP', spec.loadBalancerIP, INVALID_IP_DETAIL));
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errs.push(fieldError.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipErrs = validateIP(ip, `spec.externalIPs[${i}]`);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`)));
  });
  return errs;
}

/** Everything the API server checks about a Service without looking at other objects. */
export function validateServiceSpec(service: ServiceInput): FieldError[] {
  const spec = service.spec ?? {};
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
    errs.push(fieldError.notSupported('spec.type', type, SERVICE_TYPES));
    return errs;
  }
  errs.push(...validateClusterIPs(spec));
  errs.push(...validatePorts(spec));
  errs.push(...validateExternalName(spec));
  errs.push(...validateAffinity(spec));
  errs.push(...validateTrafficPolicies(spec));
  errs.push(...validateLoadBalancerFields(spec));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (type === 'ExternalName' && spec.selector && Object.keys(spec.selector).length > 0) {
    errs.push(fieldError.warning('spec.selector', 'is ignored for ExternalName services: no endpoints are kept for them'));
  }
  return errs;
}
