/**
 * The engine session the worker hosts: the cluster of the last simulation, kept so requests,
 * DNS queries and inspections run against what is on screen. Plain TypeScript, tested in Node.
 *
 * An edit of the YAML alone (same options, same runtime actions) is applied to the living
 * cluster as the difference of the documents (`Cluster.sync`, `kubectl apply --prune`): objects
 * whose document changed are applied, removed ones deleted, the rest left alone, so an edit
 * never renames, moves or re-creates what it does not touch, and the Timeline records what the
 * cluster did (ScalingReplicaSet, the Service updated) rather than a re-creation. Other changes
 * build a new cluster, replaying the actions.
 */
import { createCluster, namespaceOf, serviceEnvVars } from '../engine/index';
import { allowanceForObjects } from './heartbeat';
import type { Cluster, ClusterOptions, Diagnostic, DnsQueryOptions, DnsResponse, Kind, SendRequest, SourceLocation } from '../engine/index';
import { buildCache, buildGraph } from '../graph/build';
import type { BuildCache } from '../graph/build';
import { layoutGraph } from '../graph/layout';
import type { ElkLayouter, LayoutMemo } from '../graph/layout';
import { placeHops } from '../graph/hops';
import type { ClusterGraph } from '../graph/types';
import { editorSchema } from './editor-schema';
import { diffFromSent, fingerprint } from './snapshot-diff';
import { compare, gatewayCluster, migrationPlan } from './migration';
import type { MigrationComparison, MigrationPlan, MigrationSource } from './migration';
import type { SentSnapshot, SignatureCache, Signatures } from './snapshot-diff';
import { kubectlYaml } from './kubectl-yaml';
import type {
  EndpointSliceInspection,
  EngineApi,
  PodInspection,
  ServiceInspection,
  SimulationInput,
  SimulationSnapshot,
  SnapshotUpdate,
  SpreadResult,
  TraceResult,
} from './protocol';

/** The worker sets the engine's progress listener through the session's chunk, which holds the engine. */
export { onProgress } from '../engine/index';
/** elkjs's answers computed ahead for the built-in scenarios' first graphs (the worker wraps its elkjs in it). */
export { withKnownLayouts } from '../graph/known-layouts';

/** At most this many requests per "send many". */
export const MAX_SPREAD = 10_000;

/** What the living cluster was made from, to tell whether the next input is an edit of the YAML alone. */
interface LivingInput {
  yaml: string;
  options: string;
  actions: string;
  diagnostics: Diagnostic[];
  actionDiagnostics: Diagnostic[];
  cluster: number | undefined;
  /** kube-proxy's mode the options ask for (the node inspector shows that mode's rules). */
  proxyMode: ClusterOptions['proxyMode'];
}

export class EngineSession implements EngineApi {
  /** The living cluster; an empty one only if something is asked before the first simulation (made then: making it costs a first load about 0.3 s). */
  private made: Cluster | undefined;
  private get cluster(): Cluster {
    return (this.made ??= createCluster(''));
  }
  private set cluster(cluster: Cluster) {
    this.made = cluster;
  }
  private graph: ClusterGraph = { nodes: [], edges: [], width: 0, height: 0 };
  private revision = 0;
  /** Objects of the living cluster: a node's rules are written from all of them, without beats. */
  private objectCount = 0;
  private living: LivingInput | undefined;
  private shownSystem = false;
  /** The Gateway side of the migration view: the cluster built from the document with the converted objects, for this input. */
  private migration: { key: string; plan: MigrationPlan; gateways?: Cluster | string } | undefined;
  /** The signatures of the last snapshot simulateDelta sent (the live one shares objects with the cluster, which edits change in place). */
  private sent: SentSnapshot | undefined;
  /** The last layout, reused while the graph keeps its shape (graph/layout.ts). */
  private readonly layoutMemo: LayoutMemo = {};
  /** What the graph of the living cluster reuses from build to build (a new cluster gets a new one). */
  private graphCache: { cluster: Cluster; cache: BuildCache } | undefined;
  /** Objects' signatures kept from one delta to the next (snapshot-diff.ts: SignatureCache). */
  private readonly signatures: SignatureCache = new WeakMap();
  /** The cluster whose events `sent` counted (a new one starts its own list). */
  private sentCluster: Cluster | undefined;

  /**
   * `elk` lays the graphs out: in a worker of its own in the app, in process in Node. `beat` is
   * told of each long step's end, with the silence the next one may need (src/worker/heartbeat.ts).
   */
  constructor(
    private readonly elk: ElkLayouter,
    private readonly beat: (allowMs: number) => void = () => undefined,
  ) {}

