/**
 * `cluster.send`: follows one new connection (or ping) from a pod or an outside client through
 * the simulated data plane — DNS, the cloud load balancer, kube-proxy's iptables rules on each
 * node it crosses, routing between nodes, masquerading — to the pod or outside host that gets it.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { kubeProxy, masquerade, servicePortsAt } from '../proxy/dataplane';
import type { ProxyVerdict } from '../proxy/dataplane';
import { isExternalIP, loadBalancerPorts, nodeRules, stream } from '../proxy/runtime';
import { clusterDNSIP } from '../bootstrap';
import { nodeInternalIP } from '../options';
import type { Hop, SendRequest, Trace, TraceHttp, TraceVerdict } from './types';
import type { Flow } from './flow';
import { dstText, makeHop, srcText } from './flow';
import { cloudLoadBalancer } from './cloud-lb';
import { lookup } from './dns-step';
import { classify, hostNetworkPodsAt, isDottedIPv4, nodeAddresses, nodeOfPodIP, nodeOwningAddress, podByIP } from './network';
import { parseTarget } from './target';
import { isControllerPod } from '../ingress/controller';
import type { HttpIntent, IngressOutcome } from './ingress-step';
import { ingressController } from './ingress-step';
import { healthCheckServer } from './health-check-step';
import { gatewayProxy, proxiedGateway } from './gateway-step';
import { nginxAnswer } from './nginx-answer';
import { namespaceOf, namespacedName } from '../model/meta';

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/** How many nodes' rules one packet may go through (DNAT to a node port of another node...). */
const MAX_NODE_PASSES = 4;
const EPHEMERAL = { first: 32768, last: 60999 }; // Linux net.ipv4.ip_local_port_range

interface Ctx {
  state: ClusterState;
  hops: Hop[];
  flow: Flow;
  /** The name the client asked for (after CNAMEs), or the address it used. */
  host: string;
  passes: number;
  /** The pod kube-proxy DNATed to, for host-network endpoints. */
  endpointPod?: { name: string; namespace: string };
  /** The HTTP request, for the ingress controller to read; cleared once it has. */
  http?: HttpIntent;
}

function fail(ctx: Ctx, reason: string, verdict: TraceVerdict): Trace {
  return { ok: false, verdict, reason, hops: ctx.hops };
}

const TIMEOUT: TraceVerdict = { kind: 'timeout' };
const NOT_SENT: TraceVerdict = { kind: 'not-sent' };

function verb(flow: Flow): string {
  return flow.protocol === 'ICMP'
    ? 'pings'
    : flow.protocol === 'UDP'
      ? 'sends a UDP datagram to'
      : `opens a ${flow.protocol} connection to`;
}

function nodeHop(ctx: Ctx, node: string, note: string): void {
  ctx.hops.push(makeHop('node', note, ctx.flow, { node }));
}

function unreachableNode(ctx: Ctx, node: string, ip: string): Trace {
  nodeHop(ctx, node, `${node} (${ip}) is NotReady — the simulated node failure — so nothing on it answers.`);
  return fail(ctx, `timed out: ${node} is NotReady (node failure); the packet to ${dstText(ctx.flow)} is lost`, TIMEOUT);
}

