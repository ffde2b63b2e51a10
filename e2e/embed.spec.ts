/**
 * The embed view's parameters as a trainer uses them in slides (README "Query parameters"):
 * view=graph+editor, readonly, step=N, Page Up / Page Down between guided steps, a fragment that
 * changes without a reload (a deck pointing its iframe at another scenario), and an iframe that
 * is resized (presenter view, full screen): refitted without scrollbars, readable when large enough.
 */
import { expect, test } from '@playwright/test';
import type { FrameLocator, Page } from '@playwright/test';
import { clusterIpLink, paste, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

/** The share link of the built-in ClusterIP scenario (3 steps: Ask by name, FQDN, Scale down). */
const EXTRA = '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed-in-the-embed\nspec:\n  ports:\n  - port: 81\n';

/** The number of the document's last line, as the gutter shows it once the cursor is at the end. */
async function lastLineNumber(page: Page): Promise<number> {
  await page.keyboard.press('ControlOrMeta+End');
  const numbers = page.getByTestId('monaco-editor').locator('.line-numbers');
  let seen = -1;
  let last = 0;
  // Monaco renders the scrolled-to lines a frame later: read until two reads agree.
  await expect(async () => {
    seen = last;
    last = Math.max(0, ...(await numbers.allTextContents()).map(Number).filter(Number.isFinite));
    expect(last).toBeGreaterThan(0);
    expect(last).toBe(seen);
  }).toPass({ intervals: [200] });
  return last;
}

/** Pastes a Service and types a character at the end of the document; returns the line count before. */
async function typeAtEnd(page: Page, readOnly = false): Promise<number> {
  const editor = page.getByTestId('monaco-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  await editor.locator('.view-lines').click();
  const before = await lastLineNumber(page);
  await paste(page, EXTRA, { readOnly });
  await page.keyboard.type('x');
  return before;
}

test('view=graph+editor with readonly=0 is editable; step=N opens that step; Page Down / Page Up move between steps', async ({ page }) => {
  const link = await clusterIpLink(page);
  const url = new URL(link);
  await page.goto(`/?embed=1&view=graph+editor&readonly=0&step=1${url.hash}`);
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.locator('.toolbar')).toHaveCount(0);
  await expect(page.getByTestId('step-count')).toHaveText('2/3');
  await expect(page.getByTestId('step-guide')).toContainText('The fully qualified name');

  // Page Down / Page Up step through the guide (outside the editor); ← and → are the packet's hops.
  await page.getByTestId('embed-caption').click();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('step-count')).toHaveText('3/3');
  await expect(page.getByTestId('step-guide')).toContainText('Scale down to one pod');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('step-count')).toHaveText('1/3');

  // Editable: a Service typed into the embedded editor appears in its graph.
  await typeAtEnd(page);
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/typed-in-the-embed')).toBeVisible();
});

test('an embed with the editor is read-only by default: typing changes neither the YAML nor the graph', async ({ page }) => {
  const link = await clusterIpLink(page);
  await page.goto(`/?embed=1&view=graph%2Beditor${new URL(link).hash}`);
  const editor = page.getByTestId('monaco-editor');
  const before = await typeAtEnd(page, true);
  // The request waits at its origin, in view (camera.ts).
  await expect(page.getByTestId('graph').getByTestId('node-pod:default/client')).toBeVisible();
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/typed-in-the-embed')).toHaveCount(0);
  expect(await lastLineNumber(page)).toBe(before);
  await expect(editor.locator('.view-lines')).not.toContainText('typed-in-the-embed');
});

/**
 * How the frame shows its graph: elements outside its viewport, scrollbars, and the on-screen size
 * of the graph's smallest drawn text (font size x zoom).
 */
