/**
 * One iptables rule as kube-proxy (iptables mode) writes it: the chain it is appended to, its
 * matches in the order they are written, and its target. pkg/proxy/iptables/proxier.go builds each
 * rule as a list of arguments (`proxier.natRules.Write("-A", chain, "-m", "comment", ...)`) that
 * it hands to iptables-restore; `renderRule` writes the same arguments from the structure, and
 * the packet walks read the structure itself (the target, the jump, the statistic probability).
 */

export type IptMatch =
  /**
   * `-m comment --comment <text>`. kube-proxy puts the quotes into the argument itself wherever a
   * comment has a space (fmt.Sprintf(`"%s cluster IP"`, svcPortNameString)), and writes a bare
   * svcPortNameString, which never has one, without them.
   */
  | { readonly kind: 'comment'; readonly text: string }
  /** `-m tcp -p tcp`: the protocol match, which `--dport` belongs to. */
  | { readonly kind: 'protocol'; readonly protocol: string }
  /** `[!] -s <address>` and `[!] -d <address>`: an address or a CIDR. */
  | { readonly kind: 'source' | 'destination'; readonly address: string; readonly negated: boolean }
  /** `--dport <port>`, an option of the protocol match written before it. */
  | { readonly kind: 'dport'; readonly port: number }
  /** `-m addrtype --src-type LOCAL` / `--dst-type LOCAL`: an address of the node itself. */
  | { readonly kind: 'addrtype'; readonly direction: 'src' | 'dst' }
  /** `-m nfacct --nfacct-name <counter>`: counts the packet (metrics.*NFAcctCounter). */
  | { readonly kind: 'nfacct'; readonly name: string }
  /** `-m recent --name <list> --set`: the KUBE-SEP rule that remembers the client (ClientIP affinity). */
  | { readonly kind: 'recent-set'; readonly name: string }
  /** `-m recent --name <list> --rcheck --seconds <n> --reap`: the client was seen less than n seconds ago. */
  | { readonly kind: 'recent-check'; readonly name: string; readonly seconds: number }
  /**
   * `-m statistic --mode random --probability <p>`, p as computeProbability writes it
   * (fmt.Sprintf("%0.10f", 1.0/float64(n))) and as the kernel compares it.
   */
  | { readonly kind: 'statistic'; readonly probability: number }
  /** `-m mark [!] --mark <value/mask>`. */
  | { readonly kind: 'mark'; readonly mark: string; readonly negated: boolean }
  /** `-m conntrack [!] --ctstate <states>`. */
  | { readonly kind: 'ctstate'; readonly states: string; readonly negated: boolean };

