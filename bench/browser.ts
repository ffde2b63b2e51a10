/**
 * Browser figures in headless Debian Chromium against a production build served by `vite preview`:
 * first load, keystroke-to-redraw at 50 services, frames per second while a request animates and
 * while panning a ~2,000-element graph (and, as the yardstick, a minimal React Flow page of the
 * same size: bench/minimal-flow), and the JavaScript fetched before the editor starts.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { against, median, percentile } from './report';
import type { Row } from './report';
import { FIRST_PORT_LINE, LINES_PER_SERVICE, scenario } from './engine';
import { createCluster } from '../src/engine/index';
import { buildGraph } from '../src/graph/build';

// Not the e2e suite's 4173, so a running preview of someone else's build is never measured; BENCH_PORT moves it (two benches at once).
const PORT = Number(process.env.BENCH_PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}`;
const MINIMAL_PORT = PORT + 1;
const MINIMAL_BASE = `http://127.0.0.1:${MINIMAL_PORT}`;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

declare global {
  interface Window {
    bench: {
      keyAt: number;
      revisionAt: number;
      paintedAt: number;
      expect: string;
      node: string;
      frames: number;
      counting: boolean;
      graphAt: number;
      editorAt: number;
      drawnAtKey: string;
    };
  }
}

/**
 * Installed before the app's scripts: timestamps (after a painted frame) of the graph and the
 * editor, a keystroke watcher and a frame counter. Plain JavaScript text, because tsx wraps named
 * functions in a helper that does not exist in the page.
 */
const INSTRUMENT = `(() => {
  const b = (window.bench = { keyAt: 0, revisionAt: 0, paintedAt: 0, expect: '', node: '', frames: 0, counting: false, graphAt: 0, editorAt: 0, drawnAtKey: '' });
  const canvas = () => document.querySelector('[data-testid="far-canvas"]');
  // requestAnimationFrame runs before the frame is painted; a message posted from it runs after.
  const posted = (set) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => set(performance.now());
    channel.port2.postMessage(0);
  };
  const afterPaint = (set) => requestAnimationFrame(() => posted(set));
  addEventListener('keydown', (e) => { b.keyAt = e.timeStamp; b.revisionAt = 0; b.paintedAt = 0; b.drawnAtKey = canvas() ? canvas().getAttribute('data-drawn-revision') || '' : ''; }, true);
  let lastRevision = '';
  new MutationObserver((mutations) => {
    const graph = document.querySelector('[data-testid="graph"]');
    if (!b.graphAt && graph && graph.querySelector('.react-flow__node, [data-drawn-revision]')) { b.graphAt = -1; afterPaint((t) => { b.graphAt = t; }); }
    if (!b.editorAt && document.querySelector('[data-testid="monaco-editor"] .view-lines')) { b.editorAt = -1; afterPaint((t) => { b.editorAt = t; }); }
    const revision = graph ? graph.getAttribute('data-revision') || '' : '';
    if (b.keyAt && revision !== lastRevision && !b.revisionAt) b.revisionAt = performance.now();
    lastRevision = revision;
    // Redrawn: the edited Service's box shows the new port and, on a large graph seen from far, the canvas drew the new snapshot.
    const svc = graph && b.node && graph.querySelector('[data-testid="' + b.node + '"]');
    const far = canvas();
    const drawn = !far || (far.getAttribute('data-drawn-revision') !== b.drawnAtKey && far.getAttribute('data-drawn-revision') === revision);
    if (b.keyAt && b.expect && !b.paintedAt && svc && svc.textContent.includes(b.expect) && drawn) {
      b.paintedAt = -1;
      // The canvas draws in requestAnimationFrame: a drawing seen now is painted in this frame.
      const inFrame = mutations.some((m) => m.attributeName === 'data-drawn-revision');
      (inFrame ? posted : afterPaint)((t) => { b.paintedAt = t; });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => { if (b.counting) b.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`;

