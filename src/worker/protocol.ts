/** What the UI and the engine worker say to each other (plain, structured-clone-able data). */
import type {
  ClusterObject,
  ClusterOptions,
  Diagnostic,
  DnsQueryOptions,
  DnsResponse,
  SendRequest,
  SimEvent,
  SimulationAction,
  SourceLocation,
  Trace,
} from '../engine/index';
import type { ClusterGraph } from '../graph/types';
import type { PlacedTrace } from '../graph/hops';
import type { SnapshotDelta } from './snapshot-diff';
import type { MigrationComparison, MigrationPlan } from './migration';

export type { ComparedField, MigrationComparison, MigrationOutcome, MigrationPlan } from './migration';

export interface SimulationInput {
  yaml: string;
  options: ClusterOptions;
  /** Runtime actions replayed, in order, after the YAML is applied. */
  actions: SimulationAction[];
  /** Show the cluster's own objects in the graph. */
  showSystem: boolean;
  /**
   * Which cluster the document lives in (DocumentState.cluster): a new number builds a new
   * cluster; while it stays, an edit of the YAML is applied to the living cluster.
   */
  cluster?: number;
  /** Group elements (GraphNode.group) the user unfolded: drawn member by member. */
  expand?: string[];
}

export interface SimulationSnapshot {
  /** Increments with each simulation the worker runs. */
  revision: number;
  objects: ClusterObject[];
  /** Diagnostics of the YAML (what the editor marks). */
  diagnostics: Diagnostic[];
  /** Problems replaying the runtime actions (a pod that no longer exists...). */
  actionDiagnostics: Diagnostic[];
  events: SimEvent[];
  graph: ClusterGraph;
  /** Where each drawn object was written in the YAML, by graph element id. */
  sources: Record<string, SourceLocation>;
  /** The clock of the simulated cluster. */
  now: string;
  timings: { simulateMs: number; layoutMs: number };
}

/**
 * A simulation's result as `simulateDelta` sends it: what changed since the snapshot the caller
 * holds (`applySnapshotDelta(held, delta)`), or the whole snapshot when the caller holds none
 * the worker can diff against.
 */
// One object type, not a union: Comlink's Remote<> does not carry unions of return types.
export interface SnapshotUpdate {
  delta?: SnapshotDelta;
  snapshot?: SimulationSnapshot;
}

export interface TraceResult {
  request: SendRequest;
  trace: Trace;
  placed: PlacedTrace;
}

export interface SpreadResult {
  /** Requests per receiving pod (`namespace/name`), or per failure reason. */
  counts: Record<string, number>;
  failures: Record<string, number>;
  total: number;
}

export interface ServiceInspection {
  /** The variables pods started after the Service get (service links). */
  envVars: Record<string, string>;
  /** Its DNS records, queried as an absolute name: A (or CNAME), and SRV per named port. */
  dns: { query: string; type: 'A' | 'SRV'; response: DnsResponse }[];
}

/** An EndpointSlice as kubectl prints it (the rest the inspector reads from the object itself). */
export interface EndpointSliceInspection {
  /** `kubectl get endpointslice NAME -o yaml`. */
  yaml: string;
}

export interface PodInspection {
  env: Record<string, string>;
  resolvConf: string;
}

/** The engine worker's API (exposed with Comlink). */
export interface EngineApi {
  /** Answered at once when the worker is free: the app's watchdog asks while a call waits (src/app/watchdog.ts). */
  ping(): Promise<void>;
  simulate(input: SimulationInput): Promise<SimulationSnapshot>;
  /**
   * `simulate`, answered as a delta against the snapshot of revision `held` (the last one this
   * method sent), or whole when `held` is not that revision.
   */
  simulateDelta(input: SimulationInput, held: number | undefined): Promise<SnapshotUpdate>;
  send(request: SendRequest): Promise<TraceResult>;
  sendMany(request: SendRequest, count: number): Promise<SpreadResult>;
  dns(query: string, options: DnsQueryOptions): Promise<DnsResponse>;
  pod(name: string, namespace: string): Promise<PodInspection | undefined>;
  service(name: string, namespace: string): Promise<ServiceInspection | undefined>;
  endpointSlice(name: string, namespace: string): Promise<EndpointSliceInspection | undefined>;
  iptables(node: string): Promise<string>;
  /** kube-proxy's rules on the node in the mode the cluster runs it: `iptables-save`, or `nft list table ip kube-proxy`. */
  proxyRules(node: string): Promise<{ mode: 'iptables' | 'nftables'; text: string }>;
  /** What ingress2gateway makes of the Ingresses of the cluster on screen (the migration view). */
  migrationPlan(): Promise<MigrationPlan>;
  /**
   * The same request through the Ingress (the cluster on screen) and through the converted
   * Gateway (a cluster of the same document with the Gateway and HTTPRoutes applied).
   */
  compareMigration(request: SendRequest): Promise<MigrationComparison>;
  /** The JSON Schema the YAML editor checks documents against (built here, so the editor bundle stays small). */
  editorSchema(): Promise<Record<string, unknown>>;
}
