/**
 * The picture teaches (issue 13): during a ClusterIP trace the Service lights at the hop whose
 * rule selects it, the EndpointSlice entry kube-proxy picked lights at the pick and the DNAT (issue
 * 16: kube-proxy reads slices; the v1 Endpoints, a deprecated mirror, never lights), and the
 * packet's label says what the NAT rewrote, before ⇒ after. Pod names keep their suffix.
 */
import { expect, test } from '@playwright/test';
import { startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

test('a ClusterIP trace lights the Service at KUBE-SVC and the picked EndpointSlice entry at the DNAT, whose label shows dst before ⇒ after; kube-proxy’s hops are rungs of its chain ladder', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  const graph = page.getByTestId('graph');
  const service = graph.getByTestId('node-svc:default/random-generator');
  const slice = graph.locator('[data-testid^="node-slice:default/random-generator-"]');
  const endpoints = graph.getByTestId('node-ep:default/random-generator');
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible();
  await graph.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Home');
  const hops = page.getByTestId('hops').locator('li');
  const total = await hops.count();
  let sawService = false;
  let sawDnat = false;
  let sawLadder = false;
  for (let step = 0; step < total; step++) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('packet')).toHaveAttribute('data-step', String(step));
    const text = (await hops.nth(step).textContent()) ?? '';
    if (/KUBE-SERVICES: .* is the cluster IP of default\/random-generator/.test(text)) {
      // The Service's rule decides this hop: the Service is lit, its EndpointSlice not yet.
      await expect(service).toHaveClass(/\blit\b/);
      await expect(slice).not.toHaveClass(/\blit\b/);
      sawService = true;
    }
    if (/rewrites the destination/.test(text)) {
      const [, before, after] = /rewrites the destination (\S+) to (\S+?),/.exec(text) ?? [];
      await expect(service).toHaveClass(/\blit\b/);
      await expect(slice).toHaveClass(/\blit\b/);
      await expect(endpoints).not.toHaveClass(/\blit\b/);
      await expect(slice.locator('.gnode-line.picked')).toHaveText(`${after ?? ''} ready`);
      await expect(page.getByTestId('packet-nat')).toHaveText(`DNAT dst ${before} ⇒ ${after}`);
      sawDnat = true;
    }
    // Inside kube-proxy the hops are rungs of its chain ladder; the one on screen is current.
    const chain = /(KUBE-[A-Z0-9-]+):\s/.exec(text)?.[1];
    if (chain && /kube-proxy/.test(text)) {
      await expect(page.getByTestId('chain-ladder').locator('[aria-current="step"]')).toContainText(chain);
      sawLadder = true;
    }
  }
  expect(sawService && sawDnat && sawLadder).toBe(true);
  // At the pod, the ladder is gone.
  await expect(page.getByTestId('chain-ladder')).toHaveCount(0);
  // At the pod, nothing of the Service is lit any more.
  await expect(service).not.toHaveClass(/\blit\b/);
});

test('pod names keep the suffix that tells replicas apart', async ({ page }) => {
  await page.goto('/');
  // Three replicas and the client pod.
  await expect(page.getByTestId('graph').locator('[data-type="pod"]')).toHaveCount(4);
  const titles = await page.getByTestId('graph').locator('[data-type="pod"] .gnode-title').allTextContents();
  const replicas = titles.filter((t) => t.startsWith('random-g'));
  expect(replicas).toHaveLength(3);
  for (const title of replicas) expect(title).toMatch(/-[a-z0-9]{5}$/);
  expect(new Set(replicas).size).toBe(3);
});

test('edges and the request’s trail go around the elements, not through them', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('ingress-fanout');
  const graph = page.getByTestId('graph');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible();
  await graph.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  // Every sampled point of every edge and of the trail, on screen, against every element's box
  // (not the node boxes, which edges enter): points near an edge's own ends are its handles.
  const crossings = await graph.evaluate((pane) => {
    const elements = [...pane.querySelectorAll('.react-flow__node-element')].map((n) => n.getBoundingClientRect());
    const found: string[] = [];
    const lines = [...pane.querySelectorAll<SVGGeometryElement>('.react-flow__edge-path, .trail polyline')];
    for (const line of lines) {
      const matrix = line.getScreenCTM();
      if (!matrix) continue;
      const total = line.getTotalLength();
      const at = (d: number) => new DOMPoint(line.getPointAtLength(d).x, line.getPointAtLength(d).y).matrixTransform(matrix);
      const ends = [at(0), at(total)];
      for (let d = 0; d <= total; d += 4) {
        const p = at(d);
        const inside = elements.filter((r) => p.x > r.left + 2 && p.x < r.right - 2 && p.y > r.top + 2 && p.y < r.bottom - 2);
        // A line may start or end inside the element it leaves or reaches (the trail's anchors are on them).
        const own = inside.filter((r) =>
          ends.some((e) => e.x >= r.left - 1 && e.x <= r.right + 1 && e.y >= r.top - 1 && e.y <= r.bottom + 1),
        );
        if (inside.length > own.length)
          found.push(`${line.classList.contains('react-flow__edge-path') ? 'edge' : 'trail'} at ${Math.round(p.x)},${Math.round(p.y)}`);
      }
    }
    return { lines: lines.length, found: [...new Set(found)].slice(0, 10) };
  });
  expect(crossings.lines).toBeGreaterThan(10);
  expect(crossings.found).toEqual([]);
});

test('presenting an Ingress path: when the followed view leaves out the Ingress whose rule matched, a chip at the edge names it and brings it into view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('ingress-fanout');
  await expect(page.getByTestId('graph')).toHaveAttribute('data-settled', 'true');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('packet')).toBeAttached();
  await page.keyboard.press('Home');
  const caption = page.getByTestId('embed-caption');
  for (let i = 0; i < 20 && !/reads GET/.test((await caption.textContent()) ?? ''); i++) await page.keyboard.press('ArrowRight');
  await expect(caption).toContainText('reads GET');
  const ingress = page.getByTestId('node-ing:default/random-generator');
  const chip = page.getByTestId('offscreen-lit').getByRole('button', { name: /random-generator \(Ingress/ });
  await expect(chip).toBeVisible();
  await chip.click();
  await expect(ingress).toBeInViewport({ ratio: 0.9 });
  await expect(ingress).toHaveClass(/\blit\b/);
});
