/**
 * One rule of the `ip kube-proxy` table as kube-proxy (nftables mode) writes it: the chain, its
 * expressions in order (matches such as `ip daddr`, statements such as `mark set` or `dnat to`),
 * the verdict and a comment. pkg/proxy/nftables/proxier.go writes each rule through knftables
 * (`tx.Add(&knftables.Rule{Chain: ..., Rule: knftables.Concat(...), Comment: ...})`);
 * `renderNftRule` writes the same rule text from the structure, and the packet walk reads the
 * structure itself. Sets and maps and their elements are structured already (nft-rules.ts NftSet).
 */

/** What an `ip saddr`/`ip daddr` match compares with: an address or CIDR, `@<set>`, or an anonymous set `{ a, b }`. */
export type NftValue = string | { readonly set: string } | { readonly anonymous: readonly string[] };

export type NftExpr =
  /** `ct state new`. */
  | { readonly kind: 'ct-state'; readonly state: string }
  /** `ip saddr|daddr [!=] <value>`. */
  | { readonly kind: 'ip'; readonly field: 'saddr' | 'daddr'; readonly negated: boolean; readonly value: NftValue }
  /** `<protocol> dport <port>`. */
  | { readonly kind: 'dport'; readonly protocol: string; readonly port: number }
  /** `meta l4proto <protocol>`. */
  | { readonly kind: 'l4proto'; readonly protocol: string }
  /** `fib saddr|daddr type local`: an address of the node itself. */
  | { readonly kind: 'fib-local'; readonly field: 'saddr' | 'daddr' }
  /** `mark and <mark> == 0`: the packet does not carry the masquerade mark. */
  | { readonly kind: 'mark-unset'; readonly mark: string }
  /** `mark set mark or|xor <mark>`. */
  | { readonly kind: 'mark-set'; readonly op: 'or' | 'xor'; readonly mark: string }
  /** `update @<set> { ip saddr }`: the client remembered for ClientIP affinity. */
  | { readonly kind: 'update'; readonly set: string }
  /** `masquerade fully-random`. */
  | { readonly kind: 'masquerade' }
  /** `dnat to <ip:port>`. */
  | { readonly kind: 'dnat'; readonly to: string }
  /** `reject` (ICMP port unreachable). */
  | { readonly kind: 'reject' };

/** The parts of a verdict map's key, joined by ` . `. */
export type NftSelector = 'ip daddr' | 'meta l4proto' | 'th dport';

export type NftVerdict =
  | { readonly kind: 'jump' | 'goto'; readonly chain: string }
  | { readonly kind: 'return' | 'drop' }
  /** `<key> vmap @<map>`: the verdict the map holds for the packet's key. */
  | { readonly kind: 'vmap'; readonly key: readonly NftSelector[]; readonly map: string }
  /** `numgen random mod N vmap { 0 : goto <chain> , ... }`: one of the chains, uniformly. */
  | { readonly kind: 'numgen'; readonly chains: readonly string[] };

export interface NftRule {
  readonly chain: string;
  readonly exprs: readonly NftExpr[];
  readonly verdict: NftVerdict | undefined;
  readonly comment: string | undefined;
  /** `renderNftRule(this)`: the rule as `nft list table` prints it in its chain, written on first read and kept. */
  readonly text: string;
}

class Rule implements NftRule {
  #text: string | undefined;

  constructor(
    readonly chain: string,
    readonly exprs: readonly NftExpr[],
    readonly verdict: NftVerdict | undefined,
    readonly comment: string | undefined,
  ) {}

  get text(): string {
    this.#text ??= renderNftRule(this);
    return this.#text;
  }
}

/** A rule; its text is rendered when first read (listTable, dumpTable, a trace's hop). */
export function nftRule(chain: string, exprs: readonly NftExpr[], verdict?: NftVerdict, comment?: string): NftRule {
  return new Rule(chain, exprs, verdict, comment);
}

function valueText(v: NftValue): string {
  if (typeof v === 'string') return v;
  return 'set' in v ? `@${v.set}` : `{ ${v.anonymous.join(', ')} }`;
}

function exprText(e: NftExpr): string {
  switch (e.kind) {
    case 'ct-state':
      return `ct state ${e.state}`;
    case 'ip':
      return `ip ${e.field} ${e.negated ? '!= ' : ''}${valueText(e.value)}`;
    case 'dport':
      return `${e.protocol} dport ${e.port}`;
    case 'l4proto':
      return `meta l4proto ${e.protocol}`;
    case 'fib-local':
      return `fib ${e.field} type local`;
    case 'mark-unset':
      return `mark and ${e.mark} == 0`;
    case 'mark-set':
      return `mark set mark ${e.op} ${e.mark}`;
    case 'update':
      return `update @${e.set} { ip saddr }`;
    case 'masquerade':
      return 'masquerade fully-random';
    case 'dnat':
      return `dnat to ${e.to}`;
    case 'reject':
      return 'reject';
  }
}

function verdictText(v: NftVerdict): string {
  switch (v.kind) {
    case 'jump':
    case 'goto':
      return `${v.kind} ${v.chain}`;
    case 'vmap':
      return `${v.key.join(' . ')} vmap @${v.map}`;
    case 'numgen':
      return `numgen random mod ${v.chains.length} vmap { ${v.chains.map((c, i) => `${i} : goto ${c}`).join(' , ')} }`;
    default:
      return v.kind;
  }
}

/** The rule as nft prints it: its expressions, the verdict, then `comment "..."`. */
export function renderNftRule(rule: Pick<NftRule, 'exprs' | 'verdict' | 'comment'>): string {
  let text = '';
  for (const e of rule.exprs) text += text ? ` ${exprText(e)}` : exprText(e);
  if (rule.verdict) text += text ? ` ${verdictText(rule.verdict)}` : verdictText(rule.verdict);
  if (rule.comment !== undefined) text += ` comment "${rule.comment}"`;
  return text;
}

// The expressions and verdicts, as the rules are written.

export const ctState = (state: string): NftExpr => ({ kind: 'ct-state', state });
export const ip = (field: 'saddr' | 'daddr', value: NftValue, negated = false): NftExpr => ({ kind: 'ip', field, negated, value });
export const dport = (protocol: string, port: number): NftExpr => ({ kind: 'dport', protocol, port });
export const l4proto = (protocol: string): NftExpr => ({ kind: 'l4proto', protocol });
export const fibLocal = (field: 'saddr' | 'daddr'): NftExpr => ({ kind: 'fib-local', field });
export const markUnset = (mark: string): NftExpr => ({ kind: 'mark-unset', mark });
export const markSet = (op: 'or' | 'xor', mark: string): NftExpr => ({ kind: 'mark-set', op, mark });
export const update = (set: string): NftExpr => ({ kind: 'update', set });
export const dnat = (to: string): NftExpr => ({ kind: 'dnat', to });
export const MASQUERADE: NftExpr = { kind: 'masquerade' };
export const REJECT: NftExpr = { kind: 'reject' };

export const jump = (chain: string): NftVerdict => ({ kind: 'jump', chain });
export const goto = (chain: string): NftVerdict => ({ kind: 'goto', chain });
export const vmap = (key: readonly NftSelector[], map: string): NftVerdict => ({ kind: 'vmap', key, map });
export const numgen = (chains: readonly string[]): NftVerdict => ({ kind: 'numgen', chains });
export const RETURN: NftVerdict = { kind: 'return' };
export const DROP: NftVerdict = { kind: 'drop' };
