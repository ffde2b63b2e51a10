/**
 * The resolv.conf the kubelet writes into a pod (pkg/kubelet/network/dns/dns.go, GetPodDNS):
 * ClusterFirst points at the cluster DNS Service with the search path
 * `<ns>.svc.<domain> svc.<domain> <domain>` and `ndots:5`; Default inherits the node's resolver;
 * hostNetwork pods with ClusterFirst fall back to Default unless the policy is
 * ClusterFirstWithHostNet; None uses only the pod's dnsConfig.
 */
import type { Pod } from '../model/types';
import type { ResolvedOptions } from '../options';
import { clusterDNSIP } from '../bootstrap';
import { intToIp } from '../net/ipv4';
import { namespaceOf } from '../model/meta';

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: { name: string; value?: string }[];
  ndots: number;
  /** Whether queries go to cluster DNS (CoreDNS) or straight to the node's upstream resolver. */
  clusterDNS: boolean;
}

/** The node's own resolver: the gateway of the node network, as on minikube. */
export function nodeResolver(options: ResolvedOptions): string {
  return intToIp(options.nodeCIDR.base + 1);
}

interface DnsConfigInput {
  nameservers?: unknown;
  searches?: unknown;
  options?: unknown;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function resolvConfFor(pod: Pod, options: ResolvedOptions): ResolvConf {
  const namespace = namespaceOf(pod);
  const domain = options.clusterDomain;
  const policy = pod.spec.dnsPolicy;
  const hostNetwork = pod.spec.hostNetwork === true;
  const config = (pod.spec.dnsConfig ?? {}) as DnsConfigInput;
  const extraOptions = Array.isArray(config.options)
    ? (config.options as { name?: unknown; value?: unknown }[])
        .filter((o) => typeof o.name === 'string')
        .map((o) => ({ name: o.name as string, ...(typeof o.value === 'string' ? { value: o.value } : {}) }))
    : [];
  let conf: ResolvConf;
  const useCluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork);
  if (policy === 'None') {
    conf = { nameservers: strings(config.nameservers), searches: strings(config.searches), options: [], ndots: 1, clusterDNS: false };
  } else if (useCluster) {
    conf = {
      nameservers: [clusterDNSIP(options)],
      searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain],
      options: [{ name: 'ndots', value: '5' }],
      ndots: 5,
      clusterDNS: true,
    };
  } else {
    conf = { nameservers: [nodeResolver(options)], searches: [], options: [], ndots: 1, clusterDNS: false };
  }
  if (policy !== 'None') {
    conf.nameservers.push(...strings(config.nameservers));
    conf.searches.push(...strings(config.searches));
  }
  for (const option of extraOptions) {
    conf.options = conf.options.filter((o) => o.name !== option.name);
    conf.options.push(option);
    if (option.name === 'ndots' && option.value !== undefined && /^\d+$/.test(option.value)) conf.ndots = Number(option.value);
  }
  if (conf.nameservers.some((ns) => ns === clusterDNSIP(options))) conf.clusterDNS = true;
  return conf;
}

export function renderResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.searches.length) lines.push(`search ${conf.searches.join(' ')}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  if (conf.options.length)
    lines.push(`options ${conf.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
