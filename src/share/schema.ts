/**
 * What a share link holds, and the zod schema that checks a decoded link before the app sees it.
 * A link is hostile input: only the fields below survive (unknown keys are dropped, so
 * `__proto__` and friends never reach an object the app spreads), and every string, list and
 * number is bounded.
 */
import { z } from 'zod';

// The app runs under a strict Content-Security-Policy (no 'unsafe-eval'). zod probes for eval
// with `new Function('')` unless told not to, and Chromium reports that probe as a violation
// even though zod catches it (zod/v4/core/util.js, allowsEval): so no JIT, no probe.
z.config({ jitless: true });
import type { ClusterOptions, SendRequest, SimulationAction } from '../engine/index';
import { KIND_NAMES } from '../engine/index';

/** The layout the app opens in and what is selected; the UI reads it, the engine never does. */
export interface SharedView {
  layout?: 'graph' | 'graph+editor';
  /** The selected object, e.g. `Service/default/random-generator`. */
  selected?: string;
}

/** The whole state a share link restores. */
export interface SharedScenario {
  /** The document in the editor (multi-document YAML), exactly as typed. */
  yaml: string;
  options?: ClusterOptions;
  /** Runtime actions replayed after the document is simulated (readiness failures, restarts...). */
  actions?: SimulationAction[];
  /** A built-in scenario this state started from (its id in the catalog). */
  scenarioId?: string;
  /** The selected guided step (0-based) of that scenario. */
  step?: number;
  /** The request to animate. */
  request?: SendRequest;
  view?: SharedView;
}

export const MAX_ACTIONS = 500;
const MAX_NAME = 253; // a DNS subdomain, the longest Kubernetes object name
const MAX_SHORT_TEXT = 2048;

const name = z.string().min(1).max(MAX_NAME);
const shortText = z.string().max(MAX_SHORT_TEXT);

const clusterOptionsSchema = z.object({
  // A count, or each node by name, or as { name, zone } (the zone its topology.kubernetes.io/zone label).
  nodes: z
    .union([
      z.number().int().min(1).max(64),
      z
        .array(z.union([name, z.object({ name, zone: z.string().max(63).optional() })]))
        .min(1)
        .max(64),
    ])
    .optional(),
  serviceCIDR: shortText.optional(),
  podCIDR: shortText.optional(),
  nodeCIDR: shortText.optional(),
  clusterDomain: shortText.optional(),
  nodePortRange: shortText.optional(),
  loadBalancerPool: shortText.optional(),
  seed: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 32)
    .optional(),
  ingressController: z.enum(['LoadBalancer', 'NodePort', 'none']).optional(),
  proxyMode: z.enum(['iptables', 'nftables']).optional(),
  kubeProxy: z
    .object({
      masqueradeAll: z.boolean().optional(),
      clusterCIDR: shortText.optional(),
      nodePortAddresses: z.array(shortText).max(16).optional(),
      localhostNodePorts: z.boolean().optional(),
    })
    .optional(),
}) satisfies z.ZodType<ClusterOptions>;

const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apply'), yaml: z.string() }),
  z.object({
    type: z.literal('delete'),
    kind: z.enum(KIND_NAMES),
    name,
    namespace: name.optional(),
    gracePeriodSeconds: z.number().int().min(0).max(86400).optional(),
  }),
  z.object({ type: z.literal('restartPod'), pod: name, namespace: name.optional() }),
  z.object({ type: z.literal('setPodReady'), pod: name, namespace: name.optional(), ready: z.boolean() }),
  z.object({ type: z.literal('setNodeReady'), node: name, ready: z.boolean() }),
]) satisfies z.ZodType<SimulationAction>;

const requestSchema = z.object({
  from: z.union([z.object({ pod: name, namespace: name.optional() }), z.object({ external: shortText.min(1) })]),
  to: z.union([shortText.min(1), z.object({ ping: shortText.min(1) })]),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  sourcePort: z.number().int().min(1).max(65535).optional(),
  /** The HTTP Host header (curl -H 'Host: ...') for requests to an ingress address. */
  host: shortText.optional(),
}) satisfies z.ZodType<SendRequest>;

const viewSchema = z.object({
  layout: z.enum(['graph', 'graph+editor']).optional(),
  selected: shortText.optional(),
}) satisfies z.ZodType<SharedView>;

export const sharedScenarioSchema = z.object({
  yaml: z.string(),
  options: clusterOptionsSchema.optional(),
  actions: z.array(actionSchema).max(MAX_ACTIONS).optional(),
  scenarioId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a catalog id such as "clusterip-selector"')
    .optional(),
  step: z.number().int().min(0).max(999).optional(),
  request: requestSchema.optional(),
  view: viewSchema.optional(),
}) satisfies z.ZodType<SharedScenario>;

/** Checks decoded JSON; the message names the first problems by path, for the user. */
export function checkSharedScenario(value: unknown): { ok: true; state: SharedScenario } | { ok: false; error: string } {
  const result = sharedScenarioSchema.safeParse(value);
  if (result.success) return { ok: true, state: result.data };
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  return { ok: false, error: `The link's scenario is not in the expected shape (${problems.join('; ')}).` };
}
