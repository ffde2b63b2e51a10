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

/**
 * What the learner should see at the step: also what the catalog test asserts, for every step of
 * every scenario, so a step cannot claim what the screen contradicts. Every claim of the step's
 * text belongs here. Regular expressions are JavaScript source strings.
 */
export interface StepExpectation {
  /**
   * The request reaches a pod carrying these labels (on this node, on this port, on a node of this
   * zone: its topology.kubernetes.io/zone label).
   */
  pod?: { labels: Record<string, string>; node?: string; port?: number; zone?: string };
  /**
   * Repeating the request (20 new connections) reaches exactly these pods (by name), and pods on
   * nodes of exactly these zones: what topology-aware routing keeps to, or falls back from.
   */
  spread?: { pods?: string[]; zones?: string[] };
  /** The request leaves the cluster for one of these (a host name, or `ip:port`). */
  external?: string[];
  /** The request fails, with a reason matching this regular expression. */
  fails?: string;
  /** The address the pod sees as the source: the client's own, or a node's (SNAT). */
  sourceIp?: 'preserved' | 'node';
  /** The node whose address the pod sees as the source (SNAT by that node). */
  sourceNode?: string;
  /** Whether kube-proxy rewrites the destination on the way (a ClusterIP or node port), or plays no part (headless, ExternalName). */
  kubeProxyDNAT?: boolean;
  /** The path the backend pod sees, after the ingress controller's rewrite. */
  backendPath?: string;
  /** Repeating the request reaches the same pod every time (true), or more than one pod (false). */
  sticky?: boolean;
  /** Service environment variables the kubelet did (present) or did not (absent) inject into a pod. */
  env?: { pod: string; present?: string[]; absent?: string[] };
  /** A DNS query as the pod `from` makes it (search path) or absolute: its CNAME target, or how many A records. */
  dns?: { query: string; from?: string; cname?: string; addresses?: number };
  /**
   * A Service's Endpoints object: absent, or its ready and not-ready addresses (each a pod name or
   * an IP, the whole list), or how many ready addresses it has.
   */
  endpoints?: { service: string; namespace?: string; absent?: true; ready?: string[]; notReady?: string[]; readyCount?: number };
  /** This Service keeps the ClusterIP it had at the previous step. */
  sameClusterIP?: string;
  /**
   * The Problems panel: each `includes` pattern matches a diagnostic's message, none matches an
   * `excludes` pattern, and every diagnostic listed matches an `includes` pattern. `afterPrevious`
   * patterns match what is listed only when the step is reached from the step before, the living
   * cluster changed rather than rebuilt (what `kubectl apply` to a running cluster would say).
   * Without it, the step promises an empty Problems panel.
   */
  diagnostics?: { includes?: string[]; excludes?: string[]; afterPrevious?: string[] };
  /** Text the YAML in the editor holds at the step (what the step changed is written there), or lacks. */
  yamlContains?: string[];
  yamlLacks?: string[];
  /** Lines the pod's box on the graph shows (e.g. its env badge). */
  podBox?: { pod: string; namespace?: string; lines: string[] };
  /**
   * kube-proxy runs in this mode (the cluster option), and the request's kube-proxy hops show its
   * rules: iptables-save lines (`-A KUBE-SVC-…`) or nftables chains (`service-…-ns/name/tcp/port: …`).
   */
  proxyMode?: 'iptables' | 'nftables';
  /** The rules of the request's kube-proxy hops: each `includes` pattern matches one of them, no `excludes` pattern any. */
  traceRules?: { includes?: string[]; excludes?: string[] };
  /** What the trace panel says: each pattern matches the note of one of the request's hops. */
  traceSays?: string[];
  /**
   * The EndpointSlices labelled kubernetes.io/service-name: service: how many; the
   * endpointslice.kubernetes.io/managed-by label of every one (null: none, written by hand); whether
   * each is named as generateName makes it (`<service>-` and five characters); and the pods (names or
   * IPs, the whole list) whose endpoint is terminating but still serving (ready: false).
   */
  slices?: {
    service: string;
    namespace?: string;
    count?: number;
    managedBy?: string | null;
    generatedNames?: boolean;
    terminating?: string[];
  };
  /** The pod the request reached is Terminating (kube-proxy fell back to a serving, terminating endpoint, KEP-1669), or is not. */
  terminatingUsed?: boolean;

  // --- The Gateway API and migrating to it (issue 17) ---
  /** The HTTP answer the client gets (`Trace.http`): its status, and which server read the request. */
  http?: { status?: number; server?: 'ingress-nginx' | 'envoy-gateway' };
  /**
   * A route's status as Envoy Gateway writes it (status.parents), for every parentRef it has
   * status for: Accepted True (`accepted: true`), or Accepted False with `notAccepted` as the
   * reason (NoMatchingParent, NotAllowedByListeners, NoMatchingListenerHostname...), which the
   * route's box on the graph then shows too; `resolvedRefs` is the ResolvedRefs reason
   * (ResolvedRefs when every backendRef resolves, BackendNotFound...).
   */
  routeStatus?: {
    route: string;
    namespace?: string;
    kind?: 'HTTPRoute' | 'GRPCRoute';
    accepted?: true;
    notAccepted?: string;
    resolvedRefs?: string;
  };
  /** What ingress2gateway makes of the cluster's Ingresses (the migration view): annotations it finds no equivalent for. */
  conversion?: { unconverted: string[] };
}

export interface Step {
  title: string;
  /** Short plain prose a trainer reads out (no markdown). */
  text: string;
  request?: SendRequest;
  /**
   * Runtime actions taken when the step is entered: only what YAML cannot say (a readiness probe
   * failing, a node failing, a pod's containers restarting). Applying or deleting objects is an edit.
   */
  actions?: SimulationAction[];
  /** A change of the cluster's objects taken when the step is entered: it edits the YAML the user sees. */
  edit?: DocumentEdit;
  /**
   * Cluster options changed when the step is entered, over the scenario's and the earlier steps'
   * (e.g. kube-proxy's mode): a new cluster is built, as the node's "Run kube-proxy in … mode"
   * what-if does.
   */
  options?: ClusterOptions;
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
