/** elkjs in this thread (Node: tests and the bench). The app runs it in a worker: src/worker/elk-worker.ts. */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkLayouter } from './layout';

export function elkInProcess(): ElkLayouter {
  return new ELK();
}
