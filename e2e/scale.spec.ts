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

/** `services` Services, each with a Deployment of `pods` pods selected by it. */
function services(count: number, pods: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}}\nspec:\n  replicas: ${pods}\n  selector: {matchLabels: {app: app-${i}}}\n` +
      `  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`,
  ).join('---\n');
}

test('a large graph seen whole is drawn on one canvas: hover names an element, a click or the keyboard selects it, zooming in brings the boxes back', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await replaceDocument(page, services(40, 4));
  const graph = page.getByTestId('graph');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  // Seen whole, about 500 elements and edges: the canvas draws them, React Flow's DOM holds none.
  await expect(graph).toHaveAttribute('data-drawn', 'canvas');
  const canvas = page.getByTestId('far-canvas');
  await expect(canvas).toHaveAttribute('data-drawn-revision', (await graph.getAttribute('data-revision')) ?? '');
  await expect(graph.locator('.react-flow__node')).toHaveCount(0);
  // And it drew them: many pixels are not the pane's background.
  const inked = await canvas.evaluate((element: HTMLCanvasElement) => {
    const data = element.getContext('2d')?.getImageData(0, 0, element.width, element.height).data ?? new Uint8ClampedArray();
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(5_000);

  // The keyboard: each element is a button of the canvas's fallback content; focus brings it to the middle.
  await page.getByTestId('far-svc:default/svc-3').focus();
  const pane = await graph.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no pane');
  const middle = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  await page.mouse.move(middle.x, middle.y);
  await expect(graph.getByRole('tooltip')).toHaveText(/^Service.* svc-3$/);
  await page.keyboard.press('Enter');
  // Selected, it stands out: React Flow draws its box over the canvas.
  await expect(graph.getByTestId('node-svc:default/svc-3')).toBeVisible();
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/svc-3')).toHaveClass(/selected/);

  // The mouse: a click on an element of the canvas selects it.
  await page.getByTestId('far-svc:default/svc-7').focus();
  await page.mouse.click(middle.x, middle.y);
  await expect(graph.getByTestId('node-svc:default/svc-7')).toHaveClass(/selected/);
  await expect(graph.getByTestId('node-svc:default/svc-3')).toHaveCount(0);

  // Zoomed in to read, React Flow draws the boxes again (those in view), and the canvas goes.
  const zoomIn = page.locator('.react-flow__controls-zoomin');
  for (let i = 0; i < 12 && (await graph.getAttribute('data-drawn')) === 'canvas'; i++) await zoomIn.click();
  await expect(graph).toHaveAttribute('data-drawn', 'dom');
  await expect(canvas).toHaveCount(0);
  expect(await graph.locator('.react-flow__node').count()).toBeGreaterThan(3);
  // The fit button brings the whole graph back, on the canvas.
  await page.locator('.react-flow__controls-fitview').click();
  await expect(graph).toHaveAttribute('data-drawn', 'canvas');
});
