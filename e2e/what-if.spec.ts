import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { outcome, replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const SERVICE = 'node-svc:default/random-generator';

async function whatIf(page: Page, element: string, action: string) {
  await page.getByTestId('graph').getByTestId(`node-${element}`).click({ button: 'right' });
  await page.getByTestId(`what-if-${action}`).click();
}

/** The Deployment's replicas on the graph (the default document also has its client pod). */
const REPLICAS = '[data-type="pod"][data-testid^="node-pod:default/random-generator-"]';

async function pods(page: Page): Promise<string[]> {
  return page
    .getByTestId('graph')
    .locator(REPLICAS)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')?.replace('node-', '') ?? ''));
}

test('a failing readiness probe takes the pod out of the endpoints and out of the traffic; undo brings it back', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  const [victim] = await pods(page);
  const ip = (await graph.getByTestId(`node-${victim}`).textContent())?.match(/10\.244\.\d+\.\d+/)?.[0] ?? '';
  await whatIf(page, victim ?? '', 'readiness-fail');
  // The endpoints controller moves it to notReadyAddresses (endpoints_controller.go).
  await expect(graph.getByTestId('node-ep:default/random-generator')).toContainText(`${ip}:8080 (not ready)`);
  await expect(graph.getByTestId(`node-${victim}`).locator('.gnode-line')).toContainText([/ · NotReady$/, '(ReadinessProbeFailed)']);
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send-many').click();
  await expect(page.getByTestId('spread')).toContainText('100 new connections');
  await expect(graph.getByTestId(`count-${victim}`)).toHaveText('0');
  const others = (await pods(page)).filter((p) => p !== victim);
  const counts = await Promise.all(others.map(async (p) => Number(await graph.getByTestId(`count-${p}`).textContent())));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
  expect(counts.every((c) => c > 20)).toBe(true);

  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId('node-ep:default/random-generator')).not.toContainText('(not ready)');
  await expect(graph.getByTestId(`node-${victim}`)).toContainText('Ready');
});

test('externalTrafficPolicy Local: a NodePort request to a node without a pod is dropped; on the pod’s node the client IP is kept', async ({
  page,
}) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  await whatIf(page, 'svc:default/random-generator', 'type-NodePort');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · NodePort');
  await whatIf(page, 'svc:default/random-generator', 'etp-Local');
  await expect(graph.getByTestId(SERVICE)).toContainText('externalTrafficPolicy: Local');
  // One replica, so two of the three nodes have no local endpoint.
  await whatIf(page, (await pods(page))[0] ?? '', 'scale-down');
  await expect(graph.locator(REPLICAS)).toHaveCount(2);
  await whatIf(page, (await pods(page))[0] ?? '', 'scale-down');
  await expect(graph.locator(REPLICAS)).toHaveCount(1);
  const presets = page.getByTestId('request-presets');
  const labels = await presets.locator('option').allTextContents();
  const nodePortPresets = labels.filter((l) => /NodePort \d+ on node-\d/.test(l));
  expect(nodePortPresets).toHaveLength(3);
  let preserved = 0;
  let dropped = 0;
  for (const label of nodePortPresets) {
    await presets.selectOption({ label });
    await page.getByTestId('send').click();
    const result = await outcome(page);
    const node = label.match(/on (node-\d)/)?.[1];
    if (result.startsWith('✓')) {
      // kube-proxy does not masquerade Local traffic: the pod sees the external client itself.
      expect(result).toContain('sees the client as 192.0.2.10');
      expect(result).toContain(`on ${node}`);
      preserved++;
    } else {
      // No local endpoint: kube-proxy's filter table drops it (KUBE-EXTERNAL-SERVICES ... -j DROP), so the client times out.
      expect(result).toContain(
        `✗ timed out: Service default/random-generator has no ready endpoint on ${node} and its traffic policy is Local, so kube-proxy DROPs traffic to nodePort`,
      );
      dropped++;
    }
  }
  expect({ preserved, dropped }).toEqual({ preserved: 1, dropped: 2 });

  // Spec changes are undoable too: back to Cluster, then back to ClusterIP (the YAML follows).
  await page.getByTestId('undo-action').click();
  await page.getByTestId('undo-action').click();
  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(SERVICE)).not.toContainText('externalTrafficPolicy: Local');
  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · ClusterIP');
});

