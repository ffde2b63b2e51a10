/**
 * What-if actions beyond the four journeys of e2e/what-if.spec.ts: node failure, pod deletion,
 * taking a Service's selector away and giving it back — each undone — plus the editor's own
 * Ctrl+Z on a what-if YAML edit, undo after a reload, the Ingress inspector's matched rule and
 * scrubbing the timeline.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { editorAtEnd, outcome, replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const SERVICE = 'node-svc:default/random-generator';
const ENDPOINTS = 'node-ep:default/random-generator';

async function whatIf(page: Page, element: string, action: string) {
  await page
    .getByTestId('graph')
    .getByTestId(`node-${element}`)
    .click({ button: 'right', position: { x: 20, y: 10 } });
  await page.getByTestId(`what-if-${action}`).click();
}

/** Pod element ids with their IPs, as the graph shows them. */
/** The Deployment's replicas on the graph (the default document also has its client pod). */
const REPLICAS = '[data-type="pod"][data-testid^="node-pod:default/random-generator-"]';

async function podsWithIps(page: Page): Promise<{ id: string; ip: string }[]> {
  return page
    .getByTestId('graph')
    .locator(REPLICAS)
    .evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-testid')?.replace('node-', '') ?? '',
        ip: e.textContent?.match(/10\.244\.\d+\.\d+/)?.[0] ?? '',
      })),
    );
}

test('a node failure takes its pods out of the endpoints; deleting a pod gets a replacement from the ReplicaSet; ↶ undoes both', async ({
  page,
}) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const before = await podsWithIps(page);
  expect(before).toHaveLength(3);
  // node-1 has the first /24 of the pod CIDR (10.244.0.0/24).
  const onNode1 = before.filter((p) => p.ip.startsWith('10.244.0.'));
  expect(onNode1.length).toBeGreaterThan(0);

  await whatIf(page, 'node:node-1', 'node-fail');
  await expect(graph.getByTestId('node-node:node-1')).toContainText('Node · NotReady');
  // The node lifecycle controller marks its pods Ready=False; the endpoints controller moves them to notReadyAddresses.
  for (const p of onNode1) await expect(graph.getByTestId(ENDPOINTS)).toContainText(`${p.ip}:8080 (not ready)`);
  for (const p of before.filter((q) => !onNode1.includes(q)))
    await expect(graph.getByTestId(ENDPOINTS)).not.toContainText(`${p.ip}:8080 (not ready)`);

  const victim = before[before.length - 1]?.id ?? '';
  await graph.getByTestId(`node-${victim}`).click();
  await page.getByTestId('tab-inspector').click();
  await page.getByTestId('action-delete').click();
  // The ReplicaSet keeps 3 replicas: a new pod with a new name replaces the deleted one.
  await expect(graph.getByTestId(`node-${victim}`)).toHaveCount(0);
  await expect(graph.locator(REPLICAS)).toHaveCount(3);

  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(`node-${victim}`)).toBeVisible();
  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId('node-node:node-1')).not.toContainText('NotReady');
  await expect(graph.getByTestId(ENDPOINTS)).not.toContainText('(not ready)');
  await expect(page.getByTestId('undo-action')).toBeDisabled();
  // ↷ redoes them in order.
  await page.getByTestId('redo-action').click();
  await expect(graph.getByTestId('node-node:node-1')).toContainText('Node · NotReady');
});

test('taking the selector away keeps the ClusterIP and writes manual Endpoints; giving it back; both undone', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const service = graph.getByTestId(SERVICE);
  await expect(service).toBeVisible();
  const clusterIp = (await service.innerText()).match(/clusterIP (\S+)/)?.[1] ?? '';
  expect(clusterIp).toMatch(/^10\./);
  const ips = (await podsWithIps(page)).map((p) => p.ip);

  await whatIf(page, 'svc:default/random-generator', 'remove-selector');
  // The edit is written into the YAML once the what-if's code has loaded (a chunk of its own):
  // on a loaded machine that can come after the keys below, and moves the editor's view.
  await expect(service).not.toContainText('selector app=');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  const editor = await editorAtEnd(page);
  // Once in four full runs loaded by another, the view was at the end after Ctrl+Home (cause not
  // found: the edit had been written and simulated). The key is pressed again until the top shows.
  await expect(async () => {
    await page.keyboard.press('ControlOrMeta+Home');
    await expect(editor.locator('.view-lines')).toContainText(`clusterIP: ${clusterIp}`, { timeout: 3000 });
  }).toPass();
  // Without a selector the endpoints controller leaves the Endpoints alone: the written object holds the same pod IPs.
  await page.getByTestId('graph').getByTestId(SERVICE).click();
  await page.getByTestId('tab-inspector').click();
  const describe = page.getByTestId('kubectl-describe');
  await expect(describe).toContainText(/Selector:\s+<none>/);
  await expect(describe).toContainText(`IP:                ${clusterIp}`);
  for (const ip of ips) await expect(describe).toContainText(`${ip}:8080`);

  await page.getByTestId('action-restore-selector').click();
  await expect(describe).toContainText(/Selector:\s+app=random-generator/);
  await expect(describe).toContainText(`IP:                ${clusterIp}`);

  await page.getByTestId('undo-action').click();
  await expect(describe).toContainText(/Selector:\s+<none>/);
  await page.getByTestId('undo-action').click();
  await expect(describe).toContainText(/Selector:\s+app=random-generator/);
  await expect(editor.locator('.view-lines')).not.toContainText('kind: Endpoints');
});

