/**
 * axe-core (the engine of Lighthouse's and Deque's accessibility checks) on every face of the app,
 * in light and dark: the full app after a request, the presentation view, the embed, the share
 * dialog and the what-if menu. Critical and serious findings fail the test; the report names each
 * rule and the elements it found.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { clusterIpLink, outcome, startFresh } from './support';

// axe walks the whole DOM (Monaco and React Flow included): seconds per scan on a loaded machine.
test.describe.configure({ timeout: 120_000 });
test.beforeEach(async ({ page }) => startFresh(page));

async function seriousFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the full app after a request: no critical or serious axe finding', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible({ timeout: 30_000 });
      await page.getByTestId('send').click();
      await outcome(page);
      expect(await seriousFindings(page)).toEqual([]);
    });

    test('the inspector, timeline, share dialog and what-if menu: no critical or serious axe finding', async ({ page }) => {
      await page.goto('/');
      const service = page.getByTestId('graph').locator('.react-flow__node[data-id="svc:default/random-generator"]');
      await service.click();
      await expect(page.getByTestId('tab-inspector')).toHaveAttribute('aria-selected', 'true');
      expect(await seriousFindings(page)).toEqual([]);
      await page.getByTestId('tab-timeline').click();
      expect(await seriousFindings(page)).toEqual([]);
      await service.click({ button: 'right' });
      await expect(page.getByTestId('context-menu')).toBeVisible();
      expect(await seriousFindings(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByTestId('share').click();
      await expect(page.getByTestId('share-dialog')).toBeVisible();
      expect(await seriousFindings(page)).toEqual([]);
    });

    test('the presentation view: no critical or serious axe finding', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true', { timeout: 30_000 });
      await page.getByTestId('send').click();
      await outcome(page);
      await page.getByRole('button', { name: 'Present' }).click();
      await expect(page.getByTestId('presentation')).toBeVisible();
      expect(await seriousFindings(page)).toEqual([]);
    });

    test('the embed with a guided scenario: no critical or serious axe finding', async ({ page }) => {
      const link = await clusterIpLink(page);
      await page.goto(`/?embed=1&view=graph%2Beditor${new URL(link).hash}`);
      await expect(page.getByTestId('graph').locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
      expect(await seriousFindings(page)).toEqual([]);
    });
  });
}
