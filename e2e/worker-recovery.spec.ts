/**
 * Nothing freezes (issue 14): a document that hangs the engine worker — a Deployment of
 * 3,000,000 replicas, a slip of the keyboard, whose pods the ReplicaSet controller would make one
 * by one for minutes — is noticed, the worker stopped and a new one started with the last good
 * document. The last good picture stays, the user is told, the text is left as typed, and the app
 * goes on working: requests, and the next edit.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { documentYaml, replaceDocument, startFresh } from './support';

test.beforeEach(async ({ page }) => startFresh(page));

const savedYaml = async (page: Page): Promise<string> => (await documentYaml(page)) ?? '';

/** Seed example 13-1 (a Service, its Deployment) and a pod to send from, with `replicas` pods. */
const document = (replicas: string) => `apiVersion: v1
kind: Service
metadata:
  name: random-generator
spec:
  selector:
    app: random-generator
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: random-generator
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: random-generator
  template:
    metadata:
      labels:
        app: random-generator
    spec:
      containers:
      - name: random-generator
        image: k8spatterns/random-generator:1.0
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: curlimages/curl
`;

test('a document that hangs the worker: noticed, the worker restarted, the last good graph kept, the text untouched', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const graph = page.getByTestId('graph');
  const pods = graph.locator('[data-type="pod"]');
  // The seed example first (a first load: slow on a loaded machine), then this document.
  await expect(graph.getByTestId('node-svc:default/random-generator')).toBeVisible({ timeout: 20_000 });
  await replaceDocument(page, document('3'));
  // Three replicas and the client pod.
  await expect(pods).toHaveCount(4);
  await expect(graph).toHaveAttribute('data-settled', 'true');
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));

  await replaceDocument(page, document('3000000'));

  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('The simulation stopped responding (no sign of life for 1.5 s) and was stopped.');
  await expect(notice).toContainText('It was restarted with your last good state; your text is unchanged.');
  // A new engine worker (and its layout worker) drew the last good document again: same four pods.
  await expect.poll(() => workers.some((url) => /engine\.worker/.test(url))).toBe(true);
  await expect(pods).toHaveCount(4);
  await expect(graph).toHaveAttribute('data-stale', 'true');
  await expect(graph.getByRole('status').filter({ hasText: 'showing the last good cluster' })).toHaveText(
    'Your latest text was not simulated: showing the last good cluster.',
  );
  // The text is as typed, in the editor and in the autosave.
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toContainText('replicas: 3000000');
  expect(await savedYaml(page)).toBe(document('3000000'));
  await testInfo.attach('worker-restarted', { body: await page.screenshot(), contentType: 'image/png' });

  // The new worker answers: a request reaches a pod of the cluster on screen.
  await page.getByTestId('request-from').selectOption({ label: 'pod client' });
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('hops').locator('li').first()).toContainText('DNS');
  await expect(page.getByTestId('hops')).toContainText('KUBE-SVC-');

  // Fixing the text simulates it as usual.
  await replaceDocument(page, document('2'));
  await expect(pods).toHaveCount(3);
  await expect(graph).toHaveAttribute('data-stale', 'false');
  await expect(graph).toHaveAttribute('data-settled', 'true');
});
