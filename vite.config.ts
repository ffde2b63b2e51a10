import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { build } from 'vite';
import type { Plugin, ResolvedConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { PROPERTY_TIMEOUT_MS } from './src/test-support/property';

/**
 * The Content-Security-Policy of the built app. No inline or eval'd script: every script and
 * worker is a file of this origin ('self'; Monaco's and the engine's workers are module files).
 * Styles need 'unsafe-inline': React Flow positions nodes with style attributes and Monaco adds
 * <style> elements at run time. data: images and fonts are Monaco's codicons and the PNG/SVG
 * export (html-to-image inlines the graph as data: URLs); blob: for the export's download link.
 * Checked in Chromium by e2e/security.spec.ts: zero violations while loading, editing, sending.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy into the built index.html only: Vite's dev server injects inline scripts
 * (React Fast Refresh's preamble, the HMR client), which a strict policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'svcscope-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/**
 * Writes sw.js, the service worker that makes the app work offline after one visit
 * (src/pwa/serve.ts), once the build is written: it precaches every file of the build but the
 * source maps, and its revision is a hash of their names and contents, so each build gets a
 * worker and a cache of its own and never serves another build's files.
 *
 * Hand-written rather than vite-plugin-pwa: that plugin brings workbox-build (Babel, Rollup and
 * Terser, some 300 packages) to write what is here 40 lines of worker; the app needs precaching
 * and an offline page, not workbox's runtime strategies.
 */
function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'svcscope-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const files = filesUnder(outDir)
        .filter((file) => !file.endsWith('.map') && file !== 'sw.js')
        .sort();
      const hash = createHash('sha256');
      for (const file of files)
        hash
          .update(file)
          .update('\0')
          .update(readFileSync(join(outDir, file)));
      const precache = { files, revision: hash.digest('hex').slice(0, 16) };
      const built = await build({
        configFile: false,
        root: config.root,
        logLevel: 'warn',
        define: { __SVCSCOPE_PRECACHE__: JSON.stringify(precache) },
        build: {
          write: false,
          target: 'es2022',
          lib: { entry: 'src/pwa/sw-entry.ts', formats: ['iife'], name: 'svcscopeServiceWorker', fileName: () => 'sw.js' },
        },
      });
      const output = (Array.isArray(built) ? built[0] : built) as { output: { code?: string }[] };
      const code = output.output[0]?.code;
      if (!code) throw new Error('svcscope-service-worker: the worker was not built');
      writeFileSync(join(outDir, 'sw.js'), code);
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), serviceWorker()],
  worker: { format: 'es' },
  // `npm start` serves the first visit without reloads: the dependency scanner starts from
  // index.html only, so the workers' dependencies (elkjs, monaco-yaml's worker, Monaco's editor
  // worker, the engine's) were found late and each made Vite re-bundle and reload the page.
  optimizeDeps: {
    entries: ['index.html', 'src/worker/*.ts', 'src/ui/editor/*.worker.ts'],
    include: ['monaco-editor/esm/vs/editor/editor.worker.js'],
  },
  build: { target: 'es2022', sourcemap: true },
  test: {
    // Two lanes: unit tests (a generous limit, so a loaded machine cannot fail them) and property
    // tests (`*.property.test.ts`: fast-check, PROPERTY_RUNS=full|quick sets their run counts).
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: ['src/**/*.property.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'property',
          include: ['src/**/*.property.test.ts'],
          environment: 'node',
          testTimeout: PROPERTY_TIMEOUT_MS,
          hookTimeout: PROPERTY_TIMEOUT_MS,
        },
      },
    ],
  },
});