async function startPreview(outDir: string): Promise<() => void> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    detached: true,
    stdio: 'ignore',
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone: never let stopping it hide the error that got us here
    }
  };
  child.on('exit', (code, signal) => stopping || console.error(`vite preview on ${BASE} exited (${signal ?? code})`));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return stop;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not answer on ${BASE}`);
}

/**
 * Builds bench/minimal-flow (a production build, as the app's, without the app's Vite config)
 * into a temporary folder and serves it; returns the function that stops the server.
 */
async function startMinimalFlow(): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL('./minimal-flow/', import.meta.url));
  const outDir = join(tmpdir(), 'svcscope-bench-minimal-flow');
  const shared = { root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } } as const;
  await build({ ...shared, plugins: [react()] });
  const server = await preview({ ...shared, preview: { host: '127.0.0.1', port: MINIMAL_PORT, strictPort: true } });
  return () => server.close();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.clear());
  await page.addInitScript({ content: INSTRUMENT });
  return page;
}

/** Replaces the document and waits until its cluster is on screen (a new revision, no errors). */
async function load(page: Page, yaml: string): Promise<void> {
  const graph = page.getByTestId('graph');
  const revision = Number(await graph.getAttribute('data-revision'));
  await paste(page, yaml);
  await page.waitForFunction((r) => Number(document.querySelector('[data-testid="graph"]')?.getAttribute('data-revision')) > r, revision, {
    timeout: 60_000,
  });
  await page
    .getByTestId('problem-count')
    .filter({ hasText: /^0 errors/ })
    .waitFor();
  await page.locator('.react-flow__node, [data-testid="far-canvas"]').first().waitFor({ state: 'attached' });
}

async function paste(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('monaco-editor');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await editor.locator('textarea').evaluate((area, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Frames per second over `ms`, counted by requestAnimationFrame while `during` runs. */
async function fps(page: Page, ms: number, during: () => Promise<void>): Promise<number> {
  await page.evaluate(() => ((window.bench.frames = 0), (window.bench.counting = true)));
  const t0 = Date.now();
  await Promise.all([during(), page.waitForTimeout(ms)]);
  const frames = await page.evaluate(() => ((window.bench.counting = false), window.bench.frames));
  return frames / ((Date.now() - t0) / 1000);
}

async function firstLoad(browser: Browser, outDir: string): Promise<Row[]> {
  const graph: number[] = [];
  const editor: number[] = [];
  let before: string[] = [];
  for (let run = 0; run < 5; run++) {
    const page = await freshPage(browser);
    const scripts: string[] = [];
    let editorRequested = false;
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.includes('MonacoEditor')) editorRequested = true;
      if (!editorRequested && path.endsWith('.js')) scripts.push(path);
    });
    await page.goto(BASE);
    await page.waitForFunction(() => window.bench.graphAt > 0 && window.bench.editorAt > 0, undefined, { timeout: 30_000 });
    const t = await page.evaluate(() => ({ graph: window.bench.graphAt, editor: window.bench.editorAt }));
    graph.push(t.graph);
    editor.push(t.editor);
    before = [...new Set(scripts)];
    await page.context().close();
  }
  const kib = Math.round(before.reduce((s, p) => s + statSync(`${outDir}${p}`).size, 0) / 1024);
  return [
    against(
      {
        group: 'browser',
        figure: 'first load: navigation to graph painted',
        value: Math.round(median(graph)),
        unit: 'ms',
        note: `median of 5, max ${Math.round(Math.max(...graph))}`,
      },
      '<',
      1500,
    ),
    {
      group: 'browser',
      figure: 'first load: navigation to editor painted',
      value: Math.round(median(editor)),
      unit: 'ms',
      note: 'median of 5',
    },
    {
      group: 'size',
      figure: 'JS fetched before the editor chunk was requested (observed)',
      value: kib,
      unit: 'KiB',
      note: before.map((p) => p.replace('/assets/', '').replace(/-[\w-]{8}\.js$/, '')).join(' + '),
    },
  ];
}

/**
 * Frames per second while a request from a pod to svc-0 animates, from the Send click on
 * (the default client pod of the app's own scenario is not in the bench's). Throws when no packet moved.
 */
async function animationFps(page: Page, ms: number): Promise<number> {
  const from = page.getByTestId('request-from');
  const pod = await from.evaluate(
    (select: HTMLSelectElement) => [...select.options].find((o) => o.value.startsWith('pod:') && !o.text.includes('(gone)'))?.value,
  );
  if (!pod) throw new Error('no pod to send a request from');
  await from.selectOption(pod);
  await page.getByTestId('request-to').fill('http://svc-0/');
  let moved = false;
  const result = await fps(page, ms, async () => {
    await page.getByTestId('send').click();
    await page.locator('.packet').first().waitFor({ state: 'attached', timeout: ms });
    moved = true;
  });
  if (!moved) throw new Error('the request did not animate');
  return result;
}

/** Ten keystrokes (two more first, not counted) on the edited Service's port: typing a 1, then deleting it. */
async function keystrokes(page: Page): Promise<{ redraw: number[]; roundTrip: number[] }> {
  const redraw: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < 12; i++) {
    const typing = i % 2 === 0;
    await page.evaluate((expect) => (window.bench.expect = expect), typing ? '801→' : '80→');
    await page.keyboard.press(typing ? '1' : 'Backspace');
    await page.waitForFunction(() => window.bench.paintedAt > 0, undefined, { timeout: 10_000 });
    const t = await page.evaluate(() => ({ ...window.bench }));
    if (i >= 2) {
      redraw.push(t.paintedAt - t.keyAt);
      roundTrip.push(t.revisionAt - t.keyAt);
    }
    await page.waitForTimeout(300);
  }
  return { redraw, roundTrip };
}

/** Zooms in with the wheel over the edited Service until React Flow draws the graph's boxes again (not the far view's canvas). */
async function zoomInOn(page: Page, node: string): Promise<void> {
  for (let i = 0; i < 40 && (await page.getByTestId('graph').getAttribute('data-drawn')) !== 'dom'; i++) {
    const box = await page.getByTestId(node).boundingBox();
    if (!box) throw new Error(`${node} is not on screen`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(150);
  }
  if ((await page.getByTestId('graph').getAttribute('data-drawn')) !== 'dom') throw new Error('zooming in did not bring the boxes back');
  await page.waitForTimeout(1000);
}

/** One editing run's samples: the keystrokes seen whole and zoomed in, on a page of its own. */
interface EditingRun {
  whole: { redraw: number[]; roundTrip: number[] };
  near: { redraw: number[]; roundTrip: number[] };
  far: boolean;
}

/**
 * One run on a fresh page: the 50-Service scenario, ten keystrokes seen whole, then ten zoomed in
 * on the edited Service. `andThen` runs on the same page after the keystrokes (the animation).
 */
async function editingRun(browser: Browser, andThen?: (page: Page) => Promise<void>): Promise<EditingRun> {
  const page = await freshPage(browser);
  await page.goto(BASE);
  await page.getByTestId('monaco-editor').locator('.view-lines').waitFor();
  await load(page, scenario(50, 10));
  await page.waitForTimeout(1000);
  // Seen whole, the 50-Service graph is drawn on the far view's canvas; a Service in React Flow's
  // DOM (drawn only in view) is edited when there is one, else svc-0. The cursor on its port
  // selects it, and a selected element is a DOM box over the canvas: both must show the edit.
  const inDom = page.locator('[data-testid^="node-svc:default/svc-"]').first();
  const node = ((await inDom.count()) ? await inDom.getAttribute('data-testid') : undefined) ?? 'node-svc:default/svc-0';
  const index = Number(node.replace('node-svc:default/svc-', ''));
  const far = (await page.getByTestId('graph').getAttribute('data-drawn')) === 'canvas';
  await page.evaluate((id) => (window.bench.node = id), node);
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < FIRST_PORT_LINE + index * LINES_PER_SERVICE; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const whole = await keystrokes(page);
  // The same edit zoomed in far enough to read the boxes (React Flow's DOM, the part in view).
  await zoomInOn(page, node);
  const near = await keystrokes(page);
  await andThen?.(page);
  await page.context().close();
  return { whole, near, far };
}

/** Editing runs, each on a fresh page: the keystroke rows are the median of the runs' medians. */
const EDITING_RUNS = 5;

async function editing(browser: Browser): Promise<Row[]> {
  let animating = Number.NaN;
  const runs: EditingRun[] = [];
  for (let i = 0; i < EDITING_RUNS; i++)
    runs.push(
      await editingRun(
        browser,
        i === 0
          ? async (page) => {
              // A request animating over the 50-service graph, seen whole.
              await page.mouse.move(0, 0);
              await page.locator('.react-flow__controls-fitview').click();
              animating = await animationFps(page, 2000);
            }
          : undefined,
      ),
    );
  const far = runs.every((r) => r.far);
  /** The median of the runs' medians, with each run's median and the p90 of all samples. */
  const overRuns = (of: (r: EditingRun) => number[]) => {
    const perRun = runs.map((r) => Math.round(median(of(r))));
    const all = runs.flatMap(of);
    return {
      value: Math.round(median(perRun)),
      note: `median of ${runs.length} runs of ${of(runs[0] as EditingRun).length} keystrokes (runs ${perRun.join(', ')}), p90 ${Math.round(percentile(all, 90))} ms`,
    };
  };
  const roundTrip = overRuns((r) => r.whole.roundTrip);
  const whole = overRuns((r) => r.whole.redraw);
  const near = overRuns((r) => r.near.redraw);
  const nearTrip = overRuns((r) => r.near.roundTrip);
  return [
    { group: 'browser', figure: 'edit → worker → new snapshot rendered, 50 services / 500 pods', unit: 'ms', ...roundTrip },
    against(
      {
        group: 'browser',
        figure: `keystroke → graph redrawn (frame painted), 50 services / 500 pods seen whole${far ? ' (far view: canvas)' : ''}`,
        unit: 'ms',
        ...whole,
      },
      '<',
      50,
    ),
    against(
      {
        group: 'browser',
        figure: 'keystroke → graph redrawn, the same graph zoomed in to read the edited Service (DOM boxes)',
        unit: 'ms',
        value: near.value,
        note: `${near.note}; edit → snapshot rendered ${nearTrip.value} ms`,
      },
      '<',
      50,
    ),
    against(
      {
        group: 'browser',
        figure: 'frames per second while a request animates (50-service graph)',
        value: Math.round(animating),
        unit: 'fps',
      },
      '>=',
      50,
    ),
  ];
}

/** The app's group elements ("+ 96 more pods"), unfolded round by round until none is left, and the graph that makes. */
function unfolded(yaml: string): { groups: string[][]; nodes: number; edges: number } {
  const objects = createCluster(yaml).objects();
  const groups: string[][] = [];
  for (;;) {
    const graph = buildGraph(objects, { expand: groups.flat() });
    const round = graph.nodes.filter((n) => n.group).map((n) => n.id);
    if (!round.length) return { groups, nodes: graph.nodes.length, edges: graph.edges.length };
    groups.push(round);
  }
}

/** Nodes and edges React Flow holds in the DOM (with onlyRenderVisibleElements, those in view). */
async function inDom(page: Page): Promise<number> {
  return page.locator('.react-flow__node, .react-flow__edge').count();
}

/** React Flow's zoom, two decimals. */
async function zoom(page: Page): Promise<number> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  return Math.round(Number(/scale\(([\d.]+)\)/.exec(style)?.[1]) * 100) / 100;
}

/**
 * Frames per second while the pane is dragged from 5 px inside its top left corner: the same
 * gesture on the app and on the minimal page. Throws when the drag did not move the view.
 */
async function panFps(page: Page): Promise<number> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no React Flow pane');
  const viewport = page.locator('.react-flow__viewport');
  const before = await viewport.getAttribute('style');
  const x = pane.x + 5;
  const y = pane.y + 5;
  const result = await fps(page, 2000, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 110; i++) {
      await page.mouse.move(x + (i % 40) * 8, y + (i % 25) * 6);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
  });
  if ((await viewport.getAttribute('style')) === before) throw new Error('the pane drag did not pan the graph');
  return result;
}

/**
 * A group element still folded that React Flow draws (it draws only those in view): the view is
 * dragged around, four tenths of the pane at a time, until one is in it.
 */
async function visibleGroup(page: Page, left: ReadonlySet<string>): Promise<string> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no React Flow pane');
  const [cx, cy] = [pane.x + pane.width / 2, pane.y + pane.height / 2];
  for (const [dx, dy] of [
    [0, 0],
    [0, 1],
    [0, -2],
    [1, 1],
    [-2, 0],
    [0, 1],
    [0, 1],
    [2, 0],
    [0, -2],
  ] as const) {
    if (dx || dy) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dx * 0.4 * pane.width, cy + dy * 0.4 * pane.height, { steps: 10 });
      await page.mouse.up();
      await page.waitForTimeout(300);
    }
    const drawn = await page
      .locator('[data-testid^="node-group:"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    const group = drawn.map((id) => id?.replace(/^node-/, '') ?? '').find((id) => left.has(id));
    if (group) return group;
  }
  throw new Error(`no folded group in view, ${left.size} left: ${[...left].join(', ')}`);
}

/**
 * The app with a graph of 2,000-odd elements on screen: 100 Services x 10 pods, whose pods and
 * Services the app folds into group elements (about 380 elements), unfolded by clicking each
 * group as a user would, then the fit-view button pressed: at the app's minimum zoom (0.1) the
 * unfolded graph is still larger than the pane, and React Flow draws only the part in view.
 */
async function appWithLargeGraph(
  browser: Browser,
): Promise<{ page: Page; nodes: number; edges: number; pane: { width: number; height: number } }> {
  const page = await freshPage(browser);
  await page.goto(BASE);
  await page.getByTestId('monaco-editor').locator('.view-lines').waitFor();
  const yaml = scenario(100, 10);
  await load(page, yaml);
  const { groups, nodes, edges } = unfolded(yaml);
  const fit = page.locator('.react-flow__controls-fitview');
  const left = new Set(groups.flat());
  while (left.size) {
    await fit.click();
    await page.waitForTimeout(300);
    // Seen whole, a large graph is drawn on the far view's canvas, whose fallback content has a
    // button per element (what a keyboard or a screen reader picks): a group's is clicked.
    const onCanvas = (await page.getByTestId('graph').getAttribute('data-drawn')) === 'canvas';
    const group = onCanvas ? [...left].find(() => true) : await visibleGroup(page, left);
    if (!group) break;
    const revision = Number(await page.getByTestId('graph').getAttribute('data-revision'));
    if (onCanvas) await page.getByTestId(`far-${group}`).dispatchEvent('click');
    else await page.getByTestId(`node-${group}`).click();
    left.delete(group);
    await page.waitForFunction(
      (r) => {
        const graph = document.querySelector('[data-testid="graph"]');
        return Number(graph?.getAttribute('data-revision')) > r && graph?.getAttribute('data-settled') === 'true';
      },
      revision,
      { timeout: 180_000 },
    );
  }
  await page.waitForTimeout(500);
  await fit.click();
  await page.waitForTimeout(1500);
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no React Flow pane');
  return { page, nodes, edges, pane: { width: Math.round(box.width), height: Math.round(box.height) } };
}

/**
 * Panning the app's 2,000-element graph, and the same gesture on a minimal @xyflow/react page
 * (bench/minimal-flow) with as many plain nodes and edges in a pane of the same size, open side
 * by side in the same browser and measured in turns (app, minimal, app...), so both see the same
 * machine load; one pan on each first, not counted, warms them up.
 */
async function panning(browser: Browser): Promise<Row[]> {
  const app = await appWithLargeGraph(browser);
  const [appInDom, appZoom] = [await inDom(app.page), await zoom(app.page)];
  const appOnCanvas = (await app.page.getByTestId('graph').getAttribute('data-drawn')) === 'canvas';
  const minimal = await freshPage(browser);
  const query = { nodes: app.nodes, edges: app.edges, width: app.pane.width, height: app.pane.height };
  await minimal.goto(`${MINIMAL_BASE}/?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);
  await minimal.locator('.react-flow__node').first().waitFor({ state: 'attached' });
  await minimal.waitForTimeout(1500);
  const [minimalInDom, minimalZoom] = [await inDom(minimal), await zoom(minimal)];
  const appFps: number[] = [];
  const minimalFps: number[] = [];
  for (let turn = 0; turn < 4; turn++) {
    await app.page.bringToFront();
    const a = await panFps(app.page);
    await minimal.bringToFront();
    const m = await panFps(minimal);
    if (turn === 0) continue;
    appFps.push(a);
    minimalFps.push(m);
  }
  // A request animating over the whole 2,000-element graph.
  await app.page.bringToFront();
  const animating = await animationFps(app.page, 3000);
  await app.page.context().close();
  await minimal.context().close();
  const appMedian = median(appFps);
  const minimalMedian = median(minimalFps);
  const elements = `${(app.nodes + app.edges).toLocaleString('en')}-element graph (${app.nodes.toLocaleString('en')} nodes + ${app.edges} edges`;
  const samples = (xs: number[]) => `median of ${xs.length}: ${xs.map((x) => Math.round(x)).join(', ')}`;
  const inView = (n: number, zoom: number) =>
    `${n.toLocaleString('en')} of them in the DOM (those in view) at the fitted view, zoom ${zoom}, ${app.pane.width} x ${app.pane.height} px pane`;
  return [
    against(
      {
        group: 'browser',
        figure: `frames per second while panning a ${elements}: 100 Services x 10 pods, groups unfolded)`,
        value: Math.round(appMedian),
        unit: 'fps',
        note: `${appOnCanvas ? `drawn on the far view's canvas (${appInDom} in React Flow's DOM), zoom ${appZoom}, ${app.pane.width} x ${app.pane.height} px pane` : inView(appInDom, appZoom)}, ${samples(appFps)}`,
      },
      '>=',
      55,
    ),
    {
      group: 'browser',
      figure: `frames per second while panning a minimal React Flow page of as many default nodes and edges`,
      value: Math.round(minimalMedian),
      unit: 'fps',
      note: `${inView(minimalInDom, minimalZoom)}, ${samples(minimalFps)}`,
    },
    // 0.9: the issue asks for 55 fps, nine tenths of a 60 Hz display's frames, measured against a
    // bare React Flow page of the same size on the same machine in the same minute: what the app
    // adds (its nodes, styles, minimap, background, stores) may cost a tenth of the frames, no more.
    against(
      {
        group: 'browser',
        figure: 'panning: app as a ratio of minimal React Flow (same node and edge counts, pane and gesture)',
        value: Math.round((appMedian / minimalMedian) * 100) / 100,
        unit: '×',
        note: `${Math.round(appMedian)} / ${Math.round(minimalMedian)} fps`,
      },
      '>=',
      0.9,
    ),
    against(
      {
        group: 'browser',
        figure: `frames per second while a request animates over the ${(app.nodes + app.edges).toLocaleString('en')}-element graph, seen whole`,
        value: Math.round(animating),
        unit: 'fps',
        note: '3 s from the Send click',
      },
      '>=',
      58,
    ),
  ];
}

export async function browserRows(outDir: string): Promise<Row[]> {
  const stop = await startPreview(outDir);
  const stopMinimal = await startMinimalFlow().catch((error: unknown) => {
    stop();
    throw error;
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // `-- --only=editing` (or first-load, panning) measures one part: quicker while working on it.
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
    const parts = { 'first-load': () => firstLoad(browser, outDir), editing: () => editing(browser), panning: () => panning(browser) };
    const rows: Row[] = [];
    for (const [name, part] of Object.entries(parts)) if (!only || only === name) rows.push(...(await part()));
    return rows;
  } finally {
    await browser.close();
    stop();
    await stopMinimal();
  }
}