/** A pod receives the packet. */
function atPod(ctx: Ctx, pod: Pod, node: string): Trace {
  const gateway = ctx.http && ctx.flow.protocol === 'TCP' ? proxiedGateway(ctx.state, pod) : undefined;
  if (ctx.http && gateway) {
    const outcome = gatewayProxy(ctx.state, gateway, pod, node, ctx.flow, ctx.http);
    if (outcome) {
      delete ctx.http;
      return viaIngressController(ctx, pod, node, outcome);
    }
  }
  if (ctx.http && ctx.flow.protocol === 'TCP' && isControllerPod(pod)) {
    const http = ctx.http;
    const outcome = ingressController(ctx.state, pod, node, ctx.flow, http);
    if (outcome) {
      delete ctx.http;
      return viaIngressController(ctx, pod, node, outcome);
    }
  }
  const { flow } = ctx;
  const name = namespacedName(pod);
  const what = flow.protocol === 'ICMP' ? 'answers the ping with an ICMP echo reply' : `accepts the connection on port ${flow.dstPort}`;
  ctx.hops.push(makeHop('pod', `Pod ${name} on ${node} ${what}; it sees the client as ${flow.srcIP}.`, flow, { node }));
  return {
    ok: true,
    verdict: { kind: 'delivered' },
    hops: ctx.hops,
    pod: {
      name: pod.metadata.name,
      namespace: namespaceOf(pod),
      node,
      ip: flow.dstIP,
      port: flow.protocol === 'ICMP' ? 0 : flow.dstPort,
    },
    sourceIpSeenByPod: flow.srcIP,
  };
}

/**
 * The status the controller gives when its connection to the backend fails: nginx's 504 when it
 * heard nothing (proxy_connect_timeout), 502 when the connection was refused or the name did not
 * resolve. `upstream` keeps how the controller's own connection ended.
 */
function upstreamFailure(ctx: Ctx, trace: Trace, http: TraceHttp): Trace {
  if (trace.ok) return { ...trace, http };
  const heardNothing = trace.verdict.kind === 'timeout' || trace.verdict.kind === 'dropped';
  const status = heardNothing ? 504 : 502;
  const answer = nginxAnswer(status, new Date(ctx.state.timestamp()).toUTCString());
  return {
    ...trace,
    verdict: { kind: 'http', status },
    upstreamVerdict: trace.verdict,
    reason: `HTTP ${status} ${answer.reason ?? ''} from ${http.server === 'envoy-gateway' ? "the Gateway's Envoy proxy" : 'the ingress controller'}: its connection to the backend failed (${trace.reason ?? ''})`,
    http: { ...http, ...answer },
  };
}

/** The controller answered, or proxies over a new connection from its own pod. */
function viaIngressController(ctx: Ctx, pod: Pod, node: string, outcome: IngressOutcome): Trace {
  ctx.hops.push(...outcome.hops);
  if (outcome.kind === 'respond') {
    const verdict: TraceVerdict = outcome.http ? { kind: 'http', status: outcome.http.status } : { kind: 'tls-failure' };
    return { ok: false, verdict, reason: outcome.reason, hops: ctx.hops, ...(outcome.http ? { http: outcome.http } : {}) };
  }
  ctx.passes = 0;
  delete ctx.endpointPod;
  if (outcome.kind === 'proxy-name') {
    const step = lookup(ctx.state, outcome.host, { pod, node }, outcome.flow.srcPort);
    ctx.hops.push(step.hop);
    if (!step.ok) return upstreamFailure(ctx, fail(ctx, step.reason, { kind: 'dns-failure', rcode: step.rcode }), outcome.http);
    ctx.host = step.canonical;
    ctx.flow = { ...outcome.flow, dstIP: step.ip, dstPort: outcome.port };
  } else {
    ctx.flow = outcome.flow;
  }
  return upstreamFailure(ctx, fromPod(ctx, pod, node), outcome.http);
}

/** Something outside the cluster receives the packet. */
function atExternal(ctx: Ctx): Trace {
  const { flow } = ctx;
  const what = flow.protocol === 'ICMP' ? 'answers the ping' : 'accepts the connection';
  ctx.hops.push(
    makeHop('external', `${flow.dstIP} is outside the cluster (the simulated internet); it ${what} from ${srcText(flow)}.`, flow),
  );
  return {
    ok: true,
    verdict: { kind: 'delivered' },
    hops: ctx.hops,
    external: { host: ctx.host, ip: flow.dstIP, port: flow.protocol === 'ICMP' ? 0 : flow.dstPort },
  };
}

