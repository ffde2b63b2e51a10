/**
 * Nothing the user makes is lost (issue 14): one's own YAML is kept in My work apart from the
 * scenarios and links opened after it, across reloads, and two tabs never overwrite each other.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { editorAtEnd, paste, replaceDocument, startFresh } from './support';

// Each test simulates a dozen documents in two tabs and reloads: on a loaded machine a graph can take 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });
test.beforeEach(async ({ page }) => startFresh(page));

const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`;
const node = (page: Page, name: string) => page.getByTestId('graph').getByTestId(`node-svc:default/${name}`);
/** Monaco loads after the graph (slowly on a loaded machine): the editor helpers wait only 5 s for it. */
const monaco = (page: Page) => expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible();

test('own YAML, then scenario A, then scenario B: My work brings back my YAML, also after a reload and after a link opened twice', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(node(page, 'random-generator')).toBeVisible();
  await monaco(page);
  await replaceDocument(page, service('my-own-service'));
  await expect(node(page, 'my-own-service')).toBeVisible();

  const picker = page.getByTestId('scenario-picker');
  await picker.selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await picker.selectOption('node-port');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await expect(node(page, 'my-own-service')).toHaveCount(0);
  await expect(page.getByTestId('back-to-work')).toContainText('A scenario replaced your YAML; yours is saved in My work.');

  // My work, with the keyboard: Ctrl+O, the first slot's Open has the focus, Enter opens it.
  await page.keyboard.press('ControlOrMeta+o');
  const dialog = page.getByTestId('work-dialog');
  await expect(dialog).toBeVisible();
  const slots = dialog.getByTestId('work-slot');
  await expect(slots).toHaveCount(1);
  await expect(slots.first()).toContainText('My work');
  await expect(slots.first()).toContainText(/saved today, .* · \d+ bytes/);
  // Readable on a projector: the whole dialog is on the 1280×720 screen, its text 14 px or more.
  const box = await dialog.boundingBox();
  expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 720).toBe(true);
  for (const selector of ['.work-name', '.work-meta', 'button']) {
    const size = await dialog
      .locator(selector)
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, selector).toBeGreaterThanOrEqual(13.3);
  }
  await expect(slots.first().getByTestId('work-open')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(node(page, 'my-own-service')).toBeVisible();
  await expect(page.getByTestId('step-count')).toHaveCount(0);

  await page.reload();
  await expect(node(page, 'my-own-service')).toBeVisible();

  // A shared link of a scenario, opened twice over one's work: the way back is still to one's own.
  await picker.selectOption('headless');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#v2\./);
  const link = await page.getByTestId('share-url').inputValue();
  await page.keyboard.press('Escape');
  await page.getByTestId('back-to-work-button').click();
  await expect(node(page, 'my-own-service')).toBeVisible();
  for (let i = 0; i < 2; i++) {
    await page.goto(link);
    await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
    await expect(node(page, 'my-own-service')).toHaveCount(0);
  }
  // (The link holds a scenario: the notice names it so.)
  await expect(page.getByTestId('back-to-work')).toContainText('replaced your YAML; yours is saved in My work.');
  await page.getByTestId('back-to-work-button').click();
  await expect(node(page, 'my-own-service')).toBeVisible();
});

test('My work: a changed scenario is saved under its name; rename, delete with undo, a new empty document', async ({ page }) => {
  await page.goto('/');
  await expect(node(page, 'random-generator')).toBeVisible();
  await monaco(page);
  await replaceDocument(page, service('first-work'));
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await monaco(page);
  await editorAtEnd(page);
  await paste(page, `\n---\n${service('added-to-the-scenario')}`);
  await expect(node(page, 'added-to-the-scenario')).toBeVisible();

  await page.getByTestId('my-work').click();
  const dialog = page.getByTestId('work-dialog');
  const slots = dialog.getByTestId('work-slot');
  await expect(slots).toHaveCount(2);
  await expect(slots.nth(0)).toContainText('ClusterIP: a stable address for changing pods (edited)');
  await expect(slots.nth(0)).toContainText('on screen');
  await expect(slots.nth(1)).toContainText('My work');

  // Rename with the keyboard.
  await slots.nth(1).getByTestId('work-rename').click();
  const input = dialog.getByTestId('work-rename-input');
  await expect(input).toBeFocused();
  await input.fill('Demo for Tuesday');
  await page.keyboard.press('Enter');
  await expect(slots.nth(1)).toContainText('Demo for Tuesday');

  // The slot on screen cannot be deleted; another can, and the deletion can be undone.
  await expect(slots.nth(0).getByTestId('work-delete')).toBeDisabled();
  await slots.nth(1).getByTestId('work-delete').click();
  await expect(slots).toHaveCount(1);
  await dialog.getByTestId('work-undo-delete').click();
  await expect(slots).toHaveCount(2);
  await expect(dialog).toContainText('Demo for Tuesday');

  // A new empty document: saved once something is typed.
  await dialog.getByTestId('work-new').click();
  await expect(dialog).toHaveCount(0);
  await monaco(page);
  await editorAtEnd(page);
  await paste(page, service('from-scratch'));
  await expect(node(page, 'from-scratch')).toBeVisible();
  await page.getByTestId('my-work').click();
  await expect(slots).toHaveCount(3);
  await expect(slots.nth(0)).toContainText('My work');
  await slots.filter({ hasText: 'Demo for Tuesday' }).getByTestId('work-open').click();
  await expect(node(page, 'first-work')).toBeVisible();
  await page.reload();
  await expect(node(page, 'first-work')).toBeVisible();
});

