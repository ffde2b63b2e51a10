/**
 * An edit feels like editing a real cluster (issue 13): the document is applied to the living
 * cluster as `kubectl apply` would apply it, so what the edit did not touch keeps its name, node,
 * address and place in the picture, and the Timeline says what changed.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { editorAtEnd, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

/** Every element of the graph: its id, where it is drawn (graph coordinates) and its text. */
async function elements(page: Page): Promise<Map<string, { transform: string; text: string }>> {
  const list = await page
    .getByTestId('graph')
    .locator('.react-flow__node')
    .evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-id') ?? '', (n as HTMLElement).style.transform, n.textContent ?? ''] as const),
    );
  return new Map(list.map(([id, transform, text]) => [id, { transform, text }]));
}

test('scaling a Deployment from 3 to 4 adds one pod; every other element keeps its name, node, address and place', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  // Three replicas and the client pod.
  await expect(graph.locator('[data-type="pod"]')).toHaveCount(4);
  await expect(graph).toHaveAttribute('data-settled', 'true');
  const before = await elements(page);
  await page.getByTestId('tab-timeline').click();
  const timeline = page.getByTestId('timeline');
  const created = timeline.locator('li', { hasText: /Created service\// });
  await expect(created.first()).toBeVisible();
  const createdBefore = await created.count();

  // Type the edit as a user would: replicas: 3 -> 4.
  await editorAtEnd(page);
  await page.keyboard.press('ControlOrMeta+F');
  await page.keyboard.type('replicas: 3');
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('4');
  await expect(graph.locator('[data-type="pod"]')).toHaveCount(5);
  await expect(graph).toHaveAttribute('data-settled', 'true');
  const after = await elements(page);

  const added = [...after.keys()].filter((id) => !before.has(id));
  expect(added.filter((id) => id.startsWith('pod:'))).toHaveLength(1);
  for (const [id, { transform, text }] of before) {
    const now = after.get(id);
    expect(now, `${id} is still drawn`).toBeDefined();
    expect(now?.transform, `${id} stays where it was`).toBe(transform);
    // Pods keep their names, nodes and IPs (their text); the Endpoints and the Deployment's node boxes may grow.
    if (id.startsWith('pod:')) expect(now?.text, `${id} keeps its address`).toBe(text);
  }

  // The Timeline tells an update, not a new cluster: the ReplicaSet scaled up, no Service was created again.
  await expect(timeline).toContainText(/Scaled up replica set random-generator-\w+ from 3 to 4/);
  await expect(created).toHaveCount(createdBefore);
});