/** The packet leaves the cluster from `node`: masqueraded by kube-proxy's mark or the CNI's egress rule. */
function egress(ctx: Ctx, node: string, marked: boolean): void {
  const addresses = nodeAddresses(ctx.state, node);
  if (!addresses) return;
  if (marked) {
    ctx.hops.push(masquerade(ctx.state, node, ctx.flow, addresses.internalIP, `${node}'s eth0`));
  } else if (classify(ctx.state, ctx.flow.srcIP) === 'pod') {
    const before = ctx.flow.srcIP;
    ctx.flow.srcIP = addresses.internalIP;
    ctx.hops.push(
      makeHop(
        'node',
        `The packet leaves the pod network for ${ctx.flow.dstIP}: the CNI plugin's masquerade rule for outbound traffic replaces the source ${before} with ${node}'s address ${addresses.internalIP}.`,
        ctx.flow,
        { node, nat: 'SNAT' },
      ),
    );
  }
}

/** A process of the node itself (host network) gets the packet: kube-proxy's health check server, a host-network pod, kube-apiserver. */
function atHost(ctx: Ctx, node: string): Trace {
  const { state, flow } = ctx;
  if (flow.protocol === 'ICMP') {
    nodeHop(ctx, node, `${node} answers the ping itself (${flow.dstIP} is one of its addresses).`);
    return { ok: true, verdict: { kind: 'delivered' }, hops: ctx.hops, external: { host: node, ip: flow.dstIP, port: 0 } };
  }
  const target = ctx.endpointPod;
  if (!target) {
    const health = healthCheckServer(state, node, flow, ctx.http, ctx.hops);
    if (health) return health;
  }
  const pod = hostNetworkPodsAt(state, flow.dstIP).find(
    (p) =>
      (target !== undefined && p.metadata.name === target.name && p.metadata.namespace === target.namespace) ||
      p.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.containerPort === flow.dstPort && cp.protocol === flow.protocol)),
  );
  if (pod) return atPod(ctx, pod, node);
  if (
    node === state.options.nodes[0] &&
    flow.dstIP === nodeInternalIP(state.options, 0) &&
    flow.dstPort === 6443 &&
    flow.protocol === 'TCP'
  ) {
    nodeHop(
      ctx,
      node,
      `kube-apiserver, listening on ${node}'s host network at ${dstText(flow)}, accepts the connection from ${flow.srcIP}.`,
    );
    return {
      ok: true,
      verdict: { kind: 'delivered' },
      hops: ctx.hops,
      external: { host: 'kube-apiserver', ip: flow.dstIP, port: flow.dstPort },
    };
  }
  const answer = flow.protocol === 'TCP' ? 'resets it (connection refused)' : 'answers ICMP port unreachable';
  const nodePortOf = nodeRules(state, node).byNodePort.get(`${flow.dstPort}/${flow.protocol}`);
  const why = !nodePortOf
    ? 'no Service has that nodePort'
    : isLoopback(flow.dstIP)
      ? state.options.proxyMode === 'nftables'
        ? `${nodePortOf.info.spn} has that nodePort, but kube-proxy runs in nftables mode, which does not support localhost NodePorts (the services chain matches NodePorts only on ${state.options.kubeProxy.nodePortAddresses === 'all' ? 'non-loopback local addresses' : 'the addresses in @nodeport-ips'})`
        : `${nodePortOf.info.spn} has that nodePort, but kube-proxy runs with --iptables-localhost-nodeports=false, so NodePorts do not answer on localhost`
      : `${nodePortOf.info.spn} has that nodePort, but --nodeport-addresses does not select ${flow.dstIP}, so kube-proxy does not capture it there`;
  nodeHop(ctx, node, `Nothing listens on ${node} at ${dstText(flow)}/${flow.protocol}, and ${why}; the kernel ${answer}.`);
  // The kernel's answer to a port nothing listens on: TCP RST (tcp_v4_send_reset), SCTP ABORT,
  // ICMP port unreachable for UDP (__udp4_lib_rcv).
  const refusedWith = flow.protocol === 'TCP' ? 'tcp-reset' : flow.protocol === 'SCTP' ? 'sctp-abort' : 'icmp-port-unreachable';
  return fail(
    ctx,
    nodePortOf
      ? `connection refused: nothing listens on ${dstText(flow)}/${flow.protocol} (${node}); ${why}`
      : `connection refused: nothing listens on ${dstText(flow)}/${flow.protocol} (${node}) and no Service uses nodePort ${flow.dstPort}`,
    { kind: 'rejected', with: refusedWith },
  );
}

