/**
 * Built-in scenarios: a YAML document plus guided steps a trainer walks through with
 * next/previous. Steps are cumulative: entering step i means the document edits of steps 0..i
 * applied to `yaml`, the cluster rebuilt from it, the runtime actions of steps 0..i replayed in
 * order (as the app replays user actions after each re-simulation), then step i's request sent.
 */
import type { ClusterOptions, SendRequest, SimulationAction } from '../engine/index';
import type { DocumentEdit } from '../document/types';

/** The rows of the seed's table 13-1 ("Service discovery mechanisms"). */
export type Mechanism = 'ClusterIP' | 'Manual IP' | 'Manual FQDN' | 'Headless' | 'NodePort' | 'LoadBalancer' | 'Ingress';

export const MECHANISMS: readonly Mechanism[] = [
  'ClusterIP',
  'Manual IP',
  'Manual FQDN',
  'Headless',
  'NodePort',
  'LoadBalancer',
  'Ingress',
];

/** What the learner should see after the step's request: also what the catalog test asserts. */
export interface StepExpectation {
  /** The request reaches a pod carrying these labels. */
  pod?: { labels: Record<string, string> };
  /** The request leaves the cluster for one of these (a host name, or `ip:port`). */
  external?: string[];
  /** The request fails, with a reason matching this regular expression. */
  fails?: string;
  /** The address the pod sees as the source: the client's own, or a node's (SNAT). */
  sourceIp?: 'preserved' | 'node';
  /** Repeating the request reaches the same pod every time (true), or more than one pod (false). */
  sticky?: boolean;
  /** Service environment variables the kubelet did (present) or did not (absent) inject into a pod. */
  env?: { pod: string; present?: string[]; absent?: string[] };
}

export interface Step {
  title: string;
  /** Short plain prose a trainer reads out (no markdown). */
  text: string;
  request?: SendRequest;
  /** Runtime actions taken when the step is entered. */
  actions?: SimulationAction[];
  /** A spec change taken when the step is entered (it edits the YAML the user sees). */
  edit?: DocumentEdit;
  expect: StepExpectation;
}

export interface Scenario {
  /** Stable: used in share links (`scenarioId`). */
  id: string;
  title: string;
  summary: string;
  mechanism: Mechanism;
  /** The seed chapter's example this scenario shows, e.g. '13-2'. */
  example?: string;
  yaml: string;
  options?: ClusterOptions;
  steps: Step[];
}
