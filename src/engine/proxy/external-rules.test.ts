import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, nodeIP, podYaml, serviceYaml } from '../trace/fixtures';
import { extChain, fwChain, sepChain, svcChain, svlChain } from './chains';

/** The rules of one chain of one table of iptables-save text, in order (assertIPTablesChainEqual, proxier_test.go). */
function chain(text: string, table: 'nat' | 'filter', name: string): string[] {
  const start = text.indexOf(`*${table}\n`);
  const end = text.indexOf('COMMIT', start);
  return text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith(`-A ${name} `));
}

function ofService(rules: string[], spn: string): string[] {
  return rules.filter((r) => r.includes(spn));
}

const SPN = 'default/web';
const EXT = extChain(SPN, 'tcp');
const SVC = svcChain(SPN, 'tcp');
const SVL = svlChain(SPN, 'tcp');
const FW = fwChain(SPN, 'tcp');

// The Services of proxier_test.go TestOverallIPTablesRules, ns2/svc2 (LoadBalancer, Local, an
// externalIP), here with one endpoint, on node-1.
describe('externalTrafficPolicy: Local in syncProxyRules (pkg/proxy/iptables/proxier.go; proxier_test.go TestOverallIPTablesRules ns2/svc2)', () => {
  const c = createCluster(
    serviceYaml('web', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      extra: '  externalTrafficPolicy: Local\n  externalIPs: [198.51.100.22]',
    }) + podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }),
  );
  const service = c.get('Service', 'web');
  const lb = service?.status.loadBalancer.ingress?.[0]?.ip as string;
  const np = service?.spec.ports[0]?.nodePort as number;
  const shortCircuit = [
    `-A ${EXT} -m comment --comment "pod traffic for ${SPN} external destinations" -s 10.244.0.0/16 -j ${SVC}`,
    `-A ${EXT} -m comment --comment "masquerade LOCAL traffic for ${SPN} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
    `-A ${EXT} -m comment --comment "route LOCAL traffic for ${SPN} external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
  ];

  it.each([
    {
      name: 'node-1 has the endpoint: the short-circuit rules, then "-j KUBE-SVL"; nothing in the filter table',
      node: 'node-1',
      ext: [...shortCircuit, `-A ${EXT} -j ${SVL}`],
      svl: 1,
      drops: (): string[] => [],
    },
    {
      name: 'node-3 has none: KUBE-EXT keeps the short-circuit rules (usesExternalTrafficChain is based on hasEndpoints) without the jump, no KUBE-SVL; KUBE-EXTERNAL-SERVICES DROPs what falls through',
      node: 'node-3',
      ext: shortCircuit,
      svl: 0,
      drops: (): string[] => [
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment "${SPN} has no local endpoints" -m tcp -p tcp -d 198.51.100.22 --dport 80 -j DROP`,
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment "${SPN} has no local endpoints" -m tcp -p tcp -d ${lb} --dport 80 -j DROP`,
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment "${SPN} has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport ${np} -j DROP`,
      ],
    },
  ])('$name', ({ node, ext, svl, drops }) => {
    const text = c.iptables(node);
    expect(chain(text, 'nat', EXT)).toEqual(ext);
    expect(text.includes(`:${SVL} - [0:0]`)).toBe(svl > 0);
    expect(chain(text, 'nat', SVL)).toHaveLength(svl);
    // KUBE-SVC exists everywhere: the short-circuit rules need every endpoint (UsesClusterEndpoints).
    const endpoint = `${c.get('Pod', 'web-a')?.status.podIP}:8080`;
    expect(chain(text, 'nat', SVC).at(-1)).toBe(
      `-A ${SVC} -m comment --comment "${SPN} -> ${endpoint}" -j ${sepChain(SPN, 'tcp', endpoint)}`,
    );
    expect(ofService(chain(text, 'filter', 'KUBE-EXTERNAL-SERVICES'), SPN)).toEqual(drops());
    // The captures are the same on every node that has endpoints somewhere (hasEndpoints).
    expect(ofService(chain(text, 'nat', 'KUBE-SERVICES'), SPN)).toEqual([
      `-A KUBE-SERVICES -m comment --comment "${SPN} cluster IP" -m tcp -p tcp -d ${clusterIP(c, 'web')} --dport 80 -j ${SVC}`,
      `-A KUBE-SERVICES -m comment --comment "${SPN} external IP" -m tcp -p tcp -d 198.51.100.22 --dport 80 -j ${EXT}`,
      `-A KUBE-SERVICES -m comment --comment "${SPN} loadbalancer IP" -m tcp -p tcp -d ${lb} --dport 80 -j ${EXT}`,
    ]);
  });

  it('KUBE-NODEPORTS: the localhost rule counted by nfacct, then the nodePort rule, both to KUBE-EXT (kubernetes/kubernetes#125015)', () => {
    expect(ofService(chain(c.iptables('node-2'), 'nat', 'KUBE-NODEPORTS'), SPN)).toEqual([
      `-A KUBE-NODEPORTS -m comment --comment ${SPN} -m tcp -p tcp -d 127.0.0.0/8 --dport ${np} -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${EXT}`,
      `-A KUBE-NODEPORTS -m comment --comment ${SPN} -m tcp -p tcp --dport ${np} -j ${EXT}`,
    ]);
    expect(chain(c.iptables('node-2'), 'filter', 'KUBE-FORWARD')[0]).toBe(
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    );
  });

  it('the health check node port is open on every node, with or without a local endpoint (apiservice.NeedsHealthCheck)', () => {
    const hc = service?.spec.healthCheckNodePort as number;
    for (const node of ['node-1', 'node-3']) {
      expect(chain(c.iptables(node), 'filter', 'KUBE-NODEPORTS')).toContain(
        `-A KUBE-NODEPORTS -m comment --comment "${SPN} health check node port" -m tcp -p tcp --dport ${hc} -j ACCEPT`,
      );
    }
  });
});