  async ping(): Promise<void> {}

  /**
   * Brings the cluster to the input: the YAML's difference applied to the living cluster when
   * only the YAML changed, else a new cluster with the actions replayed. `delta` tells which.
   */
  private update(input: SimulationInput): { cluster: Cluster; diagnostics: Diagnostic[]; actionDiagnostics: Diagnostic[]; delta: boolean } {
    const options = JSON.stringify(input.options);
    const actions = JSON.stringify(input.actions);
    const living = this.living;
    if (living && living.options === options && living.actions === actions && living.cluster === input.cluster) {
      const diagnostics = living.yaml === input.yaml ? living.diagnostics : this.cluster.sync(input.yaml);
      if (diagnostics) {
        this.living = { ...living, yaml: input.yaml, diagnostics };
        return { cluster: this.cluster, diagnostics, actionDiagnostics: living.actionDiagnostics, delta: true };
      }
    }
    const cluster = createCluster(input.yaml, input.options);
    const diagnostics = [...cluster.diagnostics];
    const actionDiagnostics = input.actions.flatMap((action) => cluster.act(action));
    this.living = {
      yaml: input.yaml,
      options,
      actions,
      diagnostics,
      actionDiagnostics,
      cluster: input.cluster,
      proxyMode: input.options.proxyMode,
    };
    this.cluster = cluster;
    return { cluster, diagnostics, actionDiagnostics, delta: false };
  }

  async simulate(input: SimulationInput): Promise<SimulationSnapshot> {
    const snapshot = await this.run(input);
    return { ...snapshot, events: this.cluster.events() };
  }

  /** A simulation without its events (copying all of them is the caller's choice: simulateDelta copies only the new ones). */
  private async run(input: SimulationInput): Promise<Omit<SimulationSnapshot, 'events'>> {
    const started = performance.now();
    const { cluster, diagnostics, actionDiagnostics, delta } = this.update(input);
    const objects = cluster.objects({ copy: false }); // postMessage copies them
    this.objectCount = objects.length;
    const simulated = performance.now();
    // Drawing the graph is one pass over every object, without beats of its own.
    this.beat(allowanceForObjects(objects.length));
    // An edit of the living cluster keeps what was on screen where it was (incremental layout).
    const previous = delta && this.shownSystem === input.showSystem ? { previous: this.graph } : {};
    const graph = await layoutGraph(
      buildGraph(objects, {
        showSystem: input.showSystem,
        ...(input.expand?.length ? { expand: input.expand } : {}),
        envServices: (pod) => cluster.envServices(pod.metadata.name, namespaceOf(pod)),
        cache: this.cacheFor(cluster),
      }),
      this.elk,
      { ...previous, memo: this.layoutMemo },
    );
    this.shownSystem = input.showSystem;
    const sources: Record<string, SourceLocation> = {};
    for (const node of graph.nodes) {
      if (!node.ref || node.type === 'kube-proxy') continue;
      const location = cluster.sourceOf(node.ref.kind as Kind, node.ref.name, node.ref.namespace);
      if (location) sources[node.id] = location;
    }
    this.graph = graph;
    this.revision += 1;
    return {
      revision: this.revision,
      objects,
      diagnostics,
      actionDiagnostics,
      graph,
      sources,
      now: cluster.now(),
      timings: { simulateMs: simulated - started, layoutMs: performance.now() - simulated },
    };
  }

  /** What signing the snapshot may reuse: objects' signatures, and the content of the graph's reused elements. */
  private reuse(): Signatures {
    return { objects: this.signatures, ...(this.graphCache ? { elements: this.graphCache.cache.contents } : {}) };
  }

  private cacheFor(cluster: Cluster): BuildCache {
    if (this.graphCache?.cluster !== cluster) this.graphCache = { cluster, cache: buildCache() };
    return this.graphCache.cache;
  }

  async simulateDelta(input: SimulationInput, held: number | undefined): Promise<SnapshotUpdate> {
    const sentFrom = this.sentCluster;
    const next = await this.run(input);
    // Comparing with what was sent is one more pass over every object.
    this.beat(allowanceForObjects(next.objects.length));
    const prev = this.sent;
    const count = this.cluster.eventCount();
    this.sentCluster = this.cluster;
    if (prev && held === prev.revision) {
      // A cluster that lived on only appended events: the new ones are copied, not the whole Timeline.
      const events =
        sentFrom === this.cluster && count >= prev.events ? { appended: this.cluster.events(prev.events) } : { all: this.cluster.events() };
      const { delta, sent } = diffFromSent(prev, next, events, count, this.reuse());
      this.sent = sent;
      return { delta };
    }
    this.sent = fingerprint(next, count, this.reuse());
    return { snapshot: { ...next, events: this.cluster.events() } };
  }