test('a pod created before its Service has no service env vars until it is restarted', async ({ page }) => {
  await page.goto('/');
  // A Service the cluster has not had yet: the document is applied to the living cluster in
  // document order (kubectl apply), so the pod starts before the Service exists.
  await replaceDocument(
    page,
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: early\n  labels: {app: early}\nspec:\n  containers:\n  - name: c\n    image: busybox\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: later\nspec:\n  selector: {app: early}\n  ports:\n  - port: 80\n',
  );
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId('node-pod:default/early')).toBeVisible();
  await graph.getByTestId('node-pod:default/early').click();
  // Only the `kubernetes` Service's variables: `later` did not exist when `early` started.
  await expect(page.getByTestId('env-empty')).toBeVisible();
  await expect(page.getByTestId('env')).toContainText('KUBERNETES_SERVICE_HOST');
  await expect(page.getByTestId('env')).not.toContainText('LATER_');
  await page.getByTestId('action-restart').click();
  const env = page.getByTestId('env');
  await expect(env).toContainText('LATER_SERVICE_HOST');
  const ip = (await graph.getByTestId('node-svc:default/later').innerText())?.match(/clusterIP (\S+)/)?.[1] ?? '';
  await expect(env.locator('tr', { hasText: 'LATER_SERVICE_HOST' })).toContainText(ip);
  await expect(env.locator('tr', { hasText: /^LATER_SERVICE_PORT/ }).first()).toContainText('80');
  // Undo the restart: the pod runs with the environment it started with, again.
  await page.getByTestId('undo-action').click();
  await expect(page.getByTestId('env-empty')).toBeVisible();
});

test('a DNS query for a headless Service lists every pod, as dig shows it', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  await whatIf(page, 'svc:default/random-generator', 'type-Headless');
  await expect(graph.getByTestId(SERVICE)).toContainText('Service · Headless');
  const podIps = await graph.locator(REPLICAS).evaluateAll((els) => els.map((e) => e.textContent?.match(/10\.244\.\d+\.\d+/)?.[0] ?? ''));
  expect(podIps).toHaveLength(3);
  const [client] = await pods(page);
  await graph.getByTestId(`node-${client}`).click();
  await page.getByTestId('dns-query').fill('random-generator');
  await page.getByTestId('dns-ask').click();
  const answer = page.getByTestId('dns-answer');
  await expect(answer).toContainText('status: NOERROR, ANSWER: 3');
  for (const ip of podIps)
    await expect(answer).toContainText(
      new RegExp(`random-generator\\.default\\.svc\\.cluster\\.local\\.\\s+30\\s+IN\\s+A\\s+${ip.replaceAll('.', '\\.')}`),
    );
});

test('the node inspector shows kube-proxy’s rules with the ones the last request used highlighted', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  const result = await outcome(page);
  expect(result).toMatch(/^✓/);
  const clientNode = (await page.getByTestId('hops').locator('li').first().textContent())?.match(/node-\d/)?.[0] ?? '';
  await graph.getByTestId(`node-node:${clientNode}`).click({ position: { x: 20, y: 10 } });
  const iptables = page.getByTestId('iptables');
  await expect(iptables).toContainText('*nat');
  // The path through the nat table: KUBE-SERVICES -> KUBE-SVC-* (statistic) -> KUBE-SEP-* (DNAT).
  const used = await iptables.locator('.used').allTextContents();
  expect(used.some((l) => l.startsWith('-A KUBE-SERVICES') && l.includes('-j KUBE-SVC-'))).toBe(true);
  expect(used.some((l) => l.startsWith('-A KUBE-SVC-') && l.includes('-j KUBE-SEP-'))).toBe(true);
  expect(used.some((l) => l.startsWith('-A KUBE-SEP-') && l.includes('-j DNAT --to-destination'))).toBe(true);
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline')).toContainText('random-generator');
});

// Issue 16: kube-proxy's nftables mode (GA in 1.33), switched from a node's what-ifs.
test('switching kube-proxy to nftables mode changes the node’s ruleset and the trace; switching back restores iptables', async ({
  page,
}) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(SERVICE)).toBeVisible();
  await graph.getByTestId('node-node:node-1').click({ position: { x: 20, y: 10 } });
  const rules = page.getByTestId('iptables');
  await expect(rules).toHaveAttribute('data-mode', 'iptables');
  await page.getByTestId('action-proxy-nftables').click();
  await expect(rules).toHaveAttribute('data-mode', 'nftables');
  await expect(rules).toContainText('table ip kube-proxy');
  await expect(page.getByTestId('node-inspector-command')).toContainText('nft list table ip kube-proxy');

  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  expect(await outcome(page)).toMatch(/^✓/);
  // The hops name nftables chains (service-<hash>-default/random-generator/tcp/…), not KUBE-SVC-.
  const hops = page.getByTestId('hops');
  await expect(hops).toContainText('default/random-generator/tcp/');
  await expect(hops).not.toContainText('KUBE-SVC-');

  await graph.getByTestId('node-node:node-1').click({ position: { x: 20, y: 10 } });
  await page.getByTestId('action-proxy-iptables').click();
  await expect(rules).toHaveAttribute('data-mode', 'iptables');
  await expect(rules).toContainText('*nat');
});
