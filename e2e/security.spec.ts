/**
 * Security in the built app (vite preview): the Content-Security-Policy holds with zero
 * violations while the app loads, Monaco and its workers start, the engine worker simulates an
 * edit and a request is sent; markup typed into names, labels, annotations, Ingress paths and the
 * request URL is shown as text in the problems list, the graph, the inspector and the trace.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { paste, replaceDocument } from './support';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

declare global {
  interface Window {
    cspViolations: Violation[];
    xss?: number;
  }
}

/**
 * Records every securitypolicyviolation the page reports, the console's "Refused to …" CSP errors
 * and any alert/confirm/prompt (only injected script would open one: the app never does).
 */
async function watchCsp(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    localStorage.clear();
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) consoleErrors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    consoleErrors.push(`${dialog.type()} dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return consoleErrors;
}

async function editorReady(page: Page) {
  const editor = page.getByTestId('monaco-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  await editor.locator('.view-lines').click();
  return editor;
}

/** An attribute only injected markup could create; any element carrying it means HTML was interpreted. */
const MARK = 'data-xss';
const markup = (what: string) => `<b ${MARK}>${what}</b><img src=x onerror=window.xss=1>`;

const DOCUMENT = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    note: '${markup('annotation')}'
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: markup}
spec:
  rules:
  - http:
      paths:
      - path: '/${markup('path')}'
        pathType: ImplementationSpecific
        backend: {service: {name: web, port: {number: 80}}}
`;

async function expectNoInjectedMarkup(page: Page) {
  await expect(page.locator(`[${MARK}]`)).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => window.xss)).toBeUndefined();
}

test('the built page carries a strict CSP, and loading, editing and sending cause zero violations', async ({ page }) => {
  const consoleErrors = await watchCsp(page);
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("object-src 'none'");
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  // Monaco, its editor worker and the YAML language worker (schema checks come from it).
  await editorReady(page);
  await page.keyboard.press('ControlOrMeta+End');
  await paste(page, '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed\nspec:\n  ports: [{port: 7000}]\n');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('0'); // a keystroke: port 70000
  await expect(page.getByTestId('diagnostics')).toContainText('must be between 1 and 65535');
  await page.keyboard.press('ControlOrMeta+Z');
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('hops')).toContainText('KUBE-SVC-');
  // Let the packet animate a moment, then step to the end as app.spec.ts does.
  await expect(page.getByTestId('packet')).toHaveAttribute('data-step', /^[1-9]/);
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('outcome')).toContainText('✓ reached pod');
  // PNG and SVG export (drawn from the graph as vector shapes, the request's path on it).
  for (const format of ['png', 'svg']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^svcscope-cluster-hop-\\d+\\.${format}$`));
  }
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(consoleErrors).toEqual([]);

  // The policy is enforced and the watcher sees it: an injected inline script does not run and is reported.
  const inlineRan = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.xss = 2';
    document.head.append(script);
    return window.xss;
  });
  expect(inlineRan).toBeUndefined();
  await expect.poll(() => page.evaluate(() => window.cspViolations.map((v) => v.directive))).toEqual(['script-src-elem']);
});

test('markup in names, labels, annotations, Ingress paths and the request renders as text everywhere', async ({ page }) => {
  const consoleErrors = await watchCsp(page);
  await page.goto('/');
  await editorReady(page);
  await replaceDocument(page, DOCUMENT);
  const graph = page.getByTestId('graph');

  // The graph: the Ingress node lists its path, markup and all, as text: on its line as far as
  // the box is wide (the line is cut to fit), whole in the box's tooltip.
  const ingress = graph.getByTestId('node-ing:default/markup');
  await expect(ingress.locator('.gnode-line').first()).toContainText('*/<b data-xss>path</b><img');
  expect(await ingress.getAttribute('title')).toContain(markup('path'));
  await expectNoInjectedMarkup(page);

  // The inspector: the Ingress's rules table shows the path as typed.
  await ingress.click();
  await page.getByTestId('tab-inspector').click();
  await expect(page.getByTestId('ingress-rules')).toContainText(markup('path'));
  await expectNoInjectedMarkup(page);

  // The trace: a request whose path is markup, through the ingress controller.
  await page.getByTestId('request-from').selectOption({ index: 0 });
  await page.getByTestId('request-to').fill(`http://203.0.113.250/${markup('request')}`);
  await page.getByTestId('send').click();
  await page.getByTestId('tab-trace').click();
  await expect(page.getByTestId('hops')).toContainText(markup('request'));
  await expectNoInjectedMarkup(page);

  // The problems list: a name and a label value that are markup are refused by validation, shown as text.
  await editorReady(page);
  await page.keyboard.press('ControlOrMeta+End');
  await paste(
    page,
    `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: '${markup('name')}'\n  labels: {app: '${markup('label')}'}\nspec:\n  ports: [{port: 80}]\n`,
  );
  const problems = page.getByTestId('diagnostics');
  await expect(problems).toContainText(markup('name'));
  await expect(problems).toContainText(markup('label'));
  await expectNoInjectedMarkup(page);

  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a built-in scenario, its share link and the embed view (autoplay) cause zero violations', async ({ page }) => {
  const consoleErrors = await watchCsp(page);
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  await page.getByTestId('share').click();
  await page.getByTestId('share-tab-embed').click();
  await expect(page.getByTestId('embed-snippet')).toHaveValue(/embed=1/);
  const src = (await page.getByTestId('embed-snippet').inputValue()).match(/src="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
  expect(src).toContain('embed=1');
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);

  // The embed page on its own (a new document: the watcher starts again), animating the scenario's request.
  await page.goto(src);
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.getByTestId('packet')).toHaveAttribute('data-step', /^[1-9]/, { timeout: 15_000 });
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
