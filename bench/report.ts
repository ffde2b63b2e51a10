/** The bench's rows: one table on stdout and bench/results.json, each figure with its target and verdict. */
import { writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Row {
  /** The section the figure belongs to: engine, browser, size, url. */
  group: string;
  figure: string;
  value: number;
  unit: string;
  /** The target in words, e.g. '< 50 ms'; absent for figures reported without a target. */
  target?: string;
  met?: boolean;
  /** Extra facts: samples, p90, element count... */
  note?: string;
}

/** A row with a numeric target: `met` is computed, never hand-written. */
export function against(row: Omit<Row, 'target' | 'met'>, op: '<' | '<=' | '>=', limit: number, unitText = row.unit): Row {
  const met = op === '<' ? row.value < limit : op === '<=' ? row.value <= limit : row.value >= limit;
  return { ...row, target: `${op} ${limit.toLocaleString('en')} ${unitText}`, met };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function verdict(r: Row): string {
  return r.met === undefined ? '' : r.met ? 'met' : 'NOT MET';
}

export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((r) => [r.group, r.figure, `${r.value.toLocaleString('en')} ${r.unit}`, r.target ?? '', verdict(r), r.note ?? '']);
  const head = ['group', 'figure', 'value', 'target', 'verdict', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** The table as Markdown, for the README's benchmark section. */
export function markdownTable(rows: readonly Row[]): string {
  const out = ['| figure | value | target | verdict |', '| --- | --- | --- | --- |'];
  for (const r of rows)
    out.push(
      `| ${r.figure}${r.note ? ` (${r.note})` : ''} | ${r.value.toLocaleString('en')} ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'met' : '**not met**'} |`,
    );
  return out.join('\n');
}

export function writeResults(rows: readonly Row[], file: URL): void {
  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
}
