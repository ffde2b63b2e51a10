/**
 * `npm run bench`: the engine in Node, the built app in headless Chromium, bundle sizes and share
 * URL lengths. Prints one table (figure, value, target, verdict) and writes bench/results.json.
 * The app is built into a temporary folder and served by its own `vite preview`, stopped at the end.
 * `npm run bench -- --engine-only` skips the build and the browser.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentRows, engineRows, workerRows } from './engine';
import { browserRows } from './browser';
import { sizeRows, urlRows } from './sizes';
import { markdownTable, printTable, writeResults } from './report';
import type { Row } from './report';

const engineOnly = process.argv.includes('--engine-only');
// `--only=<part>` measures one browser part and skips the engine rows.
const only = process.argv.some((a) => a.startsWith('--only='));
const rows: Row[] = only ? [] : [...engineRows(), ...documentRows(), ...(await workerRows())];
if (!engineOnly) {
  const outDir = join(tmpdir(), 'svcscope-bench-dist');
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  rows.push(...(await browserRows(outDir)), ...(only ? [] : [...sizeRows(pathToFileURL(`${outDir}/`)), ...(await urlRows())]));
}
printTable(rows);
writeResults(rows, new URL('./results.json', import.meta.url));
if (process.argv.includes('--markdown')) console.log(`\n${markdownTable(rows)}`);