  async send(request: SendRequest): Promise<TraceResult> {
    const trace = this.cluster.send(request);
    return { request, trace, placed: placeHops(this.graph, request, trace) };
  }

  async sendMany(request: SendRequest, count: number): Promise<SpreadResult> {
    const total = Math.max(0, Math.min(MAX_SPREAD, Math.floor(count)));
    const counts: Record<string, number> = {};
    const failures: Record<string, number> = {};
    for (let i = 0; i < total; i++) {
      this.beat(0);
      // Each request is a new connection from a new ephemeral port, as `curl` in a loop makes.
      const trace = this.cluster.send({ ...request, sourcePort: 32768 + (i % 28000) });
      const key = trace.pod ? `${trace.pod.namespace}/${trace.pod.name}` : trace.external ? `external ${trace.external.host}` : undefined;
      if (key) counts[key] = (counts[key] ?? 0) + 1;
      else failures[trace.reason ?? 'failed'] = (failures[trace.reason ?? 'failed'] ?? 0) + 1;
    }
    return { counts, failures, total };
  }

  async dns(query: string, options: DnsQueryOptions): Promise<DnsResponse> {
    return this.cluster.dns(query, options);
  }

  async pod(name: string, namespace: string): Promise<PodInspection | undefined> {
    const env = this.cluster.env(name, namespace);
    const resolvConf = this.cluster.resolvConf(name, namespace);
    return env && resolvConf !== undefined ? { env, resolvConf } : undefined;
  }

  async service(name: string, namespace: string): Promise<ServiceInspection | undefined> {
    const service = this.cluster.get('Service', name, namespace);
    if (!service) return undefined;
    const fqdn = `${name}.${namespace}.svc.${this.cluster.options.clusterDomain}`;
    const dns: ServiceInspection['dns'] = [{ query: fqdn, type: 'A', response: this.cluster.dns(fqdn, { type: 'A' }) }];
    for (const port of service.spec.ports) {
      if (!port.name) continue; // SRV records exist for named ports only (Kubernetes DNS spec 2.4.2)
      const srv = `_${port.name}._${port.protocol.toLowerCase()}.${fqdn}`;
      dns.push({ query: srv, type: 'SRV', response: this.cluster.dns(srv, { type: 'SRV' }) });
    }
    return { envVars: serviceEnvVars(service), dns };
  }

  async endpointSlice(name: string, namespace: string): Promise<EndpointSliceInspection | undefined> {
    const slice = this.cluster.get('EndpointSlice', name, namespace);
    return slice ? { yaml: kubectlYaml(slice) } : undefined;
  }

  async proxyRules(node: string): Promise<{ mode: 'iptables' | 'nftables'; text: string }> {
    this.beat(allowanceForObjects(this.objectCount));
    const mode = this.living?.proxyMode ?? 'iptables';
    return mode === 'nftables' ? { mode, text: this.cluster.nft(node) } : { mode: 'iptables', text: this.cluster.iptables(node) };
  }

  async iptables(node: string): Promise<string> {
    this.beat(allowanceForObjects(this.objectCount));
    return this.cluster.iptables(node);
  }

  // --- Migrating to the Gateway API (issue 17) ---

  private migrationSource(): MigrationSource {
    const living = this.living;
    return {
      cluster: this.cluster,
      yaml: living?.yaml ?? '',
      options: living ? (JSON.parse(living.options) as ClusterOptions) : {},
      actions: living ? (JSON.parse(living.actions) as MigrationSource['actions']) : [],
    };
  }

  /** The plan for the living input, made once per input. */
  private currentMigration(): NonNullable<EngineSession['migration']> {
    const living = this.living;
    const key = living ? JSON.stringify([living.yaml, living.options, living.actions, living.cluster]) : '';
    if (this.migration?.key !== key) this.migration = { key, plan: migrationPlan(this.migrationSource()) };
    return this.migration;
  }

  async migrationPlan(): Promise<MigrationPlan> {
    return this.currentMigration().plan;
  }

  async compareMigration(request: SendRequest): Promise<MigrationComparison> {
    const migration = this.currentMigration();
    if (migration.plan.problem) throw new Error(migration.plan.problem);
    const source = this.migrationSource();
    migration.gateways ??= gatewayCluster(source, migration.plan);
    if (typeof migration.gateways === 'string') throw new Error(`The Gateway version could not be built: ${migration.gateways}`);
    return compare(source, migration.gateways, request);
  }

  async editorSchema(): Promise<Record<string, unknown>> {
    return editorSchema();
  }
}
