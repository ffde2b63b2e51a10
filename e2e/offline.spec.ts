/**
 * After one visit the app works offline (issue 14): the page, the editor, a scenario, Share
 * (the link is made in the page) and the picture export, with the network gone for the page and
 * for its service worker alike.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startFresh } from './support';

test.use({ serviceWorkers: 'allow' });

test.beforeEach(async ({ page }) => startFresh(page));

test('visited once, the app loads offline: a scenario opens, Share gives a link, PNG and SVG export', async ({
  page,
  context,
}, testInfo) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId('node-svc:default/random-generator')).toBeVisible({ timeout: 20_000 });
  // The service worker has installed, which is when it has cached every file of the build.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  await context.setOffline(true);
  // Whatever the offline emulation covers, no request leaves the browser from now on.
  const triedNetwork: string[] = [];
  await context.route('**/*', (route) => {
    triedNetwork.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await page.reload();
  await expect(graph.getByTestId('node-svc:default/random-generator')).toBeVisible({ timeout: 20_000 });
  // The editor is a chunk of its own, loaded after the graph.
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toContainText('kind: Service', { timeout: 20_000 });

  await page.getByTestId('scenario-picker').selectOption('node-port');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await expect(graph).toContainText(/NodePort/i);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);

  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/#v2\.[A-Za-z0-9_-]+$/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toHaveCount(0);

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect(
    readFileSync((await png.path()) ?? '')
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(readFileSync((await svg.path()) ?? '', 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

  await expect(page.getByTestId('notice')).toHaveCount(0);
  // Only the page was tried on the network (the worker asks it first, for a newer build) and
  // failed; every script, style sheet, font and worker came from the cache.
  expect(triedNetwork.filter((url) => new URL(url).pathname !== '/')).toEqual([]);
  await testInfo.attach('offline', { body: await page.screenshot(), contentType: 'image/png' });
});
