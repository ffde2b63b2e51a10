/**
 * writeServiceToEndpointRules of pkg/proxy/iptables/proxier.go: a KUBE-SVC/KUBE-SVL chain's rules
 * to its endpoints (`-m recent --rcheck` for ClientIP affinity, then `-m statistic` rules of
 * probability 1/n, 1/(n-1), ... and a last rule that always matches), and each endpoint's KUBE-SEP
 * chain (the hairpin masquerade mark, then the DNAT).
 *
 * These rules read the same on every node that writes them: they depend on the Service port, the
 * endpoint, its place in the chain and largeClusterMode, never on the node. Rules are immutable,
 * so each is made once per endpoint and shared by the tables of every node (1,000 Services of
 * 10 endpoints are 30,000 such rules a node).
 */
import { KUBE_MARK_MASQ, probability } from './chains';
import type { IptMatch, IptRule, IptTarget } from './ipt-rule';
import { comment, dnatTo, iptRule, jumpTo, protocol, recentCheck, recentSet, source, statistic } from './ipt-rule';
import type { RuleTable } from './node-rules';
import type { ProxyEndpoint, ServicePortInfo } from './service-ports';

/** One rule of a KUBE-SVC/KUBE-SVL chain that jumps to an endpoint (its statistic match, if any, holds the probability). */
export interface DispatchRule {
  endpoint: ProxyEndpoint;
  rule: IptRule;
}

export interface DispatchChain {
  name: string;
  /** `-m recent --rcheck` rules, one per endpoint (sessionAffinity: ClientIP only). */
  affinity: DispatchRule[];
  /** The statistic rules, in order. */
  balance: DispatchRule[];
}

export interface EndpointRules {
  endpoint: ProxyEndpoint;
  /** `-s <endpoint ip> -j KUBE-MARK-MASQ`: a pod reaching itself through the Service (hairpin). */
  hairpin: IptRule;
  dnat: IptRule;
}

/** An endpoint's rules, as made for the first node that wrote them. */
interface Shared {
  large: boolean;
  hairpin: IptRule;
  dnat: IptRule;
  /** `-j KUBE-SEP-<hash>`. */
  jump: IptTarget;
  /** The `"<spn> -> <ip:port>"` comment of the KUBE-SVC/KUBE-SVL rules (none in largeClusterMode). */
  pointer: IptMatch | undefined;
  /**
   * The last `--rcheck` and statistic rules made for the endpoint, which the next node reuses when
   * its chain is the same (the same chain, and as many endpoints left after this one).
   */
  affinity: IptRule | undefined;
  balance: IptRule | undefined;
  left: number;
}

/**
 * By Service port, then endpoint. Every ProxyEndpoint belongs to one ServicePortInfo, and both are
 * made afresh when Services or EndpointSlices change (runtime.ts), so the endpoint identifies
 * everything its rules say, and the rules go when the port does.
 */
const byPort = new WeakMap<ServicePortInfo, Map<ProxyEndpoint, Shared>>();

const TO_MARK_MASQ = jumpTo(KUBE_MARK_MASQ);

/** One Service port's endpoint rules on one node: what its rules have in common. */
interface EndpointRuleWriter {
  info: ServicePortInfo;
  large: boolean;
  /** `-m comment --comment <spn>` of the KUBE-SEP rules; none in largeClusterMode. */
  note: IptMatch | undefined;
  made: Map<ProxyEndpoint, Shared>;
}

export function endpointRuleWriter(info: ServicePortInfo, large: boolean): EndpointRuleWriter {
  let made = byPort.get(info);
  if (!made) {
    made = new Map();
    byPort.set(info, made);
  }
  return { info, large, note: large ? undefined : comment(info.spn), made };
}

/** The shared rules of `ep`, remade when largeClusterMode changed since they were made. */
function shared(w: EndpointRuleWriter, ep: ProxyEndpoint): Shared {
  let rules = w.made.get(ep);
  if (rules?.large !== w.large) {
    const { info, note } = w;
    // Array literals of their final length: 10,000 endpoints' rules are built at once.
    const hairpin = note ? [note, source(ep.ip)] : [source(ep.ip)];
    const proto = protocol(info.protocol);
    const recent = info.affinitySeconds !== undefined ? recentSet(ep.sep) : undefined;
    const dnat = recent ? (note ? [note, recent, proto] : [recent, proto]) : note ? [note, proto] : [proto];
    rules = {
      large: w.large,
      hairpin: iptRule(ep.sep, hairpin, TO_MARK_MASQ),
      dnat: iptRule(ep.sep, dnat, dnatTo(ep.address)),
      jump: jumpTo(ep.sep),
      pointer: note ? comment(`${info.spn} -> ${ep.address}`) : undefined,
      affinity: undefined,
      balance: undefined,
      left: 0,
    };
    w.made.set(ep, rules);
  }
  return rules;
}

const statistics: IptMatch[] = [];

/** `-m statistic --mode random --probability <computeProbability(n)>`, one object for each n. */
function statisticFor(n: number): IptMatch {
  let match = statistics[n];
  if (!match) {
    match = statistic(Number(probability(n)));
    statistics[n] = match;
  }
  return match;
}

/** A KUBE-SVC/KUBE-SVL chain over `endpoints`, appended to `table`. */
export function writeDispatchChain(
  table: RuleTable,
  w: EndpointRuleWriter,
  name: string,
  endpoints: readonly ProxyEndpoint[],
): DispatchChain {
  const chain: DispatchChain = { name, affinity: [], balance: [] };
  const seconds = w.info.affinitySeconds;
  if (seconds !== undefined) {
    for (const ep of endpoints) {
      const rules = shared(w, ep);
      if (rules.affinity?.chain !== name) {
        const check = recentCheck(ep.sep, seconds);
        rules.affinity = iptRule(name, rules.pointer ? [rules.pointer, check] : [check], rules.jump);
      }
      chain.affinity.push({ endpoint: ep, rule: table.push(rules.affinity) });
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    // computeProbability(n - i) for every rule but the last, which always matches.
    const rules = shared(w, ep);
    const left = n - i;
    if (rules.balance?.chain !== name || rules.left !== left) {
      const { pointer } = rules;
      const matches = left > 1 ? (pointer ? [pointer, statisticFor(left)] : [statisticFor(left)]) : pointer ? [pointer] : [];
      rules.balance = iptRule(name, matches, rules.jump);
      rules.left = left;
    }
    chain.balance.push({ endpoint: ep, rule: table.push(rules.balance) });
  });
  return chain;
}

/** The endpoint's KUBE-SEP chain, appended to `table`. */
export function writeEndpointChain(table: RuleTable, w: EndpointRuleWriter, ep: ProxyEndpoint): EndpointRules {
  const rules = shared(w, ep);
  table.declare(ep.sep);
  return { endpoint: ep, hairpin: table.push(rules.hairpin), dnat: table.push(rules.dnat) };
}