test('text typed, then a what-if, then ↶: the editor shows the typed text again, not the what-if’s', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const editor = await editorAtEnd(page);
  await page.keyboard.type('\n# typed here');
  await expect(graph).toHaveAttribute('data-settled', 'true');
  await whatIf(page, 'svc:default/random-generator', 'type-NodePort');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · NodePort');
  await expect(editor.locator('.view-lines')).toContainText('type: NodePort');

  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(SERVICE)).not.toContainText('NodePort');
  await expect(editor.locator('.view-lines')).not.toContainText('type: NodePort');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await expect(editor.locator('.view-lines')).toContainText('# typed here');
});

test('Ctrl+Z in the editor takes back a what-if edit of the YAML, Ctrl+Y puts it back', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const editor = await editorAtEnd(page);
  await whatIf(page, 'svc:default/random-generator', 'type-NodePort');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · NodePort');
  await expect(editor.locator('.view-lines')).toContainText('type: NodePort');

  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(editor.locator('.view-lines')).not.toContainText('type: NodePort');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · ClusterIP');
  await page.keyboard.press('ControlOrMeta+Y');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · NodePort');
});

test('what-if actions and their undo survive a reload (autosave)', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const [victim] = await podsWithIps(page);
  await whatIf(page, victim?.id ?? '', 'readiness-fail');
  await expect(graph.getByTestId(ENDPOINTS)).toContainText(`${victim?.ip}:8080 (not ready)`);

  await page.reload();
  await expect(graph.getByTestId(ENDPOINTS)).toContainText(`${victim?.ip}:8080 (not ready)`);
  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(ENDPOINTS)).not.toContainText('(not ready)');
  await expect(graph.getByTestId(`node-${victim?.id}`)).toContainText(' · Ready');
});

test('the Ingress inspector highlights the rule the last request matched', async ({ page }) => {
  await page.goto('/');
  // Seed example 13-9's fanout, in networking.k8s.io/v1.
  await replaceDocument(
    page,
    [
      'apiVersion: v1\nkind: Service\nmetadata: {name: random-generator}\nspec:\n  selector: {app: random-generator}\n  ports: [{port: 8080}]',
      'apiVersion: v1\nkind: Service\nmetadata: {name: cluster-status}\nspec:\n  selector: {app: cluster-status}\n  ports: [{port: 80}]',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: rg, labels: {app: random-generator}}\nspec: {containers: [{name: c, image: k8spatterns/random-generator:1.0}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: cs, labels: {app: cluster-status}}\nspec: {containers: [{name: c, image: k8spatterns/cluster-status:1.0}]}',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: fanout}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: random-generator, port: {number: 8080}}}}\n      - {path: /cluster-status, pathType: Prefix, backend: {service: {name: cluster-status, port: {number: 80}}}}',
    ].join('\n---\n') + '\n',
  );
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId('node-ing:default/fanout')).toBeVisible();
  await page.getByTestId('request-from').selectOption({ label: 'external client 192.0.2.10' });
  await page.getByTestId('request-to').fill('http://203.0.113.250/cluster-status/nodes');
  await page.getByTestId('send').click();
  // The longest matching Prefix wins (Ingress spec, "Multiple matches").
  expect(await outcome(page)).toContain('reached pod cs');
  await graph.getByTestId('node-ing:default/fanout').click();
  await page.getByTestId('tab-inspector').click();
  await expect(page.getByTestId('ingress-matched-row')).toHaveText(/\*\/cluster-statusPrefixcluster-status:80/);
  await expect(page.getByTestId('ingress-last-match')).toContainText('HTTP 200 for Host 203.0.113.250 path /cluster-status/nodes');

  await page.getByTestId('request-to').fill('http://203.0.113.250/random');
  await page.getByTestId('send').click();
  expect(await outcome(page)).toContain('reached pod rg');
  await graph.getByTestId('node-ing:default/fanout').click();
  await page.getByTestId('tab-inspector').click();
  await expect(page.getByTestId('ingress-matched-row')).toHaveText(/\*\/Prefixrandom-generator:8080/);
});

