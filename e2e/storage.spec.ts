/**
 * Nothing the user makes is lost without a word (issue 14): when the browser's storage is full,
 * the app says that the work is not being saved, keeps it in the tab, and offers it as a file.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { editorAtEnd, paste, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

test('a full storage: a notice says the work is not saved and the YAML downloads with the latest edit', async ({ page }) => {
  // The quota is full for svcscope's document (another app of this origin filled it).
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key.startsWith('svcscope.document')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await editorAtEnd(page);
  await paste(page, '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: kept-in-the-tab\nspec:\n  ports: [{port: 80}]\n');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/kept-in-the-tab')).toBeVisible();
  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText("Your work is not being saved: this browser's storage for svcscope is full");
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  expect(download.suggestedFilename()).toBe('svcscope.yaml');
  expect(readFileSync((await download.path()) ?? '', 'utf8')).toContain('name: kept-in-the-tab');
});
