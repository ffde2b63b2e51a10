/**
 * Issue 13, "readable at 1280x720": in the presentation view and in a 1280x720 embed every text
 * a learner reads on the graph (titles, addresses, ports, the packet's src -> dst) renders at
 * >= 14 CSS px, and at >= 11 px in a 960x540 embed: for every built-in scenario, at every hop of
 * every guided step's request. Measured as each drawn text's font size x the graph's zoom, for
 * every text inside the pane; what the request does not touch (faded, off its path) is left out.
 * Reduced motion: the camera jumps to where it glides (camera.ts), so the measure needs no waits.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startFresh } from './support';

test.use({ reducedMotion: 'reduce' });
test.describe.configure({ timeout: 240_000 });

interface Smallest {
  px: number;
  text: string;
  zoom: number;
  /** How many texts were on screen (not faded) where the smallest was. */
  texts: number;
  /** The hop it was at (-1: the request at its origin). */
  hop: number;
  /** How many hops were measured. */
  hops: number;
}

/**
 * In the page, one round trip a step: goes to the request's start (Home), then hop by hop
 * (ArrowRight, as a presenter's clicker sends) to its end, and after each move measures every text
 * drawn in the graph's pane: font size x zoom, the smallest kept with where it was.
 */
function walkHops(page: Page): Promise<Smallest> {
  return page.getByTestId('graph').evaluate(async (pane) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const packet = () => pane.querySelector<HTMLElement>('[data-testid="packet"]');
    const hopNow = () => Number(packet()?.dataset.step ?? NaN);
    const key = async (code: string, until: (hop: number) => boolean) => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: code, code, bubbles: true, cancelable: true }));
      for (let i = 0; i < 600 && !until(hopNow()); i++) await frame();
      if (!until(hopNow())) throw new Error(`${code} did not move the packet (at hop ${hopNow()})`);
      // The camera moves in an effect's requestAnimationFrame after the render.
      for (let i = 0; i < 3; i++) await frame();
    };
    const measure = () => {
      const viewport = pane.querySelector('.react-flow__viewport');
      if (!viewport) throw new Error('no React Flow viewport');
      const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
      const box = pane.getBoundingClientRect();
      const walker = document.createTreeWalker(viewport, NodeFilter.SHOW_TEXT);
      const found = { px: Infinity, text: '', zoom, texts: 0 };
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const element = t.parentElement;
        if (!t.textContent?.trim() || !element || element.closest('.faded') || !element.checkVisibility()) continue;
        const range = document.createRange();
        range.selectNodeContents(t);
        const rects = [...range.getClientRects()];
        if (!rects.some((r) => r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom)) continue;
        found.texts++;
        const px = parseFloat(getComputedStyle(element).fontSize) * zoom;
        if (px < found.px) Object.assign(found, { px, text: t.textContent.trim().slice(0, 60) });
      }
      return found;
    };
    await key('End', (hop) => hop >= 0);
    const last = hopNow();
    await key('Home', (hop) => hop === -1);
    let smallest: Smallest = { ...measure(), hop: -1, hops: 1 };
    for (let hop = 0; hop <= last; hop++) {
      await key('ArrowRight', (now) => now === hop);
      const here = measure();
      if (here.texts === 0) throw new Error(`no graph text on screen at hop ${hop}`);
      smallest = here.px < smallest.px ? { ...here, hop, hops: smallest.hops + 1 } : { ...smallest, hops: smallest.hops + 1 };
    }
    return smallest;
  });
}

/**
 * Walks the first `walk` guided steps (of `steps`) of the scenario on screen and every hop of
 * their requests; the smallest text with where it was.
 */
