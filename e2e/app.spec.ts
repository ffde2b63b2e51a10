import { expect, test } from '@playwright/test';

test('the first screen simulates the seed example 13-1 with its Deployment', async ({ page }, testInfo) => {
  await page.goto('/');
  const table = page.getByTestId('object-table');
  const service = table.locator('tr[data-kind="Service"]', { hasText: 'random-generator' });
  await expect(service).toContainText(/ClusterIP clusterIP 10\.(9[6-9]|10\d|11[01])\.\d+\.\d+ ports 80\/TCP→8080/);
  await expect(table.locator('tr[data-kind="Pod"]')).toHaveCount(3);
  await expect(table.locator('tr[data-kind="Endpoints"]', { hasText: 'random-generator' })).toContainText(/10\.244\.\d+\.\d+:8080/);
  await expect(page.getByTestId('diagnostics')).toContainText('No problems');
  await page.screenshot({ path: 'docs/screenshot.png' });
  await testInfo.attach('first-screen', { body: await page.screenshot(), contentType: 'image/png' });
});

test('an invalid port shows the API server error at its line, and the last good objects stay', async ({ page }, testInfo) => {
  await page.goto('/');
  const input = page.getByTestId('yaml-input');
  const text = await input.inputValue();
  await input.fill(text.replace('- port: 80', '- port: 0'));
  const diagnostics = page.getByTestId('diagnostics');
  await expect(diagnostics).toContainText('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
  await expect(diagnostics).toContainText('error 9:');
  // The rejected Service is gone, the Deployment's pods are still simulated.
  await expect(page.getByTestId('object-table').locator('tr[data-kind="Pod"]')).toHaveCount(3);
  await testInfo.attach('invalid-port', { body: await page.screenshot(), contentType: 'image/png' });
});

test('names with markup render as text', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('yaml-input').fill('apiVersion: v1\nkind: Service\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\nspec:\n  ports: [{port: 80}]\n');
  await expect(page.getByTestId('diagnostics')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img')).toHaveCount(0);
});