function noServiceRule(ctx: Ctx, node: string): Trace {
  const { state, flow } = ctx;
  const ports = servicePortsAt(state, node, flow.dstIP);
  const declared = ports.map((p) => `${p.info.port.port}/${p.info.port.protocol}`).join(', ');
  const service = ports[0]?.info.spn.split(':')[0];
  let note: string;
  let reason: string;
  if (flow.protocol === 'ICMP') {
    note = `kube-proxy writes rules only for a Service's ports (${declared || 'none here'}); nothing matches an ICMP echo to ${flow.dstIP}, which no interface holds, so it is lost.`;
    reason = `ping ${flow.dstIP}: 100% packet loss — a ClusterIP is a virtual IP that exists only as iptables DNAT rules for the Service's TCP/UDP/SCTP ports; nothing answers ICMP`;
  } else if (ports.length === 0) {
    note = `No rule in KUBE-SERVICES matches ${dstText(flow)}: no Service has the cluster IP ${flow.dstIP}, and no interface holds it.`;
    reason = `timed out: no Service has the cluster IP ${flow.dstIP}`;
  } else {
    note = `No rule in KUBE-SERVICES matches ${dstText(flow)}/${flow.protocol}: ${service} declares only ${declared}, and a cluster IP answers on nothing else.`;
    reason = `timed out: ${service} does not declare port ${flow.dstPort}/${flow.protocol} (it declares ${declared}); kube-proxy has no rule for it`;
  }
  ctx.hops.push(makeHop('kube-proxy', note, flow, { node }));
  return fail(ctx, reason, TIMEOUT);
}

function afterProxy(ctx: Ctx, node: string, verdict: ProxyVerdict, arrivedFromElsewhere: boolean): Trace {
  ctx.hops.push(...verdict.hops);
  // kube-proxy's filter rules: `-j REJECT` without --reject-with (proxier.go), so iptables sends its
  // default icmp-port-unreachable; `-j DROP` sends nothing.
  if (verdict.verdict === 'rejected') return fail(ctx, verdict.reason, { kind: 'rejected', with: 'icmp-port-unreachable' });
  if (verdict.verdict === 'dropped') return fail(ctx, verdict.reason, { kind: 'dropped' });
  if (verdict.verdict === 'dnat') {
    if (verdict.endpoint.pod) ctx.endpointPod = verdict.endpoint.pod;
    else ctx.host = verdict.endpoint.ip; // a manual Endpoints address
  }
  if (verdict.verdict === 'none' && arrivedFromElsewhere && nodeOwningAddress(ctx.state, ctx.flow.dstIP) === node) return atHost(ctx, node);
  return route(ctx, node, verdict.verdict === 'dnat' && verdict.masquerade);
}

/** The packet reaches `node` from the network and goes through its PREROUTING rules. */
function arrive(ctx: Ctx, node: string, note: string): Trace {
  const addresses = nodeAddresses(ctx.state, node);
  if (!addresses) return fail(ctx, `no node ${node}`, TIMEOUT);
  if (!addresses.ready) return unreachableNode(ctx, node, addresses.internalIP);
  nodeHop(ctx, node, note);
  if (++ctx.passes > MAX_NODE_PASSES) return fail(ctx, 'the packet loops between nodes', TIMEOUT);
  const dstLocal = nodeOwningAddress(ctx.state, ctx.flow.dstIP) === node;
  return afterProxy(ctx, node, kubeProxy({ state: ctx.state, node, flow: ctx.flow, dstLocal, srcLocal: false }), true);
}

