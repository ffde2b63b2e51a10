import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { extChain, probability, sepChain, servicePortName, svcChain, svlChain } from './chains';

/** RFC 4648 base32 (Go's base32.StdEncoding), written out here so the test does not trust the library under test. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

/** portProtoHash of pkg/proxy/iptables/proxier.go, recomputed with node:crypto. */
function goHash(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');

describe('chain names (pkg/proxy/iptables/proxier.go: portProtoHash, servicePortEndpointChainName)', () => {
  it.each([
    // Expected chains of kube-proxy's own tests (pkg/proxy/iptables/proxier_test.go).
    ['ns1/svc1:p80', 'tcp', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'tcp', 'KUBE-SVC-GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'tcp', 'KUBE-SVC-X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', 'tcp', 'KUBE-SVC-4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'tcp', 'KUBE-SVC-NUKIZ6OKUXPJNT4C'],
    ['ns2/svc2:p8080', 'tcp', 'KUBE-SVC-2VJB64SDSIJUP5T6'],
    // What every kubeadm cluster shows in `iptables-save`.
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
  ])('%s/%s -> %s', (spn, protocol, chain) => {
    expect(svcChain(spn, protocol)).toBe(chain);
    const hash = chain.slice('KUBE-SVC-'.length);
    expect(svlChain(spn, protocol)).toBe(`KUBE-SVL-${hash}`);
    expect(extChain(spn, protocol)).toBe(`KUBE-EXT-${hash}`);
    expect(goHash(spn + protocol)).toBe(hash);
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns1/svc1:p80', '10.180.0.2:80', 'KUBE-SEP-LXVODXWDISEETFEF'],
    ['ns1/svc1:p80', '10.180.2.1:80', 'KUBE-SEP-ZX7GRIZKSNUQ3LAJ'],
    ['ns2/svc2:p80', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
    ['ns3/svc3:p80', '10.180.0.3:80', 'KUBE-SEP-OYPFS5VJICHGATKP'],
    ['ns4/svc4:p80', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
    ['ns5/svc5:p80', '10.180.0.3:80', 'KUBE-SEP-I77PXRDZVX7PMWMN'],
  ])('endpoint %s %s -> %s (proxier_test.go)', (spn, endpoint, chain) => {
    expect(sepChain(spn, 'tcp', endpoint)).toBe(chain);
    expect(`KUBE-SEP-${goHash(`${spn}tcp${endpoint}`)}`).toBe(chain);
  });

  it('ServicePortName.String() has no ":" for an unnamed port (fmtPortName, pkg/proxy/types.go)', () => {
    expect(servicePortName('default', 'random-generator', undefined)).toBe('default/random-generator');
    expect(servicePortName('default', 'random-generator', '')).toBe('default/random-generator');
    expect(servicePortName('default', 'web', 'http')).toBe('default/web:http');
  });

  it('the chains of the seed Services are the ones real kube-proxy would write (hash of "ns/name" + lower-case protocol)', () => {
    const cluster = createCluster([seed('random-generator-deployment.yaml'), seed('13-6-node-port.yaml')].join('---\n'));
    const hash = goHash('default/random-generator' + 'tcp');
    const table = cluster.iptables('node-1');
    expect(table).toContain(`:KUBE-SVC-${hash} - [0:0]`);
    expect(table).toContain(`:KUBE-EXT-${hash} - [0:0]`);
    const endpoints = cluster.endpoints('random-generator')?.subsets.flatMap((s) => s.addresses ?? []) ?? [];
    expect(endpoints).toHaveLength(3);
    for (const address of endpoints) {
      const sep = `KUBE-SEP-${goHash(`default/random-generatortcp${address.ip}:8080`)}`;
      expect(table).toContain(
        `-A ${sep} -m comment --comment default/random-generator -m tcp -p tcp -j DNAT --to-destination ${address.ip}:8080`,
      );
      expect(table).toContain(`-A KUBE-SVC-${hash} -m comment --comment "default/random-generator -> ${address.ip}:8080"`);
    }
  });
});

describe('statistic probabilities (computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)))', () => {
  it.each([
    [1, '1.0000000000'],
    [2, '0.5000000000'],
    [3, '0.3333333333'],
    [6, '0.1666666667'],
    [7, '0.1428571429'],
  ])('1/%i -> %s', (n, text) => {
    expect(probability(n)).toBe(text);
  });
});
