/**
 * elkjs in a Web Worker of its own, started by the engine worker. Its 1.6 MB of GWT-compiled code
 * then loads on another thread while the engine loads and simulates, instead of delaying the
 * first simulation (it used to be bundled into the engine worker).
 */
import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkLayouter } from '../graph/layout';

export function startElk(): ElkLayouter {
  return new ELK({ workerUrl: elkWorkerUrl });
}
