/**
 * Pod and pod template checks from ValidatePodSpec / validateContainers / validateContainerPorts
 * in kubernetes/pkg/apis/core/validation/validation.go, limited to what service discovery
 * depends on (names, ports, hostname/subdomain, probes, policies).
 */
import type { PodSpecInput } from '../model/schemas';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { invalidEach, validateLabels, validatePortNum, validateProtocol } from './common';
import { isDNS1123Label, isValidPortName } from './names';

const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'] as const;
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

type ContainerInput = NonNullable<PodSpecInput['containers']>[number];

function validateProbe(probe: ContainerInput['readinessProbe'], path: string): FieldError[] {
  if (!probe) return [];
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
  if (handlers.length === 0) return [fieldError.required(path, 'must specify a handler type')];
  if (handlers.length > 1) return [fieldError.forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type')];
  return [];
}

export interface PodSpecOptions {
  /** Pods need an image; templates may leave it for later tooling to fill in. */
  requireImage: boolean;
}

export function validatePodSpec(spec: PodSpecInput | undefined, path: string, options: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec ?? {};
  const containers = s.containers ?? [];
  if (containers.length === 0) errs.push(fieldError.required(`${path}.containers`, ''));

  const containerNames = new Set<string>();
  /** Port names of the regular containers, for pkg/api/pod/warnings.go's duplicate-name warning. */
  const podPortNames = new Map<string, string>();
  const all = [
    ...(s.initContainers ?? []).map((c, i) => ({ c, p: `${path}.initContainers[${i}]`, regular: false })),
    ...containers.map((c, i) => ({ c, p: `${path}.containers[${i}]`, regular: true })),
  ];
  for (const { c, p, regular } of all) {
    if (!c.name) {
      errs.push(fieldError.required(`${p}.name`, ''));
    } else {
      errs.push(...invalidEach(`${p}.name`, c.name, isDNS1123Label(c.name)));
      if (containerNames.has(c.name)) errs.push(fieldError.duplicate(`${p}.name`, c.name));
      containerNames.add(c.name);
    }
    if (!c.image || c.image.trim() === '') {
      if (options.requireImage) errs.push(fieldError.required(`${p}.image`, ''));
    }
    // validateContainerPorts: port names are unique within one container (an error); across
    // containers a repeated name is only a warning.
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (port.name) {
        const problems = isValidPortName(port.name);
        if (problems.length > 0) errs.push(...invalidEach(`${pp}.name`, port.name, problems));
        else if (portNames.has(port.name)) errs.push(fieldError.duplicate(`${pp}.name`, port.name));
        else portNames.add(port.name);
        const other = podPortNames.get(port.name);
        if (regular && other !== undefined && !other.startsWith(`${p}.`)) {
          errs.push(
            fieldError.apiWarning(
              pp,
              `duplicate port name ${JSON.stringify(port.name)} with ${other}, services and probes that select ports by name will use ${other}`,
            ),
          );
        } else if (regular && other === undefined) {
          podPortNames.set(port.name, pp);
        }
      }
      if (port.containerPort === 0) errs.push(fieldError.required(`${pp}.containerPort`, ''));
      else errs.push(...validatePortNum(port.containerPort, `${pp}.containerPort`));
      if (port.hostPort !== undefined && port.hostPort !== 0) errs.push(...validatePortNum(port.hostPort, `${pp}.hostPort`));
      errs.push(...validateProtocol(port.protocol, `${pp}.protocol`));
    });
    errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`));
    errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`));
    errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`));
  }

  if (s.restartPolicy !== undefined && !(RESTART_POLICIES as readonly string[]).includes(s.restartPolicy)) {
    errs.push(fieldError.notSupported(`${path}.restartPolicy`, s.restartPolicy, RESTART_POLICIES));
  }
  if (s.dnsPolicy !== undefined && !(DNS_POLICIES as readonly string[]).includes(s.dnsPolicy)) {
    errs.push(fieldError.notSupported(`${path}.dnsPolicy`, s.dnsPolicy, DNS_POLICIES));
  }
  if (s.hostname) errs.push(...invalidEach(`${path}.hostname`, s.hostname, isDNS1123Label(s.hostname)));
  if (s.subdomain) errs.push(...invalidEach(`${path}.subdomain`, s.subdomain, isDNS1123Label(s.subdomain)));
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  return errs;
}
