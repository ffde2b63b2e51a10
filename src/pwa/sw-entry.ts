/// <reference lib="webworker" />
/**
 * The service worker script (sw.js), built by vite.config.ts `serviceWorker()` as a classic
 * script with the build's file list and revision in place of these constants.
 */
import { serve } from './serve';
import type { Precache } from './serve';

declare const self: ServiceWorkerGlobalScope;
declare const __SVCSCOPE_PRECACHE__: Precache;

serve(self, __SVCSCOPE_PRECACHE__);
