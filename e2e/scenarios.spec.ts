import { expect, test } from '@playwright/test';
import { documentYaml, outcome, savedWork, settledGraphText, startFresh } from './support';
import { readFileSync } from 'node:fs';

test.beforeEach(async ({ page }) => startFresh(page));

/** What the step's "What you should see" line promises, checked against the outcome. */
function checkOutcome(expectation: string, result: string, where: string) {
  if (/the request fails/i.test(expectation)) {
    expect(result, where).toMatch(/^✗/);
    return;
  }
  if (/reaches a pod labelled|leaves the cluster/.test(expectation)) expect(result, where).toMatch(/^✓/);
  const labels = /reaches a pod labelled (.+?)(?:;|\.$)/.exec(expectation)?.[1];
  for (const label of labels?.split(', ') ?? []) expect(result, where).toContain(label);
  const external = /leaves the cluster for (.+?)(?:;|\.$)/.exec(expectation)?.[1];
  if (external)
    expect(
      external.split(' or ').some((target) => result.includes(target.split(':')[0] ?? target)),
      `${where}: ${result}`,
    ).toBe(true);
  if (/sees the client's own address/.test(expectation))
    expect(result, where).not.toMatch(/sees the client as (192\.168\.49\.|10\.244\.\d+\.1\b)/);
  if (/sees a node's address/.test(expectation)) expect(result, where).toMatch(/sees the client as (192\.168\.49\.\d+|10\.244\.\d+\.1)\b/);
}

test('every built-in scenario loads with zero errors and each guided step reaches what it promises', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  const picker = page.getByTestId('scenario-picker');
  await expect(picker.locator('option')).not.toHaveCount(1);
  const ids = (await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
  expect(ids.length).toBeGreaterThanOrEqual(12);
  for (const id of ids) {
    await picker.selectOption(id);
    const count = page.getByTestId('step-count');
    const total = Number((await count.textContent())?.split('/')[1]);
    for (let step = 1; step <= total; step++) {
      await expect(count).toHaveText(`${step}/${total}`);
      await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
      const expectation = (await page.locator('.step-expect').textContent()) ?? '';
      if (/request/.test(expectation)) checkOutcome(expectation, await outcome(page), `${id} step ${step}`);
      if (step < total) await page.getByTestId('step-next').click();
    }
  }
});

test('share: the link opens the same YAML, graph and request in a new page', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('node-port');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText(/^2\//);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  const graphText = await settledGraphText(page);
  const yaml = await documentYaml(page);
  expect(yaml).toContain('kind: Service');
  const request = await page.getByTestId('request-to').inputValue();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#v2\.[A-Za-z0-9_-]+$/);
  const url = await page.getByTestId('share-url').inputValue();
  expect(url.length).toBeLessThan(2000);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('step-count')).toHaveText(/^2\//);
  await expect(other.getByTestId('problem-count')).toHaveText(/^0 errors/);
  expect(await settledGraphText(other)).toBe(graphText);
  expect(await documentYaml(other)).toBe(yaml);
  await expect(other.getByTestId('request-to')).toHaveValue(request);
  // The fragment is taken out of the address bar once opened: the state is autosaved.
  expect(new URL(other.url()).hash).toBe('');
});

test('an embedded iframe with autoplay animates the scenario request in a loop', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('clusterip');
  await expect(page.getByTestId('step-count')).toHaveText(/^1\//);
  await page.getByTestId('share').click();
  await page.getByTestId('share-tab-embed').click();
  await expect(page.getByTestId('embed-snippet')).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;/);
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  for (const param of ['view=graph', 'autoplay=1', 'readonly=1', 'step=0']) expect(snippet).toContain(`&amp;${param}`);
  // A slide deck page that embeds it.
  await page.route('**/slide.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body style="margin:0">${snippet}</body></html>` }),
  );
  await page.goto('/slide.html');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.getByTestId('step-guide')).toContainText('Ask by name');
  const packet = frame.getByTestId('packet');
  await expect(packet).toHaveAttribute('data-step', '3', { timeout: 15_000 });
  // It plays to the end, then starts again.
  await expect(packet).toHaveAttribute('data-step', '-1', { timeout: 20_000 });
  await expect(packet).toHaveAttribute('data-step', '1', { timeout: 10_000 });
  await expect(frame.locator('.toolbar')).toHaveCount(0);
  const scroll = await frame
    .locator('body')
    .evaluate(() => ({ w: document.documentElement.scrollWidth - innerWidth, h: document.documentElement.scrollHeight - innerHeight }));
  expect(scroll).toEqual({ w: 0, h: 0 });
});

