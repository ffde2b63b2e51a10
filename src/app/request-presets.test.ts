/**
 * The request fields as text: a transport scheme in "To" becomes the protocol (a Service port's
 * `protocol`, TCP, UDP or SCTP: k8s.io/api/core/v1 types.go ProtocolTCP/ProtocolUDP/ProtocolSCTP),
 * and the Host header is typed as after `curl -H 'Host: …'`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { SendRequest } from '../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import {
  clientPods,
  defaultRequest,
  formatTo,
  offeredPresets,
  parseHostHeader,
  requestFromFields,
  requestOptionsSummary,
  sendingPods,
  withProtocol,
} from './request-presets';

const FROM: SendRequest['from'] = { pod: 'client' };
const base: SendRequest = { from: FROM, to: '' };

describe('requestFromFields: the scheme of "To" says the transport', () => {
  it.each([
    ['udp://random-generator:80', 'UDP', 'random-generator:80'],
    ['UDP://10.96.0.10:53', 'UDP', '10.96.0.10:53'],
    ['sctp://my-service:9000', 'SCTP', 'my-service:9000'],
    ['tcp://my-service:5432', 'TCP', 'my-service:5432'],
  ])('%s is sent as %s to %s', (text, protocol, to) => {
    expect(requestFromFields(base, text)).toEqual({ from: FROM, protocol, to });
  });

  it('a URL or host:port without a transport scheme is TCP, even after a UDP request was in the fields', () => {
    expect(requestFromFields({ ...base, protocol: 'UDP' }, 'random-generator:80')).toEqual({ from: FROM, to: 'random-generator:80' });
    expect(requestFromFields(base, ' http://random-generator/ ')).toEqual({ from: FROM, to: 'http://random-generator/' });
  });

  it('keeps the method and Host header the request had (a scenario step re-sent as is)', () => {
    const step: SendRequest = {
      from: { external: '198.51.100.77' },
      to: 'http://203.0.113.10/',
      host: 'other.example.com',
      method: 'POST',
    };
    expect(requestFromFields(step, formatTo(step.to, step.protocol))).toEqual(step);
  });

  it('ping is ICMP: no protocol', () => {
    expect(requestFromFields(base, 'ping 10.244.1.2')).toEqual({ from: FROM, to: { ping: '10.244.1.2' } });
  });

  it('formatTo writes UDP and SCTP as a scheme, so reading it back gives the same request', () => {
    const udp: SendRequest = { from: FROM, to: 'kube-dns.kube-system:53', protocol: 'UDP' };
    expect(formatTo(udp.to, udp.protocol)).toBe('udp://kube-dns.kube-system:53');
    expect(requestFromFields(base, formatTo(udp.to, udp.protocol))).toEqual(udp);
    expect(formatTo('http://a/', 'TCP')).toBe('http://a/');
    expect(formatTo({ ping: '10.0.0.1' }, 'UDP')).toBe('ping 10.0.0.1');
  });

  it('withProtocol replaces the transport scheme (none for TCP)', () => {
    expect(withProtocol('random-generator:80', 'UDP')).toBe('udp://random-generator:80');
    expect(withProtocol('udp://random-generator:80', 'SCTP')).toBe('sctp://random-generator:80');
    expect(withProtocol('udp://random-generator:80', 'TCP')).toBe('random-generator:80');
    expect(withProtocol('ping 10.0.0.1', 'UDP')).toBe('ping 10.0.0.1');
  });

  it('udp://random-generator:80 reaches the engine as UDP: the Service declares only 80/TCP, so kube-proxy has no rule for it (proxier.go matches -p udp)', () => {
    const yaml = readFileSync(new URL('../scenarios/seed/13-1-simple-service.yaml', import.meta.url), 'utf8');
    const client = 'apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: shell, image: busybox}]}\n';
    const cluster = createCluster(`${yaml.trimEnd()}\n---\n${client}`);
    const udp = cluster.send(requestFromFields(base, 'udp://random-generator:80'));
    expect(udp.hops.find((h) => h.component === 'client')?.packet.protocol).toBe('UDP');
    expect(udp.ok).toBe(false);
    expect(udp.reason).toMatch(/80\/UDP/);
    const tcp = cluster.send(requestFromFields(base, 'random-generator:80'));
    expect(tcp.hops.find((h) => h.component === 'client')?.packet.protocol).toBe('TCP');
  });
});

describe("parseHostHeader: the Host header as typed (curl -H 'Host: other.example.com')", () => {
  it.each([
    ['other.example.com', 'other.example.com'],
    ['  other.example.com  ', 'other.example.com'],
    ['Host: other.example.com', 'other.example.com'],
    ['host:other.example.com:8080', 'other.example.com:8080'],
    ['', undefined],
    ['   ', undefined],
  ])('%j -> %j', (text, host) => {
    expect(parseHostHeader(text)).toBe(host);
  });

  it('keeps a half-typed header line as it is, so typing "Host:" does not empty the field', () => {
    expect(parseHostHeader('Host:')).toBe('Host:');
  });
});

describe('requestOptionsSummary: what the options button shows', () => {
  it('names a method other than GET, the Host header and further headers; nothing for a plain GET', () => {
    expect(requestOptionsSummary(base)).toBe('');
    expect(requestOptionsSummary({ ...base, method: 'get' })).toBe('');
    expect(requestOptionsSummary({ ...base, method: 'post', host: 'other.example.com', headers: { 'X-Canary': 'always' } })).toBe(
      'POST · Host: other.example.com · X-Canary: always',
    );
  });
});

describe('the first screen (DEFAULT_SCENARIO_YAML): the first request comes from the client pod', () => {
  const objects = createCluster(DEFAULT_SCENARIO_YAML).objects();

  it("lists the pod of its own before the Deployment's replicas (ownerReferences: ReplicaSet)", () => {
    const pods = clientPods(objects).map((p) => p.metadata.name);
    expect(pods[0]).toBe('client');
    expect(pods.slice(1)).toHaveLength(3);
    expect(pods.slice(1).every((name) => name.startsWith('random-generator-'))).toBe(true);
  });

  it('the default request goes from the client to the Service by name', () => {
    expect(defaultRequest(objects)).toEqual({ from: { pod: 'client', namespace: 'default' }, to: 'http://random-generator/' });
  });
});

describe('the request bar’s lists across edits: kept while what they show is the same', () => {
  it('a new object list with the same pods and presets gives the same arrays; a new pod or port gives new ones', () => {
    const cluster = createCluster(DEFAULT_SCENARIO_YAML);
    const first = cluster.objects();
    const [pods, presets] = [sendingPods(first), offeredPresets(first)];
    expect(pods.map((p) => p.metadata.name)).toEqual(clientPods(first).map((p) => p.metadata.name));
    // The next simulation's list: other objects (copies), the same pods and presets.
    const again = cluster.objects();
    expect(again).not.toBe(first);
    expect(sendingPods(again)).toBe(pods);
    expect(offeredPresets(again)).toBe(presets);
    // A Service port changed: the presets that name it change, the pods do not.
    const edited = createCluster(DEFAULT_SCENARIO_YAML.replace('port: 80', 'port: 8080')).objects();
    expect(sendingPods(edited).map((p) => p.metadata.name)).toEqual(pods.map((p) => p.metadata.name));
    expect(offeredPresets(edited)).not.toBe(presets);
    expect(offeredPresets(edited).map((p) => formatTo(p.request.to))).toContain('random-generator:8080');
  });
});
