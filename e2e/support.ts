/** What the end-to-end specs do again and again: a fresh start, Monaco input, stepping a trace. */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * Each test starts without autosaved work (once per tab: reloads inside a test keep it), the
 * first-run introduction already dismissed (e2e/intro.spec.ts shows a real first visit).
 */
export async function startFresh(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('svcscope-test-started')) {
      localStorage.clear();
      localStorage.setItem('svcscope.settings.v1', JSON.stringify({ state: { introDismissed: true }, version: 0 }));
      sessionStorage.setItem('svcscope-test-started', '1');
    }
  });
}

/** Waits for Monaco (lazy-loaded after the graph) and puts the cursor at the end of the text. */
export async function editorAtEnd(page: Page) {
  const editor = page.getByTestId('monaco-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  return editor;
}

/**
 * Pastes text at the cursor, as a user pasting from the clipboard (Monaco handles the paste
 * event), and waits until the editor shows the pasted text's last line: Monaco ignores a paste
 * while its text area does not have the focus yet, which on a loaded machine lost the text.
 * `readOnly`: the editor is expected to refuse it, so nothing is waited for.
 */
export async function paste(page: Page, text: string, { readOnly = false } = {}): Promise<void> {
  const editor = page.getByTestId('monaco-editor');
  const area = editor.locator('textarea');
  await expect(area).toBeFocused();
  await area.evaluate((element, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  const last = text.trimEnd().split('\n').at(-1)?.trim() ?? '';
  if (readOnly || !last) return;
  // The autosaved document has it (the full app), or the editor shows it (an embed never saves).
  const arrived = async () => {
    const saved = (await documentYaml(page)) ?? '';
    const shown = ((await editor.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ');
    return saved.includes(text.trim()) || shown.includes(last);
  };
  await expect.poll(arrived).toBe(true);
}

/** Replaces the whole document, as a user selecting all and pasting. */
export async function replaceDocument(page: Page, text: string): Promise<void> {
  await editorAtEnd(page);
  await page.keyboard.press('ControlOrMeta+A');
  await paste(page, text);
}

/** Steps the current animation to its end with the keyboard and returns the outcome line. */
export async function outcome(page: Page): Promise<string> {
  await page.getByTestId('tab-trace').click();
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible();
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowRight');
  const line = page.getByTestId('outcome');
  await expect(line).toBeVisible();
  return (await line.textContent()) ?? '';
}

/**
 * The graph's elements and their text once it shows the current document: the graph says it is
 * settled (no edit on its way to the worker) and two reads a moment apart agree (React Flow
 * measures new nodes before it shows them). Independent of the zoom, which depends on the pane.
 */
export async function settledGraphText(page: Page): Promise<string> {
  const graph = page.getByTestId('graph');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  let previous = '';
  let text = '';
  await expect(async () => {
    previous = text;
    // Each element's id and its whole text (textContent: zoomed far out, a node hides all but its title).
    text = (
      await graph
        .locator('.react-flow__node')
        .evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-id') ?? ''}: ${n.textContent ?? ''}`).sort())
    ).join('\n');
    expect(text).not.toBe('');
    expect(text).toBe(previous);
  }).toPass({ intervals: [250] });
  return text;
}

/** The share link of the ClusterIP scenario at its first step, made with the Share dialog. */
export async function clusterIpLink(page: Page): Promise<string> {
  return scenarioLink(page, 'clusterip', 3);
}

/** A share link of built-in scenario `id` (with `steps` guided steps), made in the full app. */
async function scenarioLink(page: Page, id: string, steps: number): Promise<string> {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption(id);
  await expect(page.getByTestId('step-count')).toHaveText(`1/${steps}`);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#v2\./);
  return page.getByTestId('share-url').inputValue();
}

/**
 * The YAML this tab's autosave holds (src/app/autosave.ts): the work slot it has open, or the
 * unsaved scenario or link document its sessionStorage keeps for a reload.
 */
export async function documentYaml(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    try {
      const session = JSON.parse(sessionStorage.getItem('svcscope.tab.v1') ?? '{}') as { slotId?: string; doc?: { yaml?: string } };
      if (session.slotId)
        return (JSON.parse(localStorage.getItem(`svcscope.document.slot.v1.${session.slotId}`) ?? '{}') as { yaml?: string }).yaml;
      return session.doc?.yaml;
    } catch {
      return undefined;
    }
  });
}

/** Everything svcscope has saved in this browser (work slots, their list, settings), to compare. */
export async function savedWork(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify(
      Object.keys(localStorage)
        .filter((key) => key.startsWith('svcscope.'))
        .sort()
        .map((key) => [key, localStorage.getItem(key)]),
    ),
  );
}