export type IptTarget =
  /** `-j <chain>`: a jump to one of kube-proxy's chains. */
  | { readonly kind: 'jump'; readonly chain: string }
  /** `-j DNAT --to-destination <ip:port>`. */
  | { readonly kind: 'DNAT'; readonly destination: string }
  /** `-j MARK --or-mark <mark>` / `--xor-mark <mark>`. */
  | { readonly kind: 'MARK'; readonly op: 'or' | 'xor'; readonly mark: string }
  /** `-j MASQUERADE --random-fully`. */
  | { readonly kind: 'MASQUERADE' }
  | { readonly kind: 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' };

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN';

/** A rule; without a target (KUBE-FW-<hash>'s last rule) it only counts what reaches it. */
export interface IptRule {
  readonly chain: string;
  readonly matches: readonly IptMatch[];
  readonly target: IptTarget | undefined;
  /** `renderRule(this)`: the `-A ...` line, written on first read and kept. */
  readonly text: string;
}

class Rule implements IptRule {
  #text: string | undefined;

  constructor(
    readonly chain: string,
    readonly matches: readonly IptMatch[],
    readonly target: IptTarget | undefined,
  ) {}

  get text(): string {
    this.#text ??= renderRule(this);
    return this.#text;
  }
}

/**
 * A rule. Its text is rendered when first read, not here: after every edit the rules of each node
 * a trace or a table needs are compiled again, and most of them are never shown (a trace shows a
 * few, iptables-save one node's).
 */
export function iptRule(chain: string, matches: readonly IptMatch[], target?: IptTarget): IptRule {
  return new Rule(chain, matches, target);
}

function matchText(m: IptMatch): string {
  switch (m.kind) {
    case 'comment':
      return m.text.includes(' ') ? `-m comment --comment "${m.text}"` : `-m comment --comment ${m.text}`;
    case 'protocol':
      return `-m ${m.protocol} -p ${m.protocol}`;
    case 'source':
      return `${m.negated ? '! ' : ''}-s ${m.address}`;
    case 'destination':
      return `${m.negated ? '! ' : ''}-d ${m.address}`;
    case 'dport':
      return `--dport ${m.port}`;
    case 'addrtype':
      return `-m addrtype --${m.direction}-type LOCAL`;
    case 'nfacct':
      return `-m nfacct --nfacct-name ${m.name}`;
    case 'recent-set':
      return `-m recent --name ${m.name} --set`;
    case 'recent-check':
      return `-m recent --name ${m.name} --rcheck --seconds ${m.seconds} --reap`;
    case 'statistic':
      return `-m statistic --mode random --probability ${m.probability.toFixed(10)}`;
    case 'mark':
      return `-m mark ${m.negated ? '! ' : ''}--mark ${m.mark}`;
    case 'ctstate':
      return `-m conntrack ${m.negated ? '! ' : ''}--ctstate ${m.states}`;
  }
}

function targetText(t: IptTarget): string {
  switch (t.kind) {
    case 'jump':
      return t.chain;
    case 'DNAT':
      return `DNAT --to-destination ${t.destination}`;
    case 'MARK':
      return `MARK --${t.op}-mark ${t.mark}`;
    case 'MASQUERADE':
      return 'MASQUERADE --random-fully';
    default:
      return t.kind;
  }
}

/** The rule as kube-proxy writes it to iptables-restore: `-A <chain> <matches...> [-j <target>]`. */
export function renderRule(rule: Pick<IptRule, 'chain' | 'matches' | 'target'>): string {
  let text = `-A ${rule.chain}`;
  for (const m of rule.matches) text += ` ${matchText(m)}`;
  if (rule.target) text += ` -j ${targetText(rule.target)}`;
  return text;
}

// The matches and targets, as the rules are written.

export const comment = (text: string): IptMatch => ({ kind: 'comment', text });
const protocols = new Map<string, IptMatch>();
export function protocol(name: string): IptMatch {
  let m = protocols.get(name);
  if (!m) {
    m = { kind: 'protocol', protocol: name };
    protocols.set(name, m);
  }
  return m;
}
export const source = (address: string, negated = false): IptMatch => ({ kind: 'source', address, negated });
export const destination = (address: string, negated = false): IptMatch => ({ kind: 'destination', address, negated });
export const dport = (port: number): IptMatch => ({ kind: 'dport', port });
export const addrtype = (direction: 'src' | 'dst'): IptMatch => ({ kind: 'addrtype', direction });
export const nfacct = (name: string): IptMatch => ({ kind: 'nfacct', name });
export const recentSet = (name: string): IptMatch => ({ kind: 'recent-set', name });
export const recentCheck = (name: string, seconds: number): IptMatch => ({ kind: 'recent-check', name, seconds });
export const statistic = (probability: number): IptMatch => ({ kind: 'statistic', probability });
export const mark = (value: string, negated = false): IptMatch => ({ kind: 'mark', mark: value, negated });
export const ctstate = (states: string, negated = false): IptMatch => ({ kind: 'ctstate', states, negated });

export const jumpTo = (chain: string): IptTarget => ({ kind: 'jump', chain });
export const dnatTo = (destination: string): IptTarget => ({ kind: 'DNAT', destination });
export const markWith = (op: 'or' | 'xor', value: string): IptTarget => ({ kind: 'MARK', op, mark: value });
const VERDICTS: Readonly<Record<Verdict | 'MASQUERADE', IptTarget>> = {
  ACCEPT: { kind: 'ACCEPT' },
  DROP: { kind: 'DROP' },
  REJECT: { kind: 'REJECT' },
  RETURN: { kind: 'RETURN' },
  MASQUERADE: { kind: 'MASQUERADE' },
};
/** ACCEPT, DROP, REJECT, RETURN or `MASQUERADE --random-fully`: one shared object each. */
export const verdict = (kind: Verdict | 'MASQUERADE'): IptTarget => VERDICTS[kind];
