/**
 * The screen as a trainer sets it up: the editor/graph splitter (drag and keys, remembered), the
 * theme following the operating system, and a 1280×720 projector showing the whole request bar.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

/** The graph's zoom: the scale of React Flow's viewport transform. */
const zoom = async (page: Page) =>
  Number((await page.locator('.react-flow__viewport').getAttribute('style'))?.match(/scale\(([\d.]+)\)/)?.[1] ?? NaN);
const editorWidth = async (page: Page) => (await page.locator('.editor-pane').boundingBox())?.width ?? 0;

test('the splitter resizes the editor by dragging and with ←/→, and the width survives a reload', async ({ page }) => {
  await page.goto('/');
  const splitter = page.getByRole('separator', { name: 'Resize the editor' });
  await expect(splitter).toBeVisible();
  const start = await editorWidth(page);
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true');
  await page.waitForTimeout(200); // the first fit runs in an animation frame
  const zoomBefore = await zoom(page);
  const box = await splitter.boundingBox();
  expect(box).toBeTruthy();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 500, box.y + 200, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => editorWidth(page)).toBeGreaterThan(start + 200);
  const dragged = await editorWidth(page);
  // The much narrower graph pane is refitted: the graph is drawn smaller (React Flow draws only
  // what is in view, so elements pushed out would simply be missing).
  await expect.poll(() => zoom(page)).toBeLessThan(zoomBefore * 0.9);

  await splitter.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await expect.poll(() => editorWidth(page)).toBeLessThan(dragged - 100);
  const keyed = await editorWidth(page);
  await expect(splitter).toHaveAttribute('aria-valuenow', String(Math.round((keyed / 1280) * 100)));

  await page.reload();
  await expect.poll(() => editorWidth(page)).toBeCloseTo(keyed, -1);
});

const background = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
/** Relative luminance-ish: the mean of the RGB channels. */
const lightness = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (r + g + b) / 3;
};

test('the theme follows the operating system: dark app, dark graph and dark editor, and back to light', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByTestId('monaco-editor').locator('.monaco-editor')).toBeVisible();
  expect(lightness(await background(page, '.toolbar'))).toBeLessThan(80);
  expect(lightness(await background(page, '.react-flow'))).toBeLessThan(80);
  await expect(page.locator('.react-flow')).toHaveClass(/dark/);
  await expect(page.getByTestId('monaco-editor').locator('.monaco-editor')).toHaveClass(/vs-dark/);

  // The OS switches to light while the app is open.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('.react-flow')).not.toHaveClass(/dark/);
  await expect(page.getByTestId('monaco-editor').locator('.monaco-editor')).not.toHaveClass(/vs-dark/);
  expect(lightness(await background(page, '.toolbar'))).toBeGreaterThan(200);
});

test('at 1280×720 (a projector) the request bar shows a whole URL and no control is covered', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  const to = page.getByTestId('request-to');
  await to.fill('http://random-generator.default/');
  const fits = await to.evaluate((el) => (el as HTMLInputElement).scrollWidth <= (el as HTMLInputElement).clientWidth);
  expect(fits).toBe(true);
  for (const id of ['scenario-picker', 'request-from', 'request-to', 'request-presets', 'request-options', 'send', 'send-many', 'share']) {
    await page.getByTestId(id).click({ trial: true, timeout: 2000 });
  }
  // One toolbar row: the graph keeps the height.
  const toolbar = await page.locator('.toolbar').boundingBox();
  expect(toolbar?.height ?? 0).toBeLessThan(60);
});

test('folding the panel under the graph gives the graph its height and a larger zoom; it stays folded after a reload; a tab unfolds it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  // Example 13-1: a graph too tall for the pane at 1280×720 with the panel open (height-bound).
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  const graph = page.getByTestId('graph');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  await page.waitForTimeout(200); // the first fit runs in an animation frame
  const heightBefore = (await graph.boundingBox())?.height ?? 0;
  const zoomBefore = await zoom(page);

  const fold = page.getByTestId('fold-panel');
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await fold.click();
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('trace-panel')).toBeHidden();
  await expect.poll(async () => (await graph.boundingBox())?.height ?? 0).toBeGreaterThan(heightBefore + 150);
  // Height-bound: the taller pane draws it larger.
  await expect.poll(() => zoom(page)).toBeGreaterThan(zoomBefore * 1.2);
  // The request still animates on the graph: the packet moves hop by hop.
  await page.getByTestId('send').click();
  await expect(page.getByTestId('packet')).toHaveAttribute('data-step', /^[1-9]/);
  await expect(page.getByTestId('trace-panel')).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('fold-panel')).toHaveAttribute('aria-expanded', 'false');
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('fold-panel')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('timeline')).toBeVisible();
});

test('at 960×540 the panel’s tab bar is one row: no label wraps, the fold button’s words drop first', async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto('/');
  await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true');
  const controls = page.locator('.tab-bar button:visible, .tab-bar label:visible');
  const boxes = (await controls.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as DOMRect[];
  expect(boxes.length).toBeGreaterThan(6);
  // One line each (no label wrapped), all in one row, none past the pane's right edge.
  for (const box of boxes) expect(box.height).toBeLessThan(34);
  const middles = boxes.map((b) => b.top + b.height / 2);
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThan(12);
  for (const box of boxes) expect(box.right).toBeLessThanOrEqual(960);
  // The words go, the names stay.
  await expect(page.getByRole('button', { name: 'Fold panel' })).toHaveText('▾ Fold panel');
  await expect(page.getByTestId('fold-panel').locator('.fold-word')).toBeHidden();
  await expect(page.getByRole('checkbox', { name: 'system objects' })).toBeVisible();
});
