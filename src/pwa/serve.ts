/**
 * svcscope's service worker: after one visit the app works offline. Everything a build makes is
 * precached when the worker installs (the list and a revision of their contents are written into
 * sw.js at build time: vite.config.ts `serviceWorker()`), so the editor, the share codec and the
 * picture export load without a network too.
 *
 * No stale app across builds: a page (a navigation) always comes from the network while there is
 * one, and from the cache only when there is none; every other precached file is named after its
 * content (`assets/index-<hash>.js`), so a cached copy can never be an old version of what the
 * page asks for. A new build has a new revision, hence a new sw.js and a new cache, and the old
 * cache is deleted only when the new worker takes over (no tab uses the old files any more).
 *
 * Plain functions over the worker's scope, so the tests can run them against a fake one.
 */

/** What the worker uses of its global scope (ServiceWorkerGlobalScope). */
export interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  readonly caches: CacheStorage;
  readonly clients: { claim(): Promise<void> };
  readonly registration: { readonly scope: string };
  fetch(request: Request | string): Promise<Response>;
}

export interface Precache {
  /** Every file of the build, relative to the worker's scope (`index.html`, `assets/…`). */
  files: readonly string[];
  /** Changes with the content of any of them. */
  revision: string;
}

const PREFIX = 'svcscope-';
/** Where Vite writes the files it names after their content (`build.assetsDir`). */
const HASHED = 'assets/';
/** The page every navigation falls back to offline (the app reads its state from the URL itself). */
const PAGE = 'index.html';

export function cacheName(revision: string): string {
  return `${PREFIX}${revision}`;
}

export function serve(scope: WorkerScope, precache: Precache): void {
  const name = cacheName(precache.revision);
  const url = (file: string) => new URL(file, scope.registration.scope).href;
  const precached = new Set(precache.files.map(url));

  scope.addEventListener('install', (event) => {
    // The page and the other files named without a hash are fetched anew, not taken from the HTTP
    // cache, which may hold another build's; a file named after its content (Vite's assets/) can
    // come from the HTTP cache, where the page just put most of them.
    const request = (file: string) => new Request(url(file), { cache: file.startsWith(HASHED) ? 'default' : 'reload' });
    event.waitUntil(scope.caches.open(name).then((cache) => cache.addAll(precache.files.map(request))));
  });

  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        for (const key of await scope.caches.keys()) if (key.startsWith(PREFIX) && key !== name) await scope.caches.delete(key);
        await scope.clients.claim();
      })(),
    );
  });

  scope.addEventListener('fetch', (event) => {
    const { request } = event;
    if (request.method !== 'GET') return;
    if (request.mode === 'navigate') {
      event.respondWith(
        scope.fetch(request).catch(async () => (await scope.caches.match(url(PAGE), { cacheName: name })) ?? Response.error()),
      );
      return;
    }
    if (!precached.has(request.url)) return; // not ours (another origin, a file of no build): the browser fetches it
    event.respondWith(scope.caches.match(request.url, { cacheName: name }).then((cached) => cached ?? scope.fetch(request)));
  });
}