/** Routing after the nat table of `node` had its say. */
function route(ctx: Ctx, node: string, marked: boolean): Trace {
  const { state, flow } = ctx;
  const here = nodeAddresses(state, node);
  const owner = nodeOwningAddress(state, flow.dstIP);
  if (owner === node || isLoopback(flow.dstIP)) return atHost(ctx, node); // local delivery: no POSTROUTING, no masquerade
  if (owner) {
    if (marked && here) ctx.hops.push(masquerade(state, node, flow, here.internalIP, `${node}'s eth0`));
    return arrive(ctx, owner, `The packet crosses the node network from ${node} to ${owner} (${flow.dstIP}).`);
  }
  const kind = classify(state, flow.dstIP);
  if (kind === 'pod') {
    const target = nodeOfPodIP(state, flow.dstIP);
    if (!target) {
      nodeHop(ctx, node, `No node's pod range holds ${flow.dstIP}; ${node} has no route to it.`);
      return fail(ctx, `timed out: ${flow.dstIP} is in the pod network but in no node's pod range`, TIMEOUT);
    }
    const targetAddresses = nodeAddresses(state, target);
    if (marked && here && targetAddresses) {
      ctx.hops.push(
        target === node
          ? masquerade(state, node, flow, here.bridgeIP, `${node}'s pod bridge cni0`)
          : masquerade(state, node, flow, here.internalIP, `${node}'s eth0`),
      );
    }
    if (target !== node) {
      if (!targetAddresses?.ready) return unreachableNode(ctx, target, targetAddresses?.internalIP ?? '');
      nodeHop(
        ctx,
        target,
        `Routed from ${node} over the node network to ${target} (${targetAddresses.internalIP}), whose pod range holds ${flow.dstIP}.`,
      );
    }
    const pod = podByIP(state, flow.dstIP);
    if (!pod) {
      nodeHop(ctx, target, `No pod on ${target} has the address ${flow.dstIP}.`);
      return fail(ctx, `timed out: no pod has the IP ${flow.dstIP}`, TIMEOUT);
    }
    return atPod(ctx, pod, target);
  }
  if (kind === 'service') return noServiceRule(ctx, node);
  egress(ctx, node, marked);
  return outside(ctx);
}

/** Beyond the cluster's networks: a cloud load balancer (the ingress controller's too), an unrouted external IP, or the internet. */
function outside(ctx: Ctx): Trace {
  const { state, flow } = ctx;
  if (loadBalancerPorts(state, flow.dstIP).length > 0) return viaCloudLB(ctx);
  if (isExternalIP(state, flow.dstIP)) {
    return fail(
      ctx,
      `timed out: ${flow.dstIP} is a Service externalIP, but the simulated network routes it to no node (kube-proxy captures it only on a node it reaches)`,
      TIMEOUT,
    );
  }
  return atExternal(ctx);
}

function viaCloudLB(ctx: Ctx): Trace {
  const step = cloudLoadBalancer(ctx.state, ctx.flow, loadBalancerPorts(ctx.state, ctx.flow.dstIP));
  ctx.hops.push(step.hop);
  if (!step.ok) return fail(ctx, step.reason, step.dropped ? { kind: 'dropped' } : TIMEOUT);
  return arrive(ctx, step.node.name, `The packet arrives at ${step.node.name} (${step.node.internalIP}) from the load balancer.`);
}

