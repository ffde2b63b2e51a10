/**
 * The service worker against a fake scope (its caches, its network, its events): everything of a
 * build is precached on install, pages come from the network while there is one and from the
 * cache when there is none, a new build's worker drops the old cache, and nothing of another
 * build or another origin is ever answered from the cache.
 */
import { describe, expect, it } from 'vitest';
import { cacheName, serve } from './serve';
import type { Precache, WorkerScope } from './serve';

const SCOPE = 'https://svcscope.example.org/';

class FakeCache {
  readonly entries = new Map<string, string>();
  constructor(private readonly network: FakeScope) {}
  async addAll(requests: Request[]): Promise<void> {
    for (const request of requests) {
      this.network.cacheModes.set(new URL(request.url).pathname, request.cache);
      const response = await this.network.fetch(request);
      if (!response.ok) throw new TypeError(`${request.url}: ${response.status}`);
      this.entries.set(request.url, await response.text());
    }
  }
}

/** The worker's world: a server holding one build's files, caches, events dispatched by hand. */
class FakeScope {
  online = true;
  /** What the server answers, by path. */
  server = new Map<string, string>();
  readonly fetched: string[] = [];
  /** How each precached file was asked for (RequestCache), by path. */
  readonly cacheModes = new Map<string, string>();
  claimed = false;
  private readonly listeners = new Map<string, ((event: never) => void)[]>();
  readonly registration = { scope: SCOPE };

  /** `caches_`: the origin's Cache Storage, which a new worker of the same origin shares. */
  constructor(readonly caches_ = new Map<string, FakeCache>()) {}

  readonly caches = {
    open: async (name: string) => {
      const cache = this.caches_.get(name) ?? new FakeCache(this);
      this.caches_.set(name, cache);
      return cache;
    },
    keys: async () => [...this.caches_.keys()],
    delete: async (name: string) => this.caches_.delete(name),
    match: async (url: string, options?: { cacheName?: string }) => {
      const body = options?.cacheName ? this.caches_.get(options.cacheName)?.entries.get(url) : undefined;
      return body === undefined ? undefined : new Response(body, { headers: { 'x-from': 'cache' } });
    },
  };

  readonly clients = {
    claim: async () => {
      this.claimed = true;
    },
  };

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  async fetch(request: Request | string): Promise<Response> {
    const url = typeof request === 'string' ? request : request.url;
    this.fetched.push(url);
    if (!this.online) throw new TypeError('Failed to fetch');
    const path = new URL(url).pathname.slice(1) || 'index.html';
    const body = this.server.get(path);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  }

  /** Dispatches an install or activate event and waits for what it waits for. */
  async lifecycle(type: 'install' | 'activate'): Promise<void> {
    const waits: Promise<unknown>[] = [];
    const event = { waitUntil: (p: Promise<unknown>) => waits.push(p) };
    for (const l of this.listeners.get(type) ?? []) l(event as never);
    await Promise.all(waits);
  }

  /** Dispatches a fetch event: the worker's answer, or undefined when it leaves the request to the browser. */
  async request(url: string, init: { mode?: 'navigate' | 'cors' | 'no-cors'; method?: string } = {}): Promise<Response | undefined> {
    let answer: Promise<Response> | undefined;
    const request = { url, method: init.method ?? 'GET', mode: init.mode ?? 'cors' } as Request;
    const event = { request, respondWith: (r: Promise<Response>) => (answer = r) };
    for (const l of this.listeners.get('fetch') ?? []) l(event as never);
    return answer;
  }
}

function buildOf(version: string): { files: Map<string, string>; precache: Precache } {
  const files = new Map([
    ['index.html', `<script src="assets/index-${version}.js"></script>`],
    [`assets/index-${version}.js`, `app ${version}`],
    [`assets/MonacoEditor-${version}.js`, `editor ${version}`],
    ['favicon.svg', '<svg/>'],
  ]);
  return { files, precache: { files: [...files.keys()], revision: version } };
}