test('a corrupt or hostile link says why and leaves the autosaved work alone', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('headless');
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  // What the browser keeps, and the scenario on screen (kept for a reload).
  const saved = [await savedWork(page), await documentYaml(page)];
  expect(saved[1]).toContain('clusterIP: None');
  for (const [fragment, message] of [
    ['v1.!!!not-base64!!!', /could not be opened/],
    ['v9.AAAA', /newer svcscope \(format v9\)/],
    [`v1.${'A'.repeat(70_000)}`, /too long/],
  ] as const) {
    // Pasted into the address bar of the open app: only the fragment changes (no reload).
    await page.evaluate((f) => (location.hash = f), fragment);
    await expect(page.getByTestId('notice')).toContainText(message);
    await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
    expect([await savedWork(page), await documentYaml(page)]).toEqual(saved);
  }
});

test('the graph exports as a PNG image', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect(download.suggestedFilename()).toBe('svcscope-cluster.png');
  const bytes = readFileSync((await download.path()) ?? '');
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(10_000);
});

test('the embed view works where storage is blocked and never writes the autosave', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('scenario-picker').selectOption('load-balancer');
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  await page.getByTestId('share').click();
  await page.getByTestId('share-tab-embed').click();
  await expect(page.getByTestId('embed-snippet')).toHaveValue(/embed=1/);
  const src = (await page.getByTestId('embed-snippet').inputValue()).match(/src="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
  const saved = await savedWork(page);
  expect(saved).toContain('svcscope.settings');

  // Third-party storage blocked: every localStorage call throws, as in a locked-down slide viewer.
  const blocked = await page.context().newPage();
  await blocked.addInitScript(() => {
    const deny = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    Object.defineProperty(window, 'localStorage', { get: deny });
  });
  await blocked.goto(src);
  await expect(blocked.getByTestId('embed')).toBeVisible();
  await expect(blocked.getByTestId('graph').getByTestId('node-cloud-lb')).toBeVisible();
  await expect(blocked.getByTestId('packet')).toHaveAttribute('data-step', /[1-9]/);

  // With storage allowed, the embed still leaves the saved work as it was.
  const embedded = await page.context().newPage();
  await embedded.goto(src);
  await expect(embedded.getByTestId('packet')).toHaveAttribute('data-step', /[1-9]/);
  expect(await savedWork(embedded)).toBe(saved);
});

test('the graph exports as an SVG image', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('graph').getByTestId('node-svc:default/random-generator')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(download.suggestedFilename()).toBe('svcscope-cluster.svg');
  const text = readFileSync((await download.path()) ?? '', 'utf8');
  expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  // Vector shapes and text, not HTML in a foreignObject (which slide tools do not draw).
  expect(text).not.toContain('foreignObject');
  expect(text).toContain('>random-generator</text>');
  expect(text.match(/<g data-id=/g)?.length).toBeGreaterThanOrEqual(await page.getByTestId('graph').locator('.react-flow__node').count());
  // It is a well-formed image a browser draws at its own size.
  const size = await page.evaluate(async (svg) => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, text);
  expect(size.width).toBeGreaterThan(300);
  expect(size.height).toBeGreaterThan(200);

  // With a request on screen, the picture shows its path up to the current hop and that hop's
  // caption, and is named after the hop (one picture per step for a deck).
  await page.getByTestId('request-to').fill('http://random-generator/');
  await page.getByTestId('send').click();
  await page.getByTestId('graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('✓ reached pod');
  const [withTrail] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(withTrail.suggestedFilename()).toMatch(/^svcscope-cluster-hop-\d+\.svg$/);
  const trail = readFileSync((await withTrail.path()) ?? '', 'utf8');
  expect(trail).toContain('data-trail="true"');
  expect(trail).toContain('data-current="true"');
  expect(trail).toMatch(/>[^<]*random-generator[^<]*<\/text>/);
});
