/** Exports for slides that cannot embed: a zip with one picture per guided step, transparent pictures. */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

/** The width and height a PNG's IHDR chunk gives (PNG spec 11.2.2: right after the 8-byte signature and the chunk's length and type). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The top-left pixel (RGBA) of a downloaded PNG, decoded by the browser into a canvas. */
async function cornerPixel(page: Page, path: string): Promise<number[]> {
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context?.drawImage(image, 0, 0);
    return [...(context?.getImageData(0, 0, 1, 1).data ?? [])];
  }, readFileSync(path).toString('base64'));
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

test('"Steps (zip)" downloads one PNG per guided step, each with its title, and comes back to the step on screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('export-steps')).toHaveCount(0);
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\/3/);
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText(/^2\/3/);
  await expect(page.getByTestId('step-guide')).toContainText('The fully qualified name');

  const exportSteps = page.getByTestId('export-steps');
  await expect(exportSteps).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), exportSteps.click()]);
  expect(download.suggestedFilename()).toBe('clusterip-steps.zip');
  const files = unzipSync(readFileSync((await download.path()) ?? ''));
  expect(Object.keys(files)).toEqual(['01-ask-by-name.png', '02-the-fully-qualified-name.png', '03-scale-down-to-one-pod.png']);
  for (const [name, png] of Object.entries(files)) {
    await test.info().attach(name, { body: Buffer.from(png), contentType: 'image/png' });
    expect([...png.subarray(0, 8)], name).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString(), name).toBe([73, 72, 68, 82].toString());
    const { width, height } = pngSize(png);
    expect(width, name).toBeGreaterThan(200);
    expect(height, name).toBeGreaterThan(200);
  }
  // The third step scales the Deployment to one pod: its picture differs from the first two.
  expect(files['03-scale-down-to-one-pod.png']?.length).not.toBe(files['01-ask-by-name.png']?.length);

  // Back on the step the user was on, with no progress left over.
  await expect(page.getByTestId('export-progress')).toHaveCount(0);
  await expect(page.getByTestId('step-count')).toHaveText(/^2\/3/);
  await expect(page.getByTestId('step-guide')).toContainText('The fully qualified name');
  await expect(page.getByTestId('export-error')).toHaveCount(0);
  // With its request traced again: the hops of the step's request are listed.
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('hops')).toContainText('random-generator.default.svc.cluster.local');
});

test('"transparent" exports a PNG whose background is see-through', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible({ timeout: 20_000 });
  const transparent = page.getByTestId('export-transparent');
  // Reachable from the keyboard: focus it and press Space.
  await transparent.focus();
  await page.keyboard.press('Space');
  await expect(transparent).toBeChecked();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect(await cornerPixel(page, (await download.path()) ?? '')).toEqual([0, 0, 0, 0]);

  // Unchecked again, the same corner is the theme's opaque background.
  await transparent.focus();
  await page.keyboard.press('Space');
  await expect(transparent).not.toBeChecked();
  const [opaque] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect((await cornerPixel(page, (await opaque.path()) ?? ''))[3]).toBe(255);
});
