import { expect, test } from '@playwright/test';
import { editorAtEnd, paste, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

test('the graph of seed example 13-1 shows first, then the editor; a typed Service appears in the graph', async ({ page }, testInfo) => {
  // Monaco's chunk is held back until the graph is on screen: the graph must not wait for it.
  let releaseMonaco = () => undefined as void;
  const monacoHeld = new Promise<void>((resolve) => (releaseMonaco = resolve));
  let monacoRequested = false;
  await page.route(/\/assets\/MonacoEditor-[^/]+\.js$/, async (route) => {
    monacoRequested = true;
    await monacoHeld;
    await route.continue();
  });
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const service = graph.getByTestId('node-svc:default/random-generator');
  await expect(service).toContainText(/clusterIP 10\.(9[6-9]|10\d|11[01])\.\d+\.\d+/);
  await expect(service).toContainText('80→8080/TCP');
  // Three replicas and the client pod the first request comes from.
  await expect(graph.locator('[data-type="pod"]')).toHaveCount(4);
  await expect(graph.getByTestId('node-pod:default/client')).toBeVisible();
  await expect(page.getByTestId('request-from').locator('option:checked')).toHaveText('pod client');
  await expect(graph.getByTestId('node-ep:default/random-generator')).toContainText(/10\.244\.\d+\.\d+:8080/);
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await expect(page.getByTestId('monaco-editor')).toHaveCount(0);
  // Only once the graph is painted does the app ask for the editor (lazy-loaded).
  await expect.poll(() => monacoRequested).toBe(true);
  releaseMonaco();

  await editorAtEnd(page);
  await paste(
    page,
    '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed-svc\nspec:\n  type: NodePort\n  selector:\n    app: random-generator\n  ports:\n  - port: 8080\n',
  );
  const typed = graph.getByTestId('node-svc:default/typed-svc');
  await expect(typed).toContainText('Service · NodePort');
  await expect(typed).toContainText(/8080:3\d{4}→8080\/TCP/);
  await testInfo.attach('typed-service', { body: await page.screenshot(), contentType: 'image/png' });
});

test('an invalid port gets a marker at its line, the problem list, and the last good graph stays (dimmed)', async ({ page }, testInfo) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  await expect(graph.getByTestId('node-svc:default/random-generator')).toBeVisible();
  const editor = await editorAtEnd(page);
  // Line 9 is `- port: 80`: select its value and replace it.
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('0');
  await expect(page.getByTestId('problem-count')).toHaveText(/1 error/);
  await expect(page.getByTestId('diagnostics')).toContainText(
    'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
  );
  await expect(page.getByTestId('diagnostics')).toContainText('error 9:');
  await expect(editor.locator('.squiggly-error')).toHaveCount(1);
  await expect(graph).toHaveAttribute('data-stale', 'true');
  await expect(graph.getByTestId('node-svc:default/random-generator')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'showing the last good cluster' })).toBeVisible();
  await testInfo.attach('invalid-port', { body: await page.screenshot(), contentType: 'image/png' });

  // Undo (Monaco's) brings the valid text and a fresh graph back.
  await page.keyboard.press('ControlOrMeta+Z');
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await expect(graph).toHaveAttribute('data-stale', 'false');
});

test('a request from a pod to the Service by name reaches a pod with its labels, hop by hop', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  await expect(page.getByTestId('request-to')).toHaveValue(/random-generator/);
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  const hops = page.getByTestId('hops');
  await expect(hops.locator('li').first()).toContainText('DNS');
  await expect(hops).toContainText('KUBE-SVC-');
  const packet = page.getByTestId('packet');
  await expect(packet.locator('.packet-label')).toBeVisible();
  // Step through to the end with the keyboard.
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('outcome')).toContainText(
    /✓ reached pod random-generator-[a-z0-9]+-[a-z0-9]{5} \(10\.244\.\d+\.\d+:8080 on node-\d\) · app=random-generator/,
  );
  await expect(packet).toContainText(/→ 10\.244\.\d+\.\d+:8080/);
  await expect(page.locator('.gnode.active[data-type="pod"]')).toHaveCount(1);
  // The README's picture: seed example 13-1 with a request traced to a pod (no motion blur).
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.screenshot({ path: 'docs/screenshot.png' });
  await testInfo.attach('request-reached-pod', { body: await page.screenshot(), contentType: 'image/png' });

  // A ClusterIP is virtual: a ping to it fails where kube-proxy has no rule for ICMP.
  const ip = (await page.getByTestId('node-svc:default/random-generator').innerText())?.match(/clusterIP (\S+)/)?.[1];
  await page.getByTestId('request-to').fill(`ping ${ip}`);
  await page.getByTestId('send').click();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('outcome')).toContainText(`✗ ping ${ip}: 100% packet loss — a ClusterIP is a virtual IP`);

  // Many requests spread over the three pods.
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send-many').click();
  await expect(page.getByTestId('spread')).toContainText('100 new connections');
  await expect(page.locator('[data-testid^="count-pod:default/random-generator-"]')).toHaveCount(3);
  // The client pod sends; it is no backend of the Service.
  await expect(page.getByTestId('count-pod:default/client')).toHaveText('0');
});

test('names with markup render as text', async ({ page }) => {
  await page.goto('/');
  await editorAtEnd(page);
  await paste(
    page,
    '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\nspec:\n  ports: [{port: 80}]\n',
  );
  await expect(page.getByTestId('diagnostics')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img')).toHaveCount(0);
});

test('selecting in the graph highlights the YAML, and the cursor in the YAML selects in the graph', async ({ page }) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const service = graph.getByTestId('node-svc:default/random-generator');
  await expect(service).toBeVisible();
  const editor = await editorAtEnd(page);
  await service.click();
  await expect(service).toHaveClass(/selected/);
  // The Service is the first document: lines 1-11 get the selection background.
  await expect(editor.locator('.view-overlays .yaml-selected')).toHaveCount(11);
  // Put the cursor inside the Deployment (line 20): its pods are selected in the graph.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 19; i++) await page.keyboard.press('ArrowDown');
  await expect(graph.locator('.gnode.selected')).toHaveAttribute('data-type', 'pod');
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await expect(graph.locator('.gnode.selected')).toHaveAttribute('data-testid', 'node-svc:default/random-generator');
});

test('the editor completes fields from the Kubernetes schemas of the simulated kinds', async ({ page }) => {
  await page.goto('/');
  const editor = await editorAtEnd(page);
  // Line 5 is `spec:` of the Service: a new key under it.
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  // Whatever indentation Monaco inserted (its YAML rules may still be loading), write our own.
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('  sessionAff');
  const suggestions = editor.locator('.suggest-widget .monaco-list-row');
  // The schema arrives from the engine worker after the editor: ask again until it is there.
  await expect(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await expect(suggestions.first()).toContainText('sessionAffinity', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
});
