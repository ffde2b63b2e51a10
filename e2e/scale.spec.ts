/**
 * What would drown the graph is grouped, with a count and a way to unfold it (issue 14): the
 * outside addresses of a manual Endpoints become one element; clicking it draws them one by one.
 */
import { expect, test } from '@playwright/test';
import { replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

test('a manual Endpoints with 20 addresses is one element "20 addresses"; a click draws each address', async ({ page }) => {
  await page.goto('/');
  const addresses = Array.from({ length: 20 }, (_, i) => `{ip: 192.0.2.${i + 1}}`).join(', ');
  await replaceDocument(
    page,
    `apiVersion: v1\nkind: Service\nmetadata: {name: legacy}\nspec:\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: legacy}\nsubsets:\n- addresses: [${addresses}]\n  ports: [{port: 80}]\n`,
  );
  const graph = page.getByTestId('graph');
  const group = graph.getByTestId('node-group:ext:default/legacy');
  await expect(group).toBeVisible();
  await expect(group).toContainText('20 addresses');
  await expect(graph.locator('[data-testid^="node-ext:192.0.2."]')).toHaveCount(0);
  await group.click();
  await expect(graph.getByTestId('node-group:ext:default/legacy')).toHaveCount(0);
  await expect(graph.getByTestId('node-ext:192.0.2.1')).toBeVisible();
  await expect(graph).toHaveAttribute('data-settled', 'true');
});
