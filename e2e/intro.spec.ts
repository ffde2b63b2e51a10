/** The first visit: a short introduction, gone for good once dismissed, never in an embed. */
import { expect, test } from '@playwright/test';

// No startFresh here: that marks the introduction dismissed. Each test has a new, empty browser context.

test('the first visit shows the introduction; once dismissed it stays away after a reload', async ({ page }) => {
  await page.goto('/');
  const intro = page.getByTestId('intro');
  await expect(intro).toBeVisible();
  await expect(intro).toContainText('Send');
  await expect(intro).toContainText('Scenarios');
  // It does not cover the toolbar: a request can be sent with it open.
  await page.getByTestId('send').click({ trial: true, timeout: 2000 });
  await page.getByTestId('intro-dismiss').click();
  await expect(intro).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await expect(page.getByTestId('request-to')).not.toHaveValue('');
  await expect(page.getByTestId('intro')).toHaveCount(0);
});

test('an embed never shows the introduction, even on a first visit', async ({ page }) => {
  await page.goto('/?embed=1&view=graph');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await expect(page.getByTestId('intro')).toHaveCount(0);
});

test('opening a scenario makes room for its guided step: the introduction goes', async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto('/');
  await expect(page.getByTestId('intro')).toBeVisible();
  await page.getByTestId('scenario-picker').selectOption('node-port');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await expect(page.getByTestId('intro')).toHaveCount(0);
});
