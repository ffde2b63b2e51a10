/**
 * Registers the service worker (src/pwa/serve.ts) of a built app, once the page has loaded so
 * its precaching does not compete with the first paint. Where it cannot be registered (a frame
 * sandboxed without allow-same-origin, a private window that forbids it, the dev server) the app
 * simply does not work offline.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
