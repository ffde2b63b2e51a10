/**
 * Every user intent the app knows, by name. Components call `actions.<name>.run(...)`; keys and
 * the embed's message API find actions here too (src/app/keys.ts).
 */
import { playback } from './playback';
import { requests } from './request';
import { editing, history } from './history';
import { scenarios } from './scenario';
import { links } from './link';
import { whatIf } from './what-if';
import { view } from './view';
import { migration } from './migration';
import { work } from './work';

export const actions = {
  ...playback,
  ...requests,
  ...history,
  ...editing,
  ...scenarios,
  ...links,
  ...whatIf,
  ...view,
  ...migration,
  ...work,
};

export { available, bindingOf, describeBinding, tooltipOf } from './registry';
export type { AppMode, ActionSpec } from './registry';