test('two tabs editing at once: the second gets a copy and is told; neither loses its work, the lists follow live', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(node(page, 'random-generator')).toBeVisible();
  await monaco(page);
  await replaceDocument(page, service('typed-in-tab-a'));
  await expect(node(page, 'typed-in-tab-a')).toBeVisible();
  // Tab A's list is open while tab B starts.
  await page.getByTestId('my-work').click();
  const slotsA = page.getByTestId('work-dialog').getByTestId('work-slot');
  await expect(slotsA).toHaveCount(1);

  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByTestId('notice')).toContainText('“My work” is open in another tab, which keeps saving it. This tab shows a copy');
  await expect(node(other, 'typed-in-tab-a')).toBeVisible();
  await monaco(other);
  await replaceDocument(other, service('typed-in-tab-b'));
  await expect(node(other, 'typed-in-tab-b')).toBeVisible();

  // Tab A's open list shows B's copy as it is saved, marked as open in another tab.
  await expect(slotsA).toHaveCount(2);
  await expect(slotsA.filter({ hasText: 'My work (copy)' })).toContainText('open in another tab');
  await expect(slotsA.filter({ hasText: 'My work (copy)' }).getByTestId('work-delete')).toBeDisabled();
  await page.keyboard.press('Escape');

  // Both keep typing.
  await monaco(page);
  await editorAtEnd(page);
  await paste(page, `\n---\n${service('more-in-tab-a')}`);
  await expect(node(page, 'more-in-tab-a')).toBeVisible();
  await monaco(other);
  await editorAtEnd(other);
  await paste(other, `\n---\n${service('more-in-tab-b')}`);
  await expect(node(other, 'more-in-tab-b')).toBeVisible();

  await page.reload();
  await other.reload();
  for (const [tab, mine, theirs] of [
    [page, 'a', 'b'],
    [other, 'b', 'a'],
  ] as const) {
    await expect(node(tab, `typed-in-tab-${mine}`)).toBeVisible();
    await expect(node(tab, `more-in-tab-${mine}`)).toBeVisible();
    await expect(node(tab, `typed-in-tab-${theirs}`)).toHaveCount(0);
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the back-to-work notice and My work (a slot on screen, one being renamed, a deletion to undo), ${colorScheme}: no critical or serious axe finding`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await monaco(page);
    await replaceDocument(page, service('mine'));
    await page.getByTestId('scenario-picker').selectOption('clusterip');
    await monaco(page);
    await editorAtEnd(page);
    await paste(page, `\n---\n${service('edited-scenario')}`);
    await page.getByTestId('scenario-picker').selectOption('node-port');
    await expect(page.getByTestId('back-to-work')).toBeVisible();
    // The notice first: behind the modal dialog the page is inert.
    const notice = await new AxeBuilder({ page }).include('[data-testid="back-to-work"]').withTags(['wcag2a', 'wcag2aa']).analyze();
    await page.getByTestId('my-work').click();
    const slots = page.getByTestId('work-dialog').getByTestId('work-slot');
    await expect(slots).toHaveCount(2);
    await slots.nth(1).getByTestId('work-delete').click();
    await expect(page.getByTestId('work-undo-delete')).toBeVisible();
    await slots.nth(0).getByTestId('work-rename').click();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="work-dialog"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = [...results.violations, ...notice.violations]
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    // The scans looked at something: the dialog's and the notice's elements passed rules.
    expect(results.passes.length).toBeGreaterThan(5);
    expect(notice.passes.length).toBeGreaterThan(0);
  });
}