function fromOutside(ctx: Ctx): Trace {
  const { state, flow } = ctx;
  const owner = nodeOwningAddress(state, flow.dstIP);
  if (owner && nodeAddresses(state, owner)?.internalIP === flow.dstIP) {
    return arrive(ctx, owner, `The packet arrives at ${owner} on its InternalIP ${flow.dstIP}.`);
  }
  const kind = classify(state, flow.dstIP);
  if (kind === 'pod' || kind === 'service') {
    const range =
      kind === 'pod' ? `the pod network ${state.options.podCIDR.text}` : `the Service network ${state.options.serviceCIDR.text}`;
    return fail(
      ctx,
      `timed out: ${flow.dstIP} is in ${range}, which is routed only inside the cluster; from outside use a NodePort, a LoadBalancer or an Ingress`,
      TIMEOUT,
    );
  }
  return outside(ctx);
}

/**
 * 127.0.0.0/8 from a pod (not on the host network) is the loopback of the pod's own network
 * namespace: the packet never leaves the pod, so no rule of the node, kube-proxy's NodePorts
 * included, ever sees it. It reaches a container of the pod, or nothing.
 */
function ownLoopback(ctx: Ctx, pod: Pod, node: string): Trace {
  const { flow } = ctx;
  const listens = pod.spec.containers.some((c) =>
    (c.ports ?? []).some((cp) => cp.containerPort === flow.dstPort && cp.protocol === flow.protocol),
  );
  if (flow.protocol === 'ICMP' || listens) return atPod(ctx, pod, node);
  const name = namespacedName(pod);
  const answer = flow.protocol === 'TCP' ? 'resets it (connection refused)' : 'answers ICMP port unreachable';
  ctx.hops.push(
    makeHop(
      'pod',
      `${flow.dstIP} is ${name}'s own loopback: a pod's localhost is its own network namespace, not ${node}'s, so the packet never leaves the pod and no node rule (NodePorts included) sees it. No container of the pod declares port ${flow.dstPort}/${flow.protocol}; the kernel ${answer}.`,
      flow,
      { node },
    ),
  );
  return fail(
    ctx,
    `connection refused: nothing listens on ${dstText(flow)}/${flow.protocol} inside pod ${name} (a pod's localhost is its own; a NodePort answers on a node's address)`,
    { kind: 'rejected', with: flow.protocol === 'TCP' ? 'tcp-reset' : flow.protocol === 'SCTP' ? 'sctp-abort' : 'icmp-port-unreachable' },
  );
}

function fromPod(ctx: Ctx, pod: Pod, node: string): Trace {
  const { state, flow } = ctx;
  const hostNetwork = pod.spec.hostNetwork === true;
  if (!hostNetwork && isLoopback(flow.dstIP)) return ownLoopback(ctx, pod, node);
  // 127.0.0.0/8 is the node's own loopback for a host-network pod (a pod's loopback is its own).
  const dstLocal = nodeOwningAddress(state, flow.dstIP) === node || (hostNetwork && isLoopback(flow.dstIP));
  ctx.passes += 1;
  const verdict = kubeProxy({ state, node, flow, dstLocal, srcLocal: hostNetwork });
  return afterProxy(ctx, node, verdict, false);
}

type Source = { kind: 'pod'; pod: Pod; node: string; ip: string } | { kind: 'external'; ip: string } | { kind: 'error'; reason: string };

function resolveSource(state: ClusterState, request: SendRequest): Source {
  const from = request.from;
  if ('external' in from) {
    return isDottedIPv4(from.external)
      ? { kind: 'external', ip: from.external }
      : { kind: 'error', reason: `the external client's address "${from.external}" is not an IPv4 address` };
  }
  const namespace = namespaceOf(from);
  const pod = state.store.get('Pod', from.pod, namespace);
  if (!pod) return { kind: 'error', reason: `pod "${from.pod}" not found in namespace "${namespace}"` };
  const node = pod.spec.nodeName;
  if (pod.status.phase !== 'Running' || !pod.status.podIP || !node) {
    return {
      kind: 'error',
      reason: `pod ${namespace}/${from.pod} is ${pod.status.phase} without a running container and an IP, so it cannot send`,
    };
  }
  return { kind: 'pod', pod, node, ip: pod.status.podIP };
}