async function installed(version: string, scope = new FakeScope()): Promise<FakeScope> {
  const { files, precache } = buildOf(version);
  scope.server = files;
  serve(scope as unknown as WorkerScope, precache);
  await scope.lifecycle('install');
  await scope.lifecycle('activate');
  return scope;
}

describe('the service worker', () => {
  it('precaches every file of its build on install, the editor chunk included, and takes the open pages', async () => {
    const scope = await installed('aaa');
    expect([...(scope.caches_.get(cacheName('aaa'))?.entries.keys() ?? [])].sort()).toEqual(
      [`${SCOPE}assets/MonacoEditor-aaa.js`, `${SCOPE}assets/index-aaa.js`, `${SCOPE}favicon.svg`, `${SCOPE}index.html`].sort(),
    );
    expect(scope.claimed).toBe(true);
    // The page and the files without a hash in their name bypass the HTTP cache (it may hold
    // another build's); files named after their content may come from it.
    expect(Object.fromEntries(scope.cacheModes)).toEqual({
      '/index.html': 'reload',
      '/favicon.svg': 'reload',
      '/assets/index-aaa.js': 'default',
      '/assets/MonacoEditor-aaa.js': 'default',
    });
  });

  it('offline: the page and its files come from the cache', async () => {
    const scope = await installed('aaa');
    scope.online = false;
    const page = await scope.request(`${SCOPE}?embed=1`, { mode: 'navigate' });
    expect(await page?.text()).toBe('<script src="assets/index-aaa.js"></script>');
    expect(await (await scope.request(`${SCOPE}assets/MonacoEditor-aaa.js`))?.text()).toBe('editor aaa');
  });

  it('online: a page always comes from the network, so a new build is what a reload shows', async () => {
    const scope = await installed('aaa');
    scope.server = buildOf('bbb').files; // the site was rebuilt and redeployed
    const page = await scope.request(SCOPE, { mode: 'navigate' });
    expect(page?.headers.get('x-from')).toBeNull();
    expect(await page?.text()).toBe('<script src="assets/index-bbb.js"></script>');
    // The new build's files are not the old worker's: the browser fetches them.
    expect(await scope.request(`${SCOPE}assets/index-bbb.js`)).toBeUndefined();
  });

  it('a precached file is answered from the cache, without the network', async () => {
    const scope = await installed('aaa');
    const before = scope.fetched.length;
    const response = await scope.request(`${SCOPE}assets/index-aaa.js`);
    expect(response?.headers.get('x-from')).toBe('cache');
    expect(scope.fetched.length).toBe(before);
  });

  it('leaves alone what is not its build: other origins, other files, other methods', async () => {
    const scope = await installed('aaa');
    expect(await scope.request('https://elsewhere.example.org/assets/index-aaa.js')).toBeUndefined();
    expect(await scope.request(`${SCOPE}assets/index-aaa.js?v=2`)).toBeUndefined();
    expect(await scope.request(`${SCOPE}assets/index-aaa.js`, { method: 'POST' })).toBeUndefined();
  });

  it("a new build's worker deletes the old build's cache when it takes over, and only svcscope's caches", async () => {
    const old = await installed('aaa');
    old.caches_.set('someone-else', new FakeCache(old));
    const next = await installed('bbb', new FakeScope(old.caches_));
    expect([...next.caches_.keys()].sort()).toEqual([cacheName('bbb'), 'someone-else'].sort());
  });

  it('an install that cannot fetch every file fails (the previous worker stays)', async () => {
    const scope = new FakeScope();
    const { files, precache } = buildOf('aaa');
    files.delete('assets/MonacoEditor-aaa.js');
    scope.server = files;
    serve(scope as unknown as WorkerScope, precache);
    await expect(scope.lifecycle('install')).rejects.toThrow(/MonacoEditor-aaa\.js: 404/);
  });
});