async function frameView(frame: FrameLocator) {
  return frame.locator('body').evaluate(() => {
    const w = innerWidth;
    const h = innerHeight;
    const outside = [...document.querySelectorAll('.react-flow__node')].filter((n) => {
      const r = n.getBoundingClientRect();
      return r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1;
    }).length;
    const viewport = document.querySelector('.react-flow__viewport');
    const zoom = viewport ? new DOMMatrix(getComputedStyle(viewport).transform).a : 0;
    const sizes = [...document.querySelectorAll('.react-flow__node .gnode *')]
      .filter((e) => e.childNodes.length && [...e.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim()))
      .map((e) => parseFloat(getComputedStyle(e).fontSize) * zoom);
    return {
      outside,
      scrollX: document.documentElement.scrollWidth - w,
      scrollY: document.documentElement.scrollHeight - h,
      smallestText: Math.round(Math.min(...sizes) * 10) / 10,
    };
  });
}

// camera.ts: a thumbnail-sized frame (<= 480 px) shows the whole graph; a larger one keeps the
// graph's text readable (11 px at 960 px wide, 14 px from about 1,100 px), centred on the request.
test('a resized iframe refits its graph without scrollbars: whole in a thumbnail, at a readable size in a larger frame', async ({
  page,
}) => {
  const link = await clusterIpLink(page);
  const src = `/?embed=1${new URL(link).hash}`;
  await page.route('**/slide.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><body style="margin:0"><iframe id="f" src="${src}" width="800" height="450" style="border:0"></iframe></body></html>`,
    }),
  );
  await page.goto('/slide.html');
  const frame = page.frameLocator('#f');
  await expect(frame.getByTestId('graph').locator('.react-flow__node').first()).toBeVisible();
  // 800 px: (800 - 480) / 480 x 11 px.
  await expect.poll(async () => (await frameView(frame)).smallestText).toBeGreaterThanOrEqual(7.3);
  expect(await frameView(frame)).toMatchObject({ scrollX: 0, scrollY: 0 });
  // Presenter view's thumbnail: the whole graph; then full screen: projector-sized text.
  for (const [width, height, expected] of [
    [480, 300, { outside: 0, scrollX: 0, scrollY: 0 }],
    [1280, 720, { scrollX: 0, scrollY: 0, smallestText: 14 }],
  ] as const) {
    await page.locator('#f').evaluate(
      (f, size) => {
        f.setAttribute('width', String(size[0]));
        f.setAttribute('height', String(size[1]));
      },
      [width, height],
    );
    await expect.poll(() => frameView(frame)).toMatchObject(expected);
  }
});

/** The share link of a built-in scenario, as the Share dialog gives it. */
async function scenarioLink(page: Page, id: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption(id);
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#v2\./);
  return page.getByTestId('share-url').inputValue();
}

// Issue 19: a deck points its iframe at another scenario by changing only the fragment.
test('an embed follows a change of its fragment: it opens the new scenario and autoplays it; a corrupt fragment says why and keeps it', async ({
  page,
}) => {
  const a = new URL(await clusterIpLink(page)).hash;
  const b = new URL(await scenarioLink(page, 'headless')).hash;
  await page.goto(`/?embed=1&view=graph&autoplay=1${a}`);
  await expect(page.getByTestId('step-guide')).toContainText('Ask by name');
  await expect(page.getByTestId('graph').locator('.react-flow__node').first()).toBeVisible();

  await page.evaluate((hash) => (location.hash = hash), b);
  await expect(page.getByTestId('step-guide')).toContainText('Straight to a pod');
  // Autoplay applies to the new scenario: its request plays.
  await expect(page.getByTestId('packet')).toHaveAttribute('data-step', /^[1-9]/, { timeout: 15_000 });
  const guide = await page.getByTestId('step-guide').textContent();

  await page.evaluate(() => (location.hash = 'v1.!!!not-base64!!!'));
  await expect(page.getByTestId('notice')).toContainText(/could not be opened/);
  await expect(page.getByTestId('step-guide')).toHaveText(guide ?? '');
  // The picture stays: the request's path (focused, so elements off it may be out of view) is still drawn.
  await expect(page.getByTestId('graph').getByTestId('node-pod:default/client')).toBeVisible();
});
