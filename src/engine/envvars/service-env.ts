/**
 * Service environment variables, as the kubelet computes them when a container starts:
 * kubernetes/pkg/kubelet/envvars/envvars.go (FromServices, makeLinkVariables) for the names
 * and values, and getServiceEnvVarMap in pkg/kubelet/kubelet_pods.go for which Services count.
 */
import type { Pod, Service } from '../model/types';
import { namespaceOf } from '../model/meta';

/** makeEnvVariableName: upper case, `-` to `_`. */
export function envVariableName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/** v1helper.IsServiceIPSet: a ClusterIP that is neither empty nor "None". */
function hasServiceIP(service: Service): boolean {
  return Boolean(service.spec.clusterIP) && service.spec.clusterIP !== 'None';
}

/** net.JoinHostPort */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** makeLinkVariables: the Docker-links-compatible family. */
function linkVariables(service: Service, clusterIP: string): [string, string][] {
  const prefix = envVariableName(service.metadata.name);
  const out: [string, string][] = [];
  service.spec.ports.forEach((sp, i) => {
    const protocol = sp.protocol || 'TCP';
    const url = `${protocol.toLowerCase()}://${joinHostPort(clusterIP, sp.port)}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]); // Docker special-cases the first port.
    const portPrefix = `${prefix}_PORT_${sp.port}_${protocol.toUpperCase()}`;
    out.push([portPrefix, url]);
    out.push([`${portPrefix}_PROTO`, protocol.toLowerCase()]);
    out.push([`${portPrefix}_PORT`, String(sp.port)]);
    out.push([`${portPrefix}_ADDR`, clusterIP]);
  });
  return out;
}

/** FromServices: the variables for a list of Services, in order. */
export function envFromServices(services: readonly Service[]): [string, string][] {
  const out: [string, string][] = [];
  for (const service of services) {
    if (!hasServiceIP(service) || service.spec.ports.length === 0) continue;
    const clusterIP = service.spec.clusterIP as string;
    const name = `${envVariableName(service.metadata.name)}_SERVICE_HOST`;
    out.push([name, clusterIP]);
    const portName = `${envVariableName(service.metadata.name)}_SERVICE_PORT`;
    out.push([portName, String(service.spec.ports[0]?.port)]);
    for (const sp of service.spec.ports) {
      if (sp.name) out.push([`${portName}_${envVariableName(sp.name)}`, String(sp.port)]);
    }
    out.push(...linkVariables(service, clusterIP));
  }
  return out;
}

/** The "master services" whose variables every pod gets, even with enableServiceLinks: false. */
const MASTER_SERVICES = new Set(['kubernetes']);

/**
 * getServiceEnvVarMap: Services with a ClusterIP in the pod's namespace (when enableServiceLinks
 * is true) plus the `kubernetes` Service of `default`, as they are when the container starts.
 */
export function servicesForPodEnv(pod: Pod, services: readonly Service[]): Service[] {
  const namespace = namespaceOf(pod);
  const byName = new Map<string, Service>();
  for (const service of services) {
    if (!hasServiceIP(service)) continue;
    const ns = namespaceOf(service);
    if (ns === 'default' && MASTER_SERVICES.has(service.metadata.name)) {
      if (!byName.has(service.metadata.name)) byName.set(service.metadata.name, service);
    } else if (ns === namespace && pod.spec.enableServiceLinks) {
      byName.set(service.metadata.name, service);
    }
  }
  return [...byName.values()];
}

/** The variables one Service gives the pods that start after it (none for headless or ExternalName). */
export function serviceEnvVars(service: Service): Record<string, string> {
  return Object.fromEntries(envFromServices([service]));
}
