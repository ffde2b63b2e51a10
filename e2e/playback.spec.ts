/**
 * The request animation's controls as a trainer uses them: play and pause, step back, speed, and a
 * failed request whose packet stops on the element that refused it.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const packetStep = async (page: Page) => Number(await page.getByTestId('packet').getAttribute('data-step'));

/** How many hops the packet moves on its own within `ms`, playing from the start at `speed`. */
async function hopsPlayedIn(page: Page, speed: string, ms: number): Promise<number> {
  const panel = page.getByTestId('trace-panel');
  await panel.getByRole('combobox', { name: 'Animation speed' }).selectOption(speed);
  await panel.getByRole('button', { name: 'Restart' }).click();
  await expect.poll(() => packetStep(page)).toBe(-1);
  await panel.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(ms);
  const step = await packetStep(page);
  await panel.getByRole('button', { name: 'Restart' }).click();
  return step;
}

test('play, pause, step back and speed move the packet as their labels say', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  const panel = page.getByTestId('trace-panel');
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible();
  const hops = await page.getByTestId('hops').locator('li').count();
  expect(hops).toBeGreaterThanOrEqual(4);

  // Sending plays the request: the packet moves by itself, and Pause stops it where it is.
  await expect.poll(() => packetStep(page)).toBeGreaterThanOrEqual(1);
  await panel.getByRole('button', { name: 'Pause' }).click();
  const paused = await packetStep(page);
  await page.waitForTimeout(1500);
  expect(await packetStep(page)).toBe(paused);
  await expect(panel.getByRole('button', { name: 'Play' })).toBeVisible();

  // Step back goes one hop back and shows that hop as the current one.
  await panel.getByRole('button', { name: 'Step back' }).click();
  expect(await packetStep(page)).toBe(paused - 1);
  if (paused - 1 >= 0)
    await expect(
      page
        .getByTestId('hops')
        .locator('li')
        .nth(paused - 1),
    ).toHaveClass(/current/);
  await panel.getByRole('button', { name: 'Step forward' }).click();
  expect(await packetStep(page)).toBe(paused);

  // 900 ms a hop at 1×: in 800 ms, 0.5× (1,800 ms a hop) has not left the origin; 4× (225 ms) has.
  expect(await hopsPlayedIn(page, '0.5', 800)).toBe(-1);
  expect(await hopsPlayedIn(page, '4', 800)).toBeGreaterThanOrEqual(1);

  // End jumps to the last hop (Step forward is then disabled); Play there starts over from the origin.
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  expect(await packetStep(page)).toBe(hops - 1);
  await expect(panel.getByRole('button', { name: 'Step forward' })).toBeDisabled();
  await panel.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => packetStep(page)).toBeLessThan(hops - 1);
});

const NO_ENDPOINTS = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: nobody}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  nodeName: node-2
  containers:
  - name: c
    image: busybox
`;

test('a request to a Service without endpoints stops at kube-proxy on the client’s node, which REJECTs it', async ({ page }) => {
  // No 600 ms glide of the packet: its place is read at once.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await replaceDocument(page, NO_ENDPOINTS);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  await page.getByTestId('request-from').selectOption({ label: 'pod client' });
  await page.getByTestId('request-to').fill('http://web/');
  await page.getByTestId('send').click();
  const hops = page.getByTestId('hops').locator('li');
  await expect(hops.first()).toBeVisible();
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  // kube-proxy's filter table: "has no endpoints" ... -j REJECT (pkg/proxy/iptables/proxier.go).
  await expect(page.getByTestId('outcome')).toContainText('✗');
  await expect(page.getByTestId('outcome')).toContainText(/no (ready )?endpoints?/i);
  await expect(hops.last().locator('.hop-component')).toHaveText('kube-proxy');
  await expect(hops.last().locator('.hop-node')).toHaveText('node-2');
  await expect(hops.last()).toContainText('REJECT');

  // The packet stops there, marked failed, on kube-proxy of node-2 (the only active element).
  const packet = page.getByTestId('packet');
  await expect(packet).toHaveClass(/failed/);
  const active = page.locator('.gnode.active');
  await expect(active).toHaveCount(1);
  await expect(active).toHaveAttribute('data-type', 'kube-proxy');
  await expect(active).toHaveAttribute('data-testid', 'node-kube-proxy:node-2');
  const dot = await packet.locator('.packet-dot').boundingBox();
  const box = await active.boundingBox();
  expect(dot && box).toBeTruthy();
  if (!dot || !box) return;
  const centre = { x: dot.x + dot.width / 2, y: dot.y + dot.height / 2 };
  expect(Math.abs(centre.x - box.x)).toBeLessThan(12);
  expect(centre.y).toBeGreaterThan(box.y);
  expect(centre.y).toBeLessThan(box.y + box.height);
});
