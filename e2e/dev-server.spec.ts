/**
 * `npm start` (Vite's dev server) serves a first visit without reloading the page: Vite re-bundles
 * and reloads whenever it meets a dependency its scan missed (it scans from index.html, not the
 * workers), which showed a blank page for ~10 s and reloaded twice. `--force` re-optimizes as a
 * first run on a clean checkout does.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startFresh } from './support';

const PORT = Number(process.env.E2E_PORT ?? 4173) + 1000;
let server: ChildProcess | undefined;
let log = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--force'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const collect = (chunk: Buffer) => (log += chunk.toString());
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  await expect.poll(() => log, { timeout: 120_000 }).toContain('ready in');
});

test.afterAll(() => {
  server?.kill();
});

test('the dev server serves the first visit without a reload: graph, editor and a request, one page load', async ({ page }) => {
  test.setTimeout(180_000);
  await startFresh(page);
  let loads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  const graph = page.getByTestId('graph');
  await expect(graph.locator('.react-flow__node[data-id="svc:default/random-generator"]')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('monaco-editor').locator('.view-lines')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('send').click();
  await expect(page.getByTestId('outcome')).toBeVisible({ timeout: 60_000 });
  expect(loads).toBe(1);
  expect(log).not.toContain('reloading');
});
