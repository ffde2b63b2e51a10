/**
 * The `ip kube-proxy` table as text, two ways: what `nft list table ip kube-proxy` prints on the
 * node (what a learner sees), and the `add ...` lines knftables' Fake.Dump() prints
 * (sigs.k8s.io/knftables fake.go), in which upstream's proxier_test.go states its expectations.
 */
import type { NftElement, NftSet, NftTable } from './nft-rules';
import { NFT, elementText } from './nft-rules';

const T = `ip ${NFT.table}`;

function setBody(set: NftSet): string[] {
  const lines = [`type ${set.type}`];
  if (set.flags) lines.push(`flags ${set.flags.join(',')}`);
  if (set.timeoutSeconds !== undefined) lines.push(`timeout ${set.timeoutSeconds}s`);
  if (set.comment !== undefined) lines.push(`comment "${set.comment}"`);
  return lines;
}

function elementsBlock(elements: readonly NftElement[]): string[] {
  if (elements.length === 0) return [];
  const texts = elements.map(elementText);
  if (texts.length === 1) return [`elements = { ${texts[0]} }`];
  return [`elements = { ${texts.join(',\n\t\t\t     ')} }`];
}

/** `nft list table ip kube-proxy`: sets and maps first, then chains, each in the order created. */
export function listTable(table: NftTable, header: string): string {
  const lines = [header, `table ${T} {`, '\tcomment "rules for kube-proxy"'];
  for (const set of table.sets.values()) {
    lines.push(`\t${set.kind} ${set.name} {`);
    for (const l of [...setBody(set), ...elementsBlock(set.elements)]) lines.push(`\t\t${l}`);
    lines.push('\t}', '');
  }
  for (const chain of table.chains.values()) {
    lines.push(`\tchain ${chain.name} {`);
    if (chain.base) lines.push(`\t\ttype ${chain.base.type} hook ${chain.base.hook} priority ${chain.base.priority}; policy accept;`);
    if (chain.comment !== undefined) lines.push(`\t\tcomment "${chain.comment}"`);
    for (const rule of chain.rules) lines.push(`\t\t${rule.text}`);
    lines.push('\t}', '');
  }
  if (lines[lines.length - 1] === '') lines.pop();
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** knftables Fake.Dump(): table, chains, sets, maps, rules, elements, as `add` commands. */
export function dumpTable(table: NftTable): string[] {
  const out = [`add table ${T} { comment "rules for kube-proxy" ; }`];
  const chains = [...table.chains.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of chains) {
    const opts: string[] = [];
    if (c.base) opts.push(`type ${c.base.type} hook ${c.base.hook} priority ${c.base.priorityValue}`);
    if (c.comment !== undefined) opts.push(`comment "${c.comment}"`);
    out.push(`add chain ${T} ${c.name}${opts.length ? ` { ${opts.join(' ; ')} ; }` : ''}`);
  }
  const sets = [...table.sets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const kind of ['set', 'map'] as const) {
    for (const s of sets.filter((x) => x.kind === kind)) {
      out.push(`add ${kind} ${T} ${s.name} { ${setBody(s).join(' ; ')} ; }`);
    }
  }
  for (const c of chains) for (const r of c.rules) out.push(`add rule ${T} ${c.name} ${r.text}`);
  for (const s of sets) for (const e of s.elements) out.push(`add element ${T} ${s.name} { ${elementText(e)} }`);
  return out;
}