describe('loadBalancerSourceRanges: KUBE-FW-<hash> and KUBE-PROXY-FIREWALL (proxier.go "Set up firewall chain, if needed"; proxier_test.go TestLoadBalancer)', () => {
  const make = (ranges: string | undefined, pods = true) =>
    createCluster(
      serviceYaml('web', {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ...(ranges ? { extra: `  loadBalancerSourceRanges: ${ranges}` } : {}),
      }) + (pods ? podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) : ''),
    );

  it.each([
    {
      name: 'two ranges, one holding the node IP: a rule per range, then one per load balancer IP (allowFromNode), then the counting rule',
      ranges: '[" 198.51.100.0/25", 192.168.49.0/24]',
      fw: (lb: string) => [
        `-A ${FW} -m comment --comment "${SPN} loadbalancer IP" -s 198.51.100.0/25 -j ${EXT}`,
        `-A ${FW} -m comment --comment "${SPN} loadbalancer IP" -s 192.168.49.0/24 -j ${EXT}`,
        `-A ${FW} -m comment --comment "${SPN} loadbalancer IP" -s ${lb} -j ${EXT}`,
        `-A ${FW} -m comment --comment "other traffic to ${SPN} will be dropped by KUBE-PROXY-FIREWALL"`,
      ],
    },
    {
      name: 'a range with host bits is written as its network (cidr.String()), an IPv6 range is left to the IPv6 proxier, and no range holds the node: no allowFromNode rule',
      ranges: '[198.51.100.7/25, "2001:db8::/64"]',
      fw: () => [
        `-A ${FW} -m comment --comment "${SPN} loadbalancer IP" -s 198.51.100.0/25 -j ${EXT}`,
        `-A ${FW} -m comment --comment "other traffic to ${SPN} will be dropped by KUBE-PROXY-FIREWALL"`,
      ],
    },
  ])('$name', ({ ranges, fw }) => {
    const c = make(ranges);
    const lb = c.get('Service', 'web')?.status.loadBalancer.ingress?.[0]?.ip as string;
    const text = c.iptables('node-2');
    expect(chain(text, 'nat', FW)).toEqual(fw(lb));
    expect(ofService(chain(text, 'nat', 'KUBE-SERVICES'), `${SPN} loadbalancer IP`)).toEqual([
      `-A KUBE-SERVICES -m comment --comment "${SPN} loadbalancer IP" -m tcp -p tcp -d ${lb} --dport 80 -j ${FW}`,
    ]);
    expect(chain(text, 'filter', 'KUBE-PROXY-FIREWALL')).toEqual([
      `-A KUBE-PROXY-FIREWALL -m comment --comment "${SPN} traffic not accepted by ${FW}" -m tcp -p tcp -d ${lb} --dport 80 -j DROP`,
    ]);
    // The nodePort is not subject to the ranges: it goes straight to KUBE-EXT.
    expect(ofService(chain(text, 'nat', 'KUBE-NODEPORTS'), SPN).every((r) => r.endsWith(`-j ${EXT}`))).toBe(true);
    expect(nodeIP(c, 'node-2')).toBe('192.168.49.3');
  });

  it.each([
    { name: 'without loadBalancerSourceRanges the load balancer IP goes straight to KUBE-EXT', ranges: undefined, pods: true },
    {
      name: 'without endpoints there is no KUBE-FW (usesFWChain needs hasEndpoints): KUBE-EXTERNAL-SERVICES REJECTs',
      ranges: '[198.51.100.0/25]',
      pods: false,
    },
  ])('$name', ({ ranges, pods }) => {
    const text = make(ranges, pods).iptables('node-2');
    expect(text).not.toContain('KUBE-FW-');
    expect(chain(text, 'filter', 'KUBE-PROXY-FIREWALL')).toEqual([]);
    const lbRules = ofService(chain(text, pods ? 'nat' : 'filter', pods ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES'), SPN).filter((r) =>
      r.includes('203.0.113.'),
    );
    expect(lbRules).toHaveLength(1);
    expect(lbRules[0]).toMatch(pods ? new RegExp(`-j ${EXT}$`) : /has no endpoints" .* -j REJECT$/);
  });
});
