import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
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
