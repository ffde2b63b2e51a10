/**
 * Sizes from the production build (dist/): JavaScript shipped before the editor loads (the entry
 * chunk, its static imports and the workers it starts) and in total; and the share URL of the
 * seed's whole chapter (target: <= 450 characters of fragment) and of each built-in scenario.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { base64urlnopad } from '@scure/base';
import { deflateSync } from 'fflate';
import { createServer } from 'vite';
import { against } from './report';
import type { Row } from './report';

const KiB = 1024;

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

function asset(dist: URL, file: string): Asset {
  const body = readFileSync(new URL(file, dist));
  return { file, bytes: body.length, gzip: gzipSync(body).length };
}

/**
 * What a chunk loads as it starts: static `import … from "./x.js"`, `import "./x.js"`,
 * `export … from "./x.js"`, the workers it starts (`"/assets/…worker….js"`) and, in a worker, its
 * dynamic imports too (the engine worker loads the engine session at once, beside elkjs's worker).
 */
function startupDependencies(file: string, code: string): string[] {
  const deps = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
    deps.add(`assets/${m[1] ?? ''}`);
  for (const m of code.matchAll(/["'`]\/?(assets\/[^"'`]*worker[^"'`]*\.js)["'`]/g)) deps.add(m[1] ?? '');
  if (/worker/.test(file)) for (const m of code.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)) deps.add(`assets/${m[1] ?? ''}`);
  return [...deps];
}

function sum(assets: readonly Asset[], key: 'bytes' | 'gzip'): number {
  return Math.round(assets.reduce((s, a) => s + a[key], 0) / KiB);
}

export function sizeRows(dist: URL): Row[] {
  const html = readFileSync(new URL('index.html', dist), 'utf8');
  const entry = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry script in dist/index.html');
  const seen = new Map<string, Asset>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.set(file, asset(dist, file));
    queue.push(...startupDependencies(file, readFileSync(new URL(file, dist), 'utf8')));
  }
  const all = readdirSync(new URL('assets/', dist))
    .filter((f) => f.endsWith('.js'))
    .map((f) => asset(dist, `assets/${f}`));
  const before = [...seen.values()];
  const names = before.map((a) => a.file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '')).join(' + ');
  return [
    {
      group: 'size',
      figure: 'JS before the editor loads (entry + static imports + the engine and layout workers)',
      value: sum(before, 'bytes'),
      unit: 'KiB',
      note: `${sum(before, 'gzip')} KiB gzip: ${names}`,
    },
    {
      group: 'size',
      figure: 'JS in total (every chunk and worker)',
      value: sum(all, 'bytes'),
      unit: 'KiB',
      note: `${sum(all, 'gzip')} KiB gzip, ${all.length} files`,
    },
  ];
}

interface CatalogModule {
  CATALOG: readonly { id: string; yaml: string; options?: object; steps: readonly { request?: object }[] }[];
}
interface UrlModule {
  scenarioUrl(base: string, state: object): string;
}

/** The seed chapter's examples (13-1 to 13-9 and the Deployment they select) as one document, in file order. */
function wholeChapter(): string {
  const dir = new URL('../src/scenarios/seed/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('---\n');
}

/**
 * Issue 15: the whole chapter in one document, in at most 450 characters of fragment. The note
 * gives v1's figure for the same state (its format: deflate-raw of the JSON state, base64url).
 */
function chapterRow(scenarioUrl: UrlModule['scenarioUrl'], base: string): Row {
  const yaml = wholeChapter();
  const fragment = new URL(scenarioUrl(base, { yaml })).hash.slice(1);
  const v1 = `v1.${base64urlnopad.encode(deflateSync(new TextEncoder().encode(JSON.stringify({ yaml })), { level: 9 }))}`;
  return against(
    {
      group: 'url',
      figure: 'share URL of the whole chapter',
      value: fragment.length,
      unit: 'chars',
      note: `${fragment.slice(0, 2)}; URL ${base.length + 1 + fragment.length}, YAML ${yaml.length}; v1 made ${v1.length}`,
    },
    '<=',
    450,
    'chars of fragment',
  );
}

/** The share link of each built-in scenario at its first step (the catalog imports YAML with ?raw, so Vite loads it). */
export async function urlRows(): Promise<Row[]> {
  const vite = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'silent' });
  try {
    const { CATALOG } = (await vite.ssrLoadModule('/src/scenarios/catalog.ts')) as CatalogModule;
    const { scenarioUrl } = (await vite.ssrLoadModule('/src/share/url.ts')) as UrlModule;
    const base = 'https://svcscope.example.org/';
    const rows = CATALOG.map((s) => {
      const request = s.steps[0]?.request;
      const url = scenarioUrl(base, {
        yaml: s.yaml,
        ...(s.options ? { options: s.options } : {}),
        scenarioId: s.id,
        step: 0,
        ...(request ? { request } : {}),
      });
      return {
        group: 'url',
        figure: `share URL: ${s.id}`,
        value: url.length,
        unit: 'chars',
        note: `fragment ${url.length - base.length - 1}, YAML ${s.yaml.length}`,
      };
    });
    return [chapterRow(scenarioUrl, base), ...rows];
  } finally {
    await vite.close();
  }
}
