import { expect, test } from '@playwright/test';
import { documentYaml, editorAtEnd, savedWork, startFresh } from './support';

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

test('Tab never edits the YAML unless the user chose to type: tabbing through the whole page leaves it as it was', async ({ page }) => {
  await page.goto('/');
  const editor = page.getByTestId('monaco-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  // What the browser keeps (a typed change would make the document a work slot) and this tab's document.
  const text = async () => `${await savedWork(page)}\n${(await documentYaml(page)) ?? ''}`;
  const before = await editor.locator('.view-lines').innerText();
  const savedBefore = await text();
  const problems = page.getByTestId('problem-count');
  const problemsBefore = (await problems.count()) ? await problems.innerText() : '';
  const textarea = editor.locator('textarea');
  // Tab through the page (wrapping round) until the editor has been reached and left again.
  let reached = false;
  let left = false;
  for (let i = 0; i < 80 && !left; i++) {
    await page.keyboard.press('Tab');
    const inEditor = await textarea.evaluate((el) => el === document.activeElement);
    if (inEditor) {
      reached = true;
      await expect(page.getByTestId('editor-keys')).toContainText('Enter or any key to edit · Tab moves on');
    } else if (reached) left = true;
  }
  expect(reached && left).toBe(true);
  // innerText, not toHaveText: the lines' breaks matter, and toHaveText would fold them into spaces.
  expect(await editor.locator('.view-lines').innerText()).toBe(before);
  expect(await text()).toBe(savedBefore);
  expect((await problems.count()) ? await problems.innerText() : '').toBe(problemsBefore);
});

test('a click in the YAML chooses typing: Tab indents; Escape, then Tab, leaves the editor', async ({ page }) => {
  await page.goto('/');
  const editor = await editorAtEnd(page);
  const hint = page.getByTestId('editor-keys');
  await expect(hint).toContainText('Tab indents · Esc, then Tab, leaves the editor · Ctrl+M switches Tab');
  const textarea = editor.locator('textarea');
  await page.keyboard.press('Tab');
  await expect(textarea).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(textarea).not.toBeFocused();
  await expect(hint).toBeHidden();
});

test('reached with Tab, Enter starts typing without breaking the line, then Tab indents', async ({ page }) => {
  await page.goto('/');
  const editor = page.getByTestId('monaco-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  const lines = await editor.locator('.view-line').count();
  await editor.locator('textarea').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('editor-keys')).toContainText('Tab indents');
  await expect(editor.locator('.view-line')).toHaveCount(lines);
  await page.keyboard.press('Tab');
  await expect(editor.locator('textarea')).toBeFocused();
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
