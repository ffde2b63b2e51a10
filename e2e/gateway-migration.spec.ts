/**
 * Migrating from Ingress to the Gateway API (issue 17): the guided migration of example 13-9 step
 * by step, the "Migrate to Gateway API" view sending the same request through both paths, and a
 * route the Gateway does not accept, marked with its reason on the graph and in Problems.
 */
import { expect as baseExpect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { documentYaml, outcome, startFresh } from './support';

/** Each step builds a cluster (and the view a second one) in the worker: on a loaded machine that takes seconds. */
const expect = baseExpect.configure({ timeout: 30_000 });

test.beforeEach(async ({ page }) => {
  test.setTimeout(180_000);
  await startFresh(page);
});

const ROUTE = 'node-httproute:default/random-generator-all-hosts';
const GATEWAY = 'node-gw:default/nginx';

async function openScenario(page: Page, id: string) {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption(id);
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
}

async function next(page: Page, step: number, total: number) {
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText(`${step}/${total}`);
}

/** The Problems list, unfolded. */
async function problems(page: Page) {
  const details = page.locator('details.problems');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return page.getByTestId('diagnostics');
}

test('the guided migration of 13-9: the Ingress, the Gateway answering alike, an annotation with no equivalent, a route not accepted', async ({
  page,
}) => {
  await openScenario(page, 'gateway-migration-fanout');
  const graph = page.getByTestId('graph');

  // 1. Through the Ingress.
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 1 warning');
  let result = await outcome(page);
  expect(result).toMatch(/^✓/);
  expect(result).toContain('cluster-status');

  // 2. The converted Gateway and HTTPRoute, written into the YAML, answer the same request alike.
  await next(page, 2, 4);
  await expect(graph.getByTestId(GATEWAY)).toBeVisible();
  await expect(graph.getByTestId(ROUTE)).toBeVisible();
  await expect(graph.getByTestId(ROUTE)).not.toContainText('✗');
  result = await outcome(page);
  expect(result).toMatch(/^✓/);
  expect(result).toContain('cluster-status');
  await expect(page.getByTestId('hops')).toContainText('random-generator-all-hosts');

  // 3. limit-rps: the migration view (G) lists it as having no equivalent; Escape closes the view.
  await next(page, 3, 4);
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  const view = page.getByTestId('migration-dialog');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('migration-unconverted')).toContainText('nginx.ingress.kubernetes.io/limit-rps: 5');
  await expect(view.getByTestId('migration-unconverted')).toContainText('no Gateway API equivalent');
  await expect(view.getByTestId('ingress-nginx-retired')).toContainText('2025-11-11');
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  expect(await outcome(page)).toMatch(/^✓.*random-generator/);

  // 4. The route names a listener the Gateway lacks: red with its reason on the graph, in Problems at its parentRef.
  await next(page, 4, 4);
  await expect(graph.getByTestId(ROUTE)).toContainText('✗ NoMatchingParent · nginx/https');
  const list = await problems(page);
  const line = list.locator('li', { hasText: 'NoMatchingParent' });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('HTTPRoute "random-generator-all-hosts"');
  const yaml = (await documentYaml(page)) ?? '';
  const lines = yaml.split('\n');
  const parentRef = lines.findIndex((l, i) => i > lines.indexOf('kind: HTTPRoute') && l === '    - name: nginx') + 1;
  await expect(line.locator('.where')).toHaveText(new RegExp(`^warning ${parentRef}:`));
  result = await outcome(page);
  expect(result).toMatch(/^✗.*404/);
});

test('the migration view on 13-9: the Ingress and its Gateway API version, the same request through both, Apply undone', async ({
  page,
}) => {
  await openScenario(page, 'ingress-fanout');
  await expect(page.getByTestId('request-to')).toHaveValue('http://203.0.113.250/');
  await page.getByTestId('open-migration').click();
  const view = page.getByTestId('migration-dialog');
  await expect(view.getByTestId('migration-ingress-yaml')).toContainText('nginx.ingress.kubernetes.io/rewrite-target: /');
  await expect(view.getByTestId('migration-gateway-yaml')).toContainText('kind: HTTPRoute');
  await expect(view.getByTestId('migration-gateway-yaml')).toContainText('type: URLRewrite');
  // The request bar's request is the view's first one; another is typed in the view.
  await expect(view.getByTestId('migration-target')).toHaveValue('http://203.0.113.250/');
  await view.getByTestId('migration-target').fill('http://203.0.113.250/cluster-status/info');
  await view.getByTestId('migration-target').press('Enter');
  const outcomes = view.getByTestId('migration-outcomes');
  await expect(outcomes).toBeVisible();
  await expect(view.getByTestId('migration-ingress-Answer')).toHaveText('HTTP 200 OK');
  await expect(view.getByTestId('migration-gateway-Answer')).toHaveText('HTTP 200 OK');
  await expect(view.getByTestId('migration-gateway-Sent to')).toHaveText('http://203.0.113.10/cluster-status/info');
  await expect(view.getByTestId('migration-ingress-Backend')).toHaveText('Deployment cluster-status');
  await expect(view.getByTestId('migration-gateway-Backend')).toHaveText('Deployment cluster-status');
  await expect(view.getByTestId('migration-gateway-Path at the backend')).toHaveText('/');
  await expect(view.getByTestId('migration-verdict')).toHaveText('same answer, backend and path');
  await expect(view.getByTestId('migration-differs')).toHaveCount(0);

  // Apply the Gateway version: the YAML gets the Gateway and the route, the Ingress stays; ↶ takes it back.
  await view.getByTestId('migration-apply').click();
  await expect(view.getByTestId('migration-apply')).toHaveText('The Gateway version is applied');
  await expect(view.getByTestId('migration-apply')).toBeDisabled();
  await view.getByTestId('migration-close').click();
  await expect(view).toHaveCount(0);
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId(ROUTE)).toBeVisible();
  await expect(graph.getByTestId('node-ing:default/random-generator')).toBeVisible();
  await page.getByTestId('undo-action').click();
  await expect(graph.getByTestId(ROUTE)).toHaveCount(0);
});

test("the migration view on 13-8, from the Ingress's What if… menu: the targetPort ingress-nginx accepts answers 500 through the Gateway, the differences marked", async ({
  page,
}) => {
  await openScenario(page, 'ingress-default-backend');
  // The Ingress's What if… menu leads there too, and its inspector says ingress-nginx is retired.
  const ingress = page.getByTestId('graph').getByTestId('node-ing:default/random-generator');
  await ingress.click();
  await page.getByTestId('tab-inspector').click();
  await expect(page.getByTestId('ingress-nginx-retired')).toContainText('SIG Network and the Security Response Committee');
  await ingress.click({ button: 'right', position: { x: 20, y: 10 } });
  await page.getByTestId('what-if-migrate-to-gateway').click();
  const view = page.getByTestId('migration-dialog');
  await expect(view.getByTestId('migration-warnings')).toContainText('targetPort');
  await view.getByTestId('migration-send').click();
  await expect(view.getByTestId('migration-ingress-Answer')).toHaveText('HTTP 200 OK');
  await expect(view.getByTestId('migration-gateway-Answer')).toHaveText('HTTP 500 Internal Server Error');
  await expect(view.getByTestId('migration-verdict')).toHaveText('3 differences (marked ≠)');
  await expect(view.getByTestId('migration-differs').first()).toContainText('≠ Answer');
  await expect(view.getByTestId('migration-gateway-Why it failed')).toContainText('BackendNotFound');
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
});