async function walkSteps(
  page: Page,
  steps: number,
  where: string,
  walk = steps,
): Promise<{ smallest: Smallest; at: string; measured: number }> {
  let worst: { smallest: Smallest; at: string } | undefined;
  let measured = 0;
  for (let step = 0; step < walk; step++) {
    if (step > 0) await page.keyboard.press('PageDown');
    await expect(page.getByTestId('step-count')).toHaveText(`${step + 1}/${steps}`);
    await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true');
    // The step's own request: not the packet of the step before (marked once measured).
    await expect(page.locator('[data-testid="packet"]:not([data-measured])')).toBeAttached();
    const smallest = await walkHops(page);
    await page.getByTestId('packet').evaluate((packet) => packet.setAttribute('data-measured', ''));
    measured += smallest.hops;
    if (!worst || smallest.px < worst.smallest.px) worst = { smallest, at: `${where} step ${step + 1} hop ${smallest.hop}` };
  }
  if (!worst) throw new Error(`${where}: nothing measured`);
  return { ...worst, measured };
}

async function scenarios(page: Page): Promise<{ id: string; steps: number }[]> {
  await page.goto('/');
  const picker = page.getByTestId('scenario-picker');
  const values = () =>
    picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  // The catalog arrives after the first screen (lazily loaded).
  await expect.poll(async () => (await values()).length).toBeGreaterThanOrEqual(20);
  const ids = await values();
  const found: { id: string; steps: number }[] = [];
  for (const id of ids) {
    await picker.selectOption(id);
    const count = (await page.getByTestId('step-count').textContent()) ?? '';
    found.push({ id, steps: Number(/\/(\d+)/.exec(count)?.[1]) });
  }
  return found;
}

test.beforeEach(async ({ page }) => startFresh(page));

test('the presentation view at 1280x720: no graph text under 14 px at any hop of any guided step of any built-in scenario', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const all = await scenarios(page);
  let measured = 0;
  for (const { id, steps } of all) {
    await page.getByTestId('scenario-picker').selectOption(id);
    await expect(page.getByTestId('step-count')).toHaveText(`1/${steps}`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Present' }).click();
    await expect(page.getByTestId('presentation')).toBeVisible();
    const worst = await walkSteps(page, steps, id);
    measured += worst.measured;
    expect(worst.smallest.px, `${worst.at}: "${worst.smallest.text}" at zoom ${worst.smallest.zoom}`).toBeGreaterThanOrEqual(13.95);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('presentation')).toBeHidden();
  }
  // Every hop of every step: the Ingress and LoadBalancer paths are the long ones.
  expect(measured).toBeGreaterThan(300);
});

/** Every scenario's share link, made in one visit of the full app. */
async function shareLinks(page: Page, all: readonly { id: string; steps: number }[]): Promise<string[]> {
  const links: string[] = [];
  for (const { id, steps } of all) {
    await page.getByTestId('scenario-picker').selectOption(id);
    await expect(page.getByTestId('step-count')).toHaveText(`1/${steps}`);
    await page.getByTestId('share').click();
    const field = page.getByTestId('share-url');
    await expect(field).toHaveValue(/#v2\./);
    if (links.length) await expect(field).not.toHaveValue(links.at(-1) ?? '');
    links.push(await field.inputValue());
    await page.keyboard.press('Escape');
    await expect(field).toBeHidden();
  }
  return links;
}

for (const size of [
  { width: 1280, height: 720, px: 14 },
  { width: 960, height: 540, px: 11 },
]) {
  test(`the ${size.width}x${size.height} embed: no graph text under ${size.px} px at any hop of every built-in scenario's request (its first step)`, async ({
    page,
  }) => {
    const all = await scenarios(page);
    const links = await shareLinks(page, all);
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`/?embed=1&view=graph${new URL(links[0] ?? '').hash}`);
    await expect(page.getByTestId('embed')).toBeVisible();
    let measured = 0;
    for (const [i, { id, steps }] of all.entries()) {
      // The next scenario's link in the same embed, as a deck that changes its iframe's fragment.
      if (i > 0) await page.evaluate((hash) => void (location.hash = hash), new URL(links[i] ?? '').hash);
      const worst = await walkSteps(page, steps, id, 1);
      measured += worst.measured;
      expect(worst.smallest.px, `${worst.at}: "${worst.smallest.text}" at zoom ${worst.smallest.zoom}`).toBeGreaterThanOrEqual(
        size.px - 0.05,
      );
    }
    expect(measured).toBeGreaterThan(150);
  });
}
