/**
 * An embed in an `<iframe sandbox>` that does not allow what svcscope needs says so, instead of a
 * blank or broken frame (issue 14): which tokens the embedding page must give.
 *
 * - `allow-scripts` without `allow-same-origin`: the frame's document has no origin of its own.
 *   Its site's scripts are fetched with CORS; a host that does not send
 *   `Access-Control-Allow-Origin` (vite preview here) gets nothing run, and index.html's own words
 *   say what is needed. A host that does (GitHub Pages sends `*`) runs the script, which finds its
 *   worker refused and its storage blocked, and tells it.
 * - no `allow-scripts`: nothing runs, `<noscript>` speaks.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

/** A page of this origin whose only content is the embed, sandboxed with `sandbox`. */
async function embedIn(page: Page, sandbox: string): Promise<void> {
  await page.route('**/sandbox-host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>deck</title><iframe sandbox="${sandbox}" src="/?embed=1" width="800" height="450"></iframe>`,
    }),
  );
  await page.goto('/sandbox-host.html');
}

test('allow-scripts without allow-same-origin, a host without CORS headers: the page itself names the tokens', async ({ page }) => {
  await embedIn(page, 'allow-scripts');
  const frame = page.frameLocator('iframe');
  // Shown after 3 s without the script starting.
  await expect(frame.getByTestId('boot-hint')).toBeVisible({ timeout: 15_000 });
  await expect(frame.getByTestId('boot-hint')).toContainText('sandbox="allow-scripts allow-same-origin"');
  await expect(frame.getByTestId('embed')).toHaveCount(0);
});

test('allow-scripts without allow-same-origin, a host that sends CORS headers: the script says its worker and storage are blocked', async ({
  page,
}, testInfo) => {
  await page.route('**/assets/**', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  await embedIn(page, 'allow-scripts');
  const frame = page.frameLocator('iframe');
  const message = frame.getByTestId('frame-blocked');
  await expect(message).toBeVisible({ timeout: 15_000 });
  await expect(message.getByRole('heading')).toHaveText('svcscope cannot run in this frame');
  await expect(message).toContainText('The page that embeds svcscope puts it in a sandbox without allow-same-origin');
  await expect(message).toContainText(/its simulation worker \(.*Worker.*origin 'null'/);
  await expect(message).toContainText('its storage (localStorage)');
  await expect(message).toContainText('sandbox="allow-scripts allow-same-origin"');
  // The page's own hint is gone: the script started.
  await expect(frame.getByTestId('boot-hint')).toHaveCount(0);
  await testInfo.attach('sandboxed-embed', { body: await page.screenshot(), contentType: 'image/png' });
});

test('no allow-scripts: <noscript> names the tokens', async ({ page }) => {
  await embedIn(page, '');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('noscript')).toBeVisible({ timeout: 15_000 });
  await expect(frame.getByTestId('noscript')).toContainText('sandbox="allow-scripts allow-same-origin"');
  await expect(frame.getByTestId('boot-hint')).toBeHidden();
});

test('with allow-scripts allow-same-origin the embed runs', async ({ page }) => {
  await embedIn(page, 'allow-scripts allow-same-origin');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('graph').locator('[data-type="pod"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(frame.getByTestId('frame-blocked')).toHaveCount(0);
  await expect(frame.getByTestId('boot-hint')).toHaveCount(0);
});