test('scrubbing the timeline lists the events up to that moment and selects the element of the current one', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const [victim] = await podsWithIps(page);
  await whatIf(page, victim?.id ?? '', 'readiness-fail');
  await expect(graph.getByTestId(ENDPOINTS)).toContainText('(not ready)');
  await page.getByTestId('tab-timeline').click();
  const timeline = page.getByTestId('timeline');
  // The newest events: the probe failed, and the endpoints controller moved the pod to notReadyAddresses.
  await expect(timeline.locator('li.current')).toContainText('random-generator');
  await expect(timeline).toContainText(`Unhealthy pod/${victim?.id.replace('pod:default/', '')}`);
  // The current event (the pod left the ready addresses) outlines the Endpoints, its Service and that pod.
  const involved = graph.locator('.react-flow__node.timeline-involved');
  await expect(involved).toHaveCount(3);
  for (const id of [ENDPOINTS, SERVICE, `node-${victim?.id}`]) await expect(involved.getByTestId(id)).toHaveCount(1);

  const scrub = page.getByTestId('timeline-scrub');
  await scrub.focus();
  await page.keyboard.press('Home');
  // The first event: kubeadm's `kubernetes` Service, before any of the document's objects.
  await expect(timeline.locator('li')).toHaveCount(1);
  await expect(timeline.locator('li.current')).toContainText('Created service/kubernetes');
  await page.keyboard.press('ArrowRight');
  await expect(timeline.locator('li')).toHaveCount(2);
  await page.keyboard.press('End');
  // Picking an event moves the scrubber there and selects its object in the graph.
  const all = await timeline.locator('li').count();
  const created = timeline.locator('li', { hasText: 'Created service/random-generator' });
  await created.click();
  await expect(timeline.locator('li.current')).toContainText('Created service/random-generator');
  expect(await timeline.locator('li').count()).toBeLessThan(all);
  await expect(graph.getByTestId(SERVICE)).toHaveClass(/selected/);
  await expect(involved).toHaveCount(1);
  // Leaving the timeline clears the outline.
  await page.getByTestId('tab-trace').click();
  await expect(involved).toHaveCount(0);
});

test('Service type LoadBalancer and headless, sessionAffinity and scale-up each change the graph and the YAML; ↶ restores the graph exactly', async ({
  page,
}) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const service = graph.getByTestId(SERVICE);
  await expect(service).toContainText('Service · ClusterIP');
  const originalService = await service.textContent();
  const podCount = await graph.locator('[data-type="pod"]').count();
  const steps: { element: string; action: string; check: () => Promise<void> }[] = [
    // A LoadBalancer gets an address from the cloud's pool and a node port (README: loadBalancerPool).
    {
      element: 'svc:default/random-generator',
      action: 'type-LoadBalancer',
      check: () => expect(service).toContainText(/Service · LoadBalancer[\s\S]*203\.0\.113\.\d+/),
    },
    { element: 'svc:default/random-generator', action: 'type-Headless', check: () => expect(service).toContainText('clusterIP: None') },
    {
      element: 'svc:default/random-generator',
      action: 'affinity-ClientIP',
      check: () => expect(service).toContainText('sessionAffinity: ClientIP'),
    },
    {
      element: 'svc:default/random-generator',
      action: 'scale-up',
      check: () => expect(graph.locator('[data-type="pod"]')).toHaveCount(podCount + 1),
    },
  ];
  for (const { element, action, check } of steps) {
    // scale-up is offered on a pod of the Deployment.
    const target = action === 'scale-up' ? ((await podsWithIps(page))[0]?.id ?? '') : element;
    await whatIf(page, target, action);
    await check();
    await page.getByTestId('undo-action').click();
    await expect(service).toHaveText(originalService ?? '');
    await expect(graph.locator('[data-type="pod"]')).toHaveCount(podCount);
  }
});