export function send(state: ClusterState, request: SendRequest): Trace {
  const source = resolveSource(state, request);
  if (source.kind === 'error') return { ok: false, verdict: NOT_SENT, reason: source.reason, hops: [] };
  const target = parseTarget(request.to);
  if (target.kind === 'invalid') return { ok: false, verdict: NOT_SENT, reason: target.message, hops: [] };
  const ports = stream(state, 'ephemeral-port', source.kind === 'pod' ? source.node : 'external', source.ip);
  const ctx: Ctx = {
    state,
    hops: [],
    flow: { srcIP: source.ip, srcPort: 0, dstIP: '', dstPort: 0, protocol: 'ICMP' },
    host: target.host,
    passes: 0,
  };
  if (target.kind === 'connect' && (target.scheme === undefined || target.scheme === 'http' || target.scheme === 'https')) {
    const tls = target.scheme === 'https';
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.trim().toLowerCase(), String(v)]));
    const hostHeader =
      request.host?.trim() || headers.host?.trim() || (target.port === (tls ? 443 : 80) ? target.host : `${target.host}:${target.port}`);
    delete headers.host;
    const path = (target.path ?? '').split('#')[0] ?? '';
    const method = request.method?.trim().toUpperCase() || 'GET';
    ctx.http = { tls, hostHeader, uri: path.startsWith('/') ? path : `/${path}`, method, headers };
  } else if (target.kind === 'connect' && target.scheme === 'grpc') {
    // grpc://host/<package.Service>/<Method>: a gRPC call is an HTTP/2 POST of that path (h2c here).
    const path = (target.path ?? '/').split(/[?#]/)[0] ?? '/';
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.trim().toLowerCase(), String(v)]));
    const hostHeader = request.host?.trim() || (target.port === 80 ? target.host : `${target.host}:${target.port}`);
    ctx.http = { tls: false, hostHeader, uri: path, method: 'POST', headers: { 'content-type': 'application/grpc', ...headers } };
  }
  if (source.kind === 'pod') {
    const node = nodeAddresses(state, source.node);
    if (!node?.ready) {
      return fail(
        ctx,
        `pod ${namespaceOf(source.pod)}/${source.pod.metadata.name} runs on ${source.node}, which is NotReady (node failure): it cannot send`,
        NOT_SENT,
      );
    }
  }

  let dstIP = target.host;
  if (!isDottedIPv4(target.host)) {
    const client = source.kind === 'pod' ? { pod: source.pod, node: source.node } : { ip: source.ip };
    const step = lookup(state, target.host, client, ports.int(EPHEMERAL.first, EPHEMERAL.last));
    ctx.hops.push(step.hop);
    if (!step.ok) return fail(ctx, step.reason, { kind: 'dns-failure', rcode: step.rcode });
    dstIP = step.ip;
    ctx.host = step.canonical;
  }
  ctx.flow = {
    srcIP: source.ip,
    srcPort: target.kind === 'ping' ? 0 : (request.sourcePort ?? ports.int(EPHEMERAL.first, EPHEMERAL.last)),
    dstIP,
    dstPort: target.kind === 'ping' ? 0 : target.port,
    protocol: target.kind === 'ping' ? 'ICMP' : (request.protocol ?? 'TCP'),
  };
  if (source.kind === 'pod') {
    const who = `Pod ${namespaceOf(source.pod)}/${source.pod.metadata.name} on ${source.node}`;
    const dns = dstIP === clusterDNSIP(state.options) ? ' (the cluster DNS Service)' : '';
    ctx.hops.push(makeHop('client', `${who} ${verb(ctx.flow)} ${dstText(ctx.flow)}${dns}.`, ctx.flow, { node: source.node }));
    return fromPod(ctx, source.pod, source.node);
  }
  ctx.hops.push(makeHop('client', `The external client ${source.ip} ${verb(ctx.flow)} ${dstText(ctx.flow)}.`, ctx.flow));
  return fromOutside(ctx);
}
