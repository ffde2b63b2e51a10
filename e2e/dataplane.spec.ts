/**
 * Today's data plane (issue 16) as a learner walks it: zone-local routing, a rollout's terminating
 * endpoints and kube-proxy's two modes, through the guided scenarios of
 * src/scenarios/builtin/dataplane.ts and the node's proxy-mode what-if.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { outcome as outcomeLine, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));
// A new cluster per step (and per proxy mode) on a machine shared with other work: give it time.
test.describe.configure({ timeout: 120_000 });

/** The request's outcome, once the step's cluster is simulated and its request traced. */
async function outcome(page: Page): Promise<string> {
  await page.getByTestId('tab-trace').click();
  await expect(page.getByTestId('hops').locator('li').first()).toBeVisible({ timeout: 30_000 });
  return outcomeLine(page);
}

async function openScenario(page: Page, id: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption(id);
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
}

async function nextStep(page: Page, step: number): Promise<void> {
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText(new RegExp(`^${step}/`));
}

/** Selects an element of the graph and shows its inspector. */
async function inspect(page: Page, element: string): Promise<void> {
  await page
    .getByTestId('graph')
    .getByTestId(`node-${element}`)
    .click({ position: { x: 20, y: 10 } });
  await page.getByTestId('tab-inspector').click();
}

// pkg/proxy/topology.go (topologyModeFromHints), KEP-4444 trafficDistribution, KEP-3015 PreferSameZone.
test('zone-local routing: the client in zone-a reaches the zone-a pod, and every zone once zone-a has none', async ({ page }) => {
  await openScenario(page, 'zone-local');
  expect(await outcome(page)).toMatch(/^✓ reached pod web-a \(10\.244\.\d+\.\d+:8080 on node-2\)/);
  const hops = page.getByTestId('hops');
  await expect(hops).toContainText('Pod default/client on node-1');
  await expect(hops).toContainText("1 of the 3 for zone-a, node-1's zone, so the chain holds only that one");
  // node-2, where web-a runs, is in the client's zone; the slice hints each endpoint for its own zone.
  await inspect(page, 'node:node-2');
  await expect(page.getByTestId('node-zone')).toHaveText('topology.kubernetes.io/zone: zone-a');
  await inspect(page, 'node:node-1');
  await expect(page.getByTestId('node-zone')).toHaveText('topology.kubernetes.io/zone: zone-a');
  await inspect(page, 'svc:default/web');
  const slices = page.getByTestId('endpoint-slices');
  await expect(slices).toContainText('managed by endpointslice-controller.k8s.io');
  await expect(slices).toContainText(/10\.244\.\d+\.\d+ web-a · zone-a · hint zone-a/);
  await expect(slices).toContainText(/10\.244\.\d+\.\d+ web-b1 · zone-b · hint zone-b/);

  await nextStep(page, 2);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-b[12] \(10\.244\.\d+\.\d+:8080 on node-[34]\)/);
  await expect(hops).toContainText("Topology hints are ignored: no ready endpoint is hinted for zone-a, node-1's zone");
});

// KEP-1669: a terminating endpoint that still serves is used only when the node has no ready one.
test('terminating endpoints: web-1 serves only at the fallback step, when node-1 has no ready pod', async ({ page }) => {
  await openScenario(page, 'terminating-endpoints');
  const hops = page.getByTestId('hops');
  expect(await outcome(page)).toMatch(/^✓ reached pod web-[12] .* on node-1\) · app=web · sees the client as 198\.51\.100\.77/);
  await expect(hops).not.toContainText('Terminating');

  await nextStep(page, 2);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-2 .* on node-1\)/);
  await expect(hops).toContainText(/Terminating web-1 \(10\.244\.\d+\.\d+:8080\) on node-1 is left out/);
  await inspect(page, 'svc:default/web');
  await expect(page.getByTestId('endpoint-slices')).toContainText(/web-1 \(terminating, serving\)/);

  await nextStep(page, 3);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-1 .* on node-1\) · app=web · sees the client as 198\.51\.100\.77/);
  await expect(hops).toContainText('It is Terminating but still serving: node-1 has no ready local endpoint');

  await nextStep(page, 4);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-3 .* on node-2\)/);
  await expect(hops).toContainText(/Terminating web-1 .* is left out while other endpoints are ready/);
  await expect(hops).not.toContainText('still serving');
});

// pkg/proxy/nftables/proxier.go: servicePortChainName "service-<hash>-<ns>/<name>/<proto>/<port name>".
test('kube-proxy modes: a step and the what-if switch the node’s ruleset and the trace between KUBE-SVC and nftables chains', async ({
  page,
}) => {
  await openScenario(page, 'nftables-mode');
  const hops = page.getByTestId('hops');
  const rules = page.getByTestId('iptables');
  expect(await outcome(page)).toMatch(/^✓ reached pod web-1/);
  await expect(hops).toContainText(/KUBE-SVC-[A-Z0-9]{16}/);
  await inspect(page, 'node:node-1');
  await expect(rules).toHaveAttribute('data-mode', 'iptables');
  await expect(rules).toContainText('*nat');

  // Step 2: localhost NodePorts answer in iptables mode.
  await nextStep(page, 2);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-1/);
  await expect(hops).toContainText('-d 127.0.0.0/8 --dport 30080');

  // Step 3 sets proxyMode nftables: a new cluster, the same request through other chains.
  await nextStep(page, 3);
  expect(await outcome(page)).toMatch(/^✓ reached pod web-1/);
  await expect(hops).toContainText(/service-[A-Z0-9]{8}-default\/web\/tcp\//);
  await expect(hops).not.toContainText('KUBE-SVC-');
  await inspect(page, 'node:node-1');
  await expect(rules).toHaveAttribute('data-mode', 'nftables');
  await expect(rules).toContainText('table ip kube-proxy');
  await expect(page.getByTestId('node-inspector-command')).toContainText('nft list table ip kube-proxy');

  // Step 4: no NodePorts on localhost in nftables mode.
  await nextStep(page, 4);
  expect(await outcome(page)).toMatch(
    /^✗ connection refused: .*kube-proxy runs in nftables mode, which does not support localhost NodePorts/,
  );

  // The node's what-if puts kube-proxy back in iptables mode: the same request answers again.
  await inspect(page, 'node:node-1');
  await page.getByTestId('action-proxy-iptables').click();
  await expect(rules).toHaveAttribute('data-mode', 'iptables');
  await expect(rules).toContainText('KUBE-NODEPORTS');
  await page.getByTestId('send').click();
  expect(await outcome(page)).toMatch(/^✓ reached pod web-1/);
  await expect(hops).toContainText('KUBE-NODEPORTS');
});
