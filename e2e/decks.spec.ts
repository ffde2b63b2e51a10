/**
 * Embeds in real slide decks, offline: reveal.js from npm (node_modules/reveal.js/dist) in a
 * fixture page served at the app's origin, with a svcscope embed on its second slide (README
 * "Embeds in slide decks"). ←/→ move the deck until the embed is clicked, Escape gives the keys
 * back; the postMessage API drives the embed's steps and reports them; printed, the embed shows a
 * picture instead of a blank frame.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { clusterIpLink, startFresh } from './support';

const require = createRequire(import.meta.url);
// reveal.js's exports map hides package.json: its main entry lives in dist/.
const REVEAL_DIST = path.dirname(require.resolve('reveal.js'));
const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'decks');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

test.beforeEach(async ({ page }) => startFresh(page));
test.describe.configure({ timeout: 90_000 });

/** Serves the deck fixture and reveal.js's files at the app's origin, the embed pointing at `embedSrc`. */
async function serveRevealDeck(page: Page, embedSrc: string): Promise<void> {
  await page.route('**/deck/reveal/**', async (route) => {
    const file = new URL(route.request().url()).pathname.replace('/deck/reveal/', '');
    const body = await readFile(path.join(REVEAL_DIST, path.normalize(file)));
    await route.fulfill({ body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  await page.route('**/deck.html', async (route) => {
    const html = await readFile(path.join(FIXTURES, 'reveal.html'), 'utf8');
    await route.fulfill({ contentType: 'text/html', body: html.replace('{{EMBED_SRC}}', embedSrc.replace(/&/g, '&amp;')) });
  });
}

const slide = (page: Page) => page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h);

async function openDeck(page: Page): Promise<void> {
  const link = await clusterIpLink(page);
  await serveRevealDeck(page, `/?embed=1&view=graph${new URL(link).hash}`);
  await page.goto('/deck.html');
  await expect.poll(() => slide(page)).toBe(0);
}

test('reveal.js: ←/→ move the deck until the embed is clicked; then the embed has them; Escape gives them back', async ({ page }) => {
  await openDeck(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => slide(page)).toBe(1);
  const embed = page.frameLocator('#svcscope');
  await expect(embed.locator('.react-flow__node[data-id="svc:default/random-generator"]')).toBeVisible({ timeout: 30_000 });
  // The embed is on screen but not clicked: the deck keeps its keys, in both directions.
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => slide(page)).toBe(2);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => slide(page)).toBe(1);

  // Clicked, the embed has the keys: → steps its packet, the deck stays.
  await embed.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await slide(page)).toBe(1);

  // Escape: the embed lets go, the deck hears keysReleased, and → moves the deck again.
  await page.keyboard.press('Escape');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { svcscopeEvents: { event: string }[] }).svcscopeEvents.map((e) => e.event)))
    .toContain('keysReleased');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => slide(page)).toBe(2);
});

test('reveal.js: the deck drives the embed with postMessage and hears its steps and traces', async ({ page }) => {
  await openDeck(page);
  await page.keyboard.press('ArrowRight');
  const events = () => page.evaluate(() => (window as unknown as { svcscopeEvents: Record<string, unknown>[] }).svcscopeEvents);
  await expect.poll(async () => (await events()).map((e) => e.event)).toContain('ready');
  expect((await events()).find((e) => e.event === 'ready')).toMatchObject({ scenario: 'clusterip', step: 0, steps: 3 });

  // What a deck does on a fragment: go to step 3 of the scenario.
  await page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('#svcscope')?.contentWindow;
    frame?.postMessage({ svcscope: 'command', command: 'goToStep', step: 2 }, location.origin);
  });
  await expect
    .poll(async () => (await events()).filter((e) => e.event === 'stepChanged').at(-1))
    .toMatchObject({
      scenario: 'clusterip',
      step: 2,
      title: 'Scale down to one pod',
    });
  await page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('#svcscope')?.contentWindow;
    frame?.postMessage(
      { svcscope: 'command', command: 'send', request: { from: { pod: 'client' }, to: 'http://random-generator/' } },
      location.origin,
    );
  });
  await expect.poll(async () => (await events()).find((e) => e.event === 'traceFinished'), { timeout: 30_000 }).toMatchObject({ ok: true });
  // The deck itself never moved.
  expect(await slide(page)).toBe(1);
});

test('reveal.js printed to PDF: the embed shows a picture of its graph, not a blank frame', async ({ page }) => {
  await openDeck(page);
  await page.keyboard.press('ArrowRight');
  const embed = page.frameLocator('#svcscope');
  await expect(embed.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  await page.emulateMedia({ media: 'print' });
  const picture = embed.getByTestId('print-picture');
  await expect(picture).toBeVisible();
  // A real picture: decoded, with the graph's size, not a broken image.
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 200)).toBe(true);
  await expect(embed.locator('.react-flow')).toBeHidden();
});

// ---------------------------------------------------------------- Slidev
const SLIDEV_DIST = path.join(FIXTURES, '..', 'slidev', 'dist');

/**
 * Serves the Slidev fixture deck (built from npm by e2e/fixtures/slidev/prepare.mjs, which
 * `npm run test:e2e` runs first) under /deck/slidev/, its embed pointing at the share link.
 */
async function serveSlidevDeck(page: Page, linkHash: string): Promise<void> {
  if (!existsSync(path.join(SLIDEV_DIST, 'index.html'))) {
    throw new Error('The Slidev fixture deck is not built: run `node e2e/fixtures/slidev/prepare.mjs` (npm run test:e2e does).');
  }
  await page.route('**/deck/slidev/**', async (route) => {
    const file = new URL(route.request().url()).pathname.replace('/deck/slidev/', '');
    // Slidev routes pages by path (/deck/slidev/2): anything that is not a file is the app.
    const onDisk = path.join(SLIDEV_DIST, path.normalize(file));
    const served = path.extname(file) && existsSync(onDisk) ? onDisk : path.join(SLIDEV_DIST, 'index.html');
    const ext = path.extname(served);
    const body = ext === '.js' ? (await readFile(served, 'utf8')).replace('#SVCSCOPE_LINK', linkHash) : await readFile(served);
    await route.fulfill({ body, contentType: TYPES[ext] ?? 'application/octet-stream' });
  });
}

const slidevPage = (page: Page) => Number(new URL(page.url()).pathname.split('/').at(-1) || '1');

test('Slidev: ←/→ move the deck until the embed is clicked; then the embed has them; Escape gives them back', async ({ page }) => {
  const link = await clusterIpLink(page);
  await serveSlidevDeck(page, new URL(link).hash);
  await page.goto('/deck/slidev/1');
  await expect(page.getByRole('heading', { name: 'Service discovery' })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => slidevPage(page)).toBe(2);
  const embed = page.frameLocator('#svcscope');
  await expect(embed.locator('.react-flow__node[data-id="svc:default/random-generator"]')).toBeVisible({ timeout: 30_000 });

  await embed.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(slidevPage(page)).toBe(2);

  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => slidevPage(page)).toBe(3);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => slidevPage(page)).toBe(2);
});
