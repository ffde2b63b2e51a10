import { expect, test } from '@playwright/test';
import { editorAtEnd, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const SERVICE = 'svc:default/random-generator';
const ENDPOINTS = 'ep:default/random-generator';

test('Escape closes the share dialog and gives the focus back to the Share button', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('share').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Share this scenario' })).toBeVisible();
  await page.getByTestId('share-tab-embed').click();
  await expect(page.getByTestId('embed-snippet')).toHaveValue(/<iframe/);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('share')).toBeFocused();
});

test('the what-if menu: Escape closes it and the graph element has the focus again, also when it offers no action', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const service = graph.locator(`.react-flow__node[data-id="${SERVICE}"]`);
  await expect(service).toBeVisible();

  await service.click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem').nth(1)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(service).toBeFocused();

  // Shift+F10 on the focused element opens it again from the keyboard.
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);

  // Endpoints have no what-if action: the menu says so and still closes with Escape.
  const endpoints = graph.locator(`.react-flow__node[data-id="${ENDPOINTS}"]`);
  await endpoints.click({ button: 'right' });
  await expect(menu).toContainText('Nothing to change here.');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(endpoints).toBeFocused();
});

test('Tab indents in the YAML editor; Ctrl+M (Monaco tab focus mode) lets Tab leave it, as its hint says', async ({ page }) => {
  await page.goto('/');
  await editorAtEnd(page);
  const hint = page.getByTestId('editor-keys');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Tab indents · Ctrl+M switches Tab to leaving the editor');
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('monaco-editor').locator('textarea')).not.toBeFocused();
  await expect(hint).toBeHidden();
});

test('at 1024×700 every toolbar control can be clicked: the request controls cover none of the others', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/');
  await expect(page.getByTestId('graph').locator(`.react-flow__node[data-id="${SERVICE}"]`)).toBeVisible();
  // A trial click fails when another element would receive it.
  for (const id of ['scenario-picker', 'request-from', 'request-to', 'request-presets', 'request-options', 'send', 'send-many', 'share']) {
    await page.getByTestId(id).click({ trial: true, timeout: 2000 });
  }
  const toggle = page.getByRole('checkbox', { name: 'system objects' });
  await toggle.click({ timeout: 2000 });
  await expect(toggle).toBeChecked();
});

test('a trace hop shows what, where and the packet apart (kube-proxy never runs into its node name)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('request-to')).toHaveValue(/random-generator/);
  await page.getByTestId('send').click();
  const hop = page
    .getByTestId('hops')
    .locator('li')
    .filter({ has: page.locator('.hop-component', { hasText: 'kube-proxy' }) })
    .first();
  await expect(hop).toBeVisible();
  const what = await hop.locator('.hop-component').boundingBox();
  const where = await hop.locator('.hop-node').boundingBox();
  const packet = await hop.locator('.hop-packet').boundingBox();
  await expect(hop.locator('.hop-node')).toHaveText(/^node-\d$/);
  expect(what && where && packet).toBeTruthy();
  if (!what || !where || !packet) return;
  expect(what.x + what.width).toBeLessThan(where.x);
  expect(where.x + where.width).toBeLessThan(packet.x);
});

test('the Timeline scrolls inside its panel: its last event can be brought into view', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('ingress-fanout');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  // The scenario's own events, not the previous document's (its list would grow after the scroll).
  await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true');
  await page.getByTestId('tab-timeline').click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('li').nth(5)).toBeVisible();
  // The panel is bounded by the window and scrolls (it does not grow past the bottom edge).
  const panel = await timeline.boundingBox();
  expect((panel?.y ?? 0) + (panel?.height ?? 0)).toBeLessThanOrEqual(700);
  expect(await timeline.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  const last = timeline.locator('li').last();
  await timeline.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const box = await last.boundingBox();
  expect(box).toBeTruthy();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(700);
});
