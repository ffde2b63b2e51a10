/** Spec-changing actions as edits of the YAML document (issue #7). */
export type { DocumentEdit } from './types';
export { describeEdit } from './types';
export { applyEdit } from './edits';
export { selectorRemovalFor } from './from-cluster';
