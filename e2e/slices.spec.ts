/**
 * Today's data plane (issue 16): the graph shows each Service's EndpointSlices, which kube-proxy
 * reads, between the Service and its pods, with their endpoints counted by condition; a trace
 * lights the slice; the v1 Endpoints is the deprecated mirror. Deleting a pod gracefully (a what-if)
 * leaves it Terminating, and its slice endpoint says so.
 */
import { expect, test } from '@playwright/test';
import { startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const REPLICAS = '[data-type="pod"][data-testid^="node-pod:default/random-generator-"]';

test('the clusterip scenario: Service → EndpointSlice "3 ready"; the trace lights it; a graceful delete shows terminating; undo', async ({
  page,
}) => {
  // It steps a trace, makes a what-if, reads two inspectors and undoes: three times the usual time.
  test.slow();
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  const graph = page.getByTestId('graph');
  const slice = graph.locator('[data-testid^="node-slice:default/random-generator-"]');
  const summary = slice.locator('.gnode-line').first();
  // The scenario's first simulation and layout (the worker loads the engine first).
  await expect(slice).toBeVisible({ timeout: 30_000 });
  await expect(slice.locator('.gnode-tag')).toHaveText('EndpointSlice');
  await expect(summary).toHaveText('3 ready');
  const endpoints = graph.getByTestId('node-ep:default/random-generator');
  await expect(endpoints.locator('.gnode-title')).toHaveText('Endpoints (deprecated mirror)');

  // The scenario's request: at kube-proxy's DNAT the slice is lit with the endpoint picked, the v1 Endpoints is not.
  const hops = page.getByTestId('hops').locator('li');
  await expect(hops.first()).toBeVisible();
  await graph.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Home');
  const total = await hops.count();
  let sawDnat = false;
  for (let step = 0; step < total && !sawDnat; step++) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('packet')).toHaveAttribute('data-step', String(step));
    const [, after] = /rewrites the destination \S+ to (\S+?),/.exec((await hops.nth(step).textContent()) ?? '') ?? [];
    if (!after) continue;
    await expect(slice).toHaveClass(/\blit\b/);
    await expect(endpoints).not.toHaveClass(/\blit\b/);
    await expect(slice.locator('.gnode-line.picked')).toHaveText(`${after} ready`);
    sawDnat = true;
  }
  expect(sawDnat).toBe(true);

  // Delete one replica gracefully from its context menu.
  const victim = graph.locator(REPLICAS).first();
  const victimId = (await victim.getAttribute('data-testid')) ?? '';
  const ip = (await victim.textContent())?.match(/10\.244\.\d+\.\d+/)?.[0] ?? '';
  expect(ip).not.toBe('');
  await victim.click({ button: 'right' });
  await page.getByTestId('what-if-delete-graceful').click();
  await expect(summary).toHaveText('3 ready · 4 serving · 1 terminating');
  await expect(slice).toContainText(`${ip}:8080 terminating`);
  await expect(graph.getByTestId(victimId)).toContainText('Terminating');
  // Its ReplicaSet started a replacement: four replicas on the graph.
  await expect(graph.locator(REPLICAS)).toHaveCount(4);

  // The inspector shows the slice's conditions and labels, and its YAML from the worker.
  await slice.click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('slice-labels')).toContainText(
    'endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io',
  );
  await expect(inspector.getByTestId('slice-labels')).toContainText('kubernetes.io/service-name=random-generator');
  const row = inspector.getByTestId('slice-endpoints').locator('tr', { hasText: ip });
  await expect(row.locator('td')).toHaveText([ip, 'false', 'true', 'true', /^node-\d$/, /^zone-[ab]$/, /^Pod\/random-generator-/, '']);
  await expect(inspector.getByTestId('slice-yaml')).toContainText('terminating: true');
  // The v1 Endpoints says what it is.
  await endpoints.click();
  await expect(inspector.getByTestId('endpoints-deprecated')).toContainText('deprecated since Kubernetes 1.33 (KEP-4974)');

  await page.getByTestId('undo-action').click();
  await expect(summary).toHaveText('3 ready');
  await expect(graph.locator(REPLICAS)).toHaveCount(3);
});
