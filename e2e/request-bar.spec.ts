/** The request bar holds the whole request: what a scenario step sends is shown and re-sent as is. */
import { expect, test } from '@playwright/test';
import { outcome, replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

test('a scenario step with a Host header shows it in the bar (and its external client), and Send again gives the same answer', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('ingress-hosts');
  const count = page.getByTestId('step-count');
  await expect(count).toHaveText('1/3');
  await page.getByTestId('step-next').click();
  await expect(count).toHaveText('2/3');
  await page.getByTestId('step-next').click();
  await expect(count).toHaveText('3/3');
  const first = await outcome(page);
  expect(first).toMatch(/404/);

  // The bar says what was sent: the address, the Host header and the client the trace used.
  await expect(page.getByTestId('request-to')).toHaveValue('http://203.0.113.250/');
  const options = page.getByTestId('request-options');
  await expect(options).toHaveText('Host: other.example.com');
  await expect(page.getByTestId('request-from').locator('option:checked')).toHaveText('external client 198.51.100.77');
  await options.click();
  await expect(page.getByTestId('request-host')).toHaveValue('other.example.com');
  await expect(page.getByTestId('request-method')).toHaveValue('GET');
  await expect(page.getByTestId('request-protocol')).toHaveValue('TCP');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('request-options-popover')).toBeHidden();
  await expect(options).toBeFocused();

  // Send again: the same request, the same answer.
  await page.getByTestId('send').click();
  expect(await outcome(page)).toBe(first);

  // The Host header of a rule: the same address now reaches random-generator.
  await options.click();
  await page.getByTestId('request-host').fill('random.example.com');
  await page.keyboard.press('Enter');
  await expect(options).toHaveText('Host: random.example.com');
  await page.getByTestId('send').click();
  const routed = await outcome(page);
  expect(routed).toMatch(/^✓/);
  expect(routed).toContain('random-generator');
});

test('udp://random-generator:80 is sent as UDP (the Service declares only 80/TCP), and the options show UDP', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  // The first screen's request comes from its client pod.
  await expect(page.getByTestId('request-from').locator('option:checked')).toHaveText('pod client');
  await page.getByTestId('request-to').fill('udp://random-generator:80');
  await page.getByTestId('request-options').click();
  await expect(page.getByTestId('request-protocol')).toHaveValue('UDP');
  await page.keyboard.press('Escape');
  await page.getByTestId('send').click();
  const result = await outcome(page);
  expect(result).toMatch(/^✗/);
  expect(result).toContain('80/UDP');
  // Choosing TCP in the options rewrites the target.
  await page.getByTestId('request-options').click();
  await page.getByTestId('request-protocol').selectOption('TCP');
  await expect(page.getByTestId('request-to')).toHaveValue('random-generator:80');
});

test('at 960×540 every request control can be clicked, and the options popover stays on screen with its fields usable', async ({
  page,
}) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  for (const id of ['scenario-picker', 'request-from', 'request-to', 'request-presets', 'request-options', 'send', 'send-many', 'share']) {
    await page.getByTestId(id).click({ trial: true, timeout: 2000 });
  }
  // Keyboard: Tab reaches the options button, Enter opens the popover with the focus inside.
  await page.getByTestId('request-presets').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('request-options')).toBeFocused();
  await page.keyboard.press('Enter');
  const popover = page.getByTestId('request-options-popover');
  await expect(popover).toBeVisible();
  await expect(page.getByTestId('request-method')).toBeFocused();
  const box = await popover.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 960 && box.y + box.height <= 540).toBe(true);
  await page.getByTestId('request-method').selectOption('POST');
  await page.getByTestId('request-host').fill('Host: random.example.com');
  await page.keyboard.press('Enter');
  await expect(popover).toBeHidden();
  await expect(page.getByTestId('request-options')).toHaveText('POST · Host: random.example.com');
});

test('a request from a pod that is gone says why at once, with no hop to play', async ({ page }) => {
  await page.goto('/');
  // The default request comes from default/client; this document has no such pod.
  await replaceDocument(
    page,
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  );
  await expect(page.getByTestId('request-from').locator('option:checked')).toHaveText('default/client (gone)');
  await page.getByTestId('request-to').fill('http://web/');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('outcome')).toHaveText('✗ pod "client" not found in namespace "default"');
});
