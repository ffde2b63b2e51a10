/**
 * The simulated cluster: the apply pipeline (parse -> decode -> validate -> admit -> controllers)
 * and the public methods of `Cluster`.
 */
import type { Diagnostic, SourceLocation } from './diagnostics';
import { START_OF_TEXT, hasErrors } from './diagnostics';
import type { ClusterOptions, ResolvedOptions } from './options';
import { resolveOptions } from './options';
import type { Manifest } from './parse/manifests';
import { parseManifests } from './parse/manifests';
import { ClusterState } from './state';
import { DEFAULT_NAMESPACE, namespaceOf } from './model/meta';
import type { SimEvent } from './state';
import type { ClusterObject, Endpoints, Kind, Node, ObjectOfKind } from './model/types';
import { CLUSTER_SCOPED } from './model/types';
import { KINDS, SUPPORTED_KINDS, kindHandler } from './apiserver/kinds';
import { suggestKind } from './apiserver/kind-suggestion';
import type { FieldError } from './validate/field-errors';
import { reconcileEndpointControllers } from './controllers/endpoint-controllers';
import { reconcileIngressStatus } from './controllers/ingress-status';
import { reconcileGatewayInfra, reconcileGatewayStatus } from './gateway/controller';
import { bootstrapManifests } from './bootstrap';
import { releaseService } from './apiserver/registry/service';
import { deleteDeployment, deletePod, deleteReplicaSet, reconcileReplicaSet } from './controllers/workloads';
import { objectKey } from './store';
import { checkReferences } from './controllers/references';
import { restartContainers } from './controllers/kubelet';
import type { DnsQueryOptions, DnsResponse } from './dns/types';
import { queryDNS } from './dns/query';
import { envFromServices } from './envvars/service-env';
import { containerEnv } from './envvars/container-env';
import { renderResolvConf, resolvConfFor } from './dns/resolv-conf';
import type { SendRequest, Trace } from './trace/types';
import { send } from './trace/send';
import { iptablesSave } from './proxy/iptables';
import { nftList } from './proxy/nft';
import { setNodeReady } from './proxy/node-lifecycle';
import { setPodReady } from './actions/pod-readiness';
import { startPodTermination } from './actions/pod-termination';
import type { SimulationAction } from './actions/types';
import { progress } from './util/progress';

export interface Cluster {
  /** The options in force, with defaults filled in. */
  readonly options: ResolvedOptions;
  /** Every diagnostic so far: createCluster's and those of later apply/delete calls. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Every object, with defaults and status filled in: copies, so changing them changes nothing.
   * `{ copy: false }` returns the stored objects themselves, for a caller that only reads or
   * serializes them at once (the worker, whose postMessage copies anyway): never change those.
   */
  objects(options?: { copy?: boolean }): ClusterObject[];
  get<K extends Kind>(kind: K, name: string, namespace?: string): ObjectOfKind<K> | undefined;
  /** The Endpoints object of a Service, as `kubectl get endpoints NAME -o yaml` shows it. */
  endpoints(serviceName: string, namespace?: string): Endpoints | undefined;
  nodes(): Node[];
  /** What happened, in simulated time order (created, allocated, scheduled, started). */
  /** The events recorded, from the `from`th on (all by default): copies. The list only grows while the cluster lives. */
  events(from?: number): SimEvent[];
  /** How many events the cluster has recorded. */
  eventCount(): number;
  /** Applies more YAML after what is there (later in simulated time); returns its diagnostics. */
  apply(yaml: string): Diagnostic[];
  /**
   * Makes the cluster hold what the whole document now says, as `kubectl apply --prune` of the
   * edited file would: objects whose document changed (or is new) are applied, objects whose
   * document was taken out are deleted, and unchanged ones are left alone (no event, no new
   * resourceVersion). Returns the diagnostics of the whole document, as createCluster would give
   * them. Undefined, changing nothing, when the document cannot be compared object by object
   * (an object named by `generateName`): build a new cluster instead.
   */
  sync(yaml: string): Diagnostic[] | undefined;
  /**
   * Deletes an object as `kubectl delete` would, with its dependents; returns diagnostics. A pod
   * deleted with `gracePeriodSeconds` > 0 is not removed but becomes Terminating
   * (deletionTimestamp set): its endpoints turn serving+terminating and its ReplicaSet replaces it;
   * deleting it again without a grace period removes it.
   */
  delete(kind: Kind, name: string, namespace?: string, options?: DeleteOptions): Diagnostic[];
  /** The simulated clock, as an RFC 3339 timestamp. */
  now(): string;
  /**
   * A container's environment as the kubelet set it when the container started
   * (makeEnvironmentVariables): its own `env` (values with `$(VAR)` expanded, `valueFrom.fieldRef`
   * read from the pod) over the Service variables of the Services that existed then
   * (`{SVC}_SERVICE_HOST`, `{SVC}_PORT_...`), sorted by name. `envFrom` (ConfigMaps, Secrets) and
   * `resourceFieldRef`/`configMapKeyRef`/`secretKeyRef` are not simulated and add nothing. The first
   * container unless `container` names another. Undefined for no such pod or container.
   */
  env(podName: string, namespace?: string, container?: string): Record<string, string> | undefined;
  /**
   * The Services whose variables the kubelet injected into the pod's containers when they last
   * started (getServiceEnvVarMap, pkg/kubelet/kubelet_pods.go), as `namespace/name`, in the
   * order of the variables. Undefined for no such pod.
   */
  envServices(podName: string, namespace?: string): string[] | undefined;
  /** A DNS query, as the pod's resolver would make it (search path, ndots) or, without fromPod, for an absolute name. */
  dns(query: string, options?: DnsQueryOptions): DnsResponse;
  /** The pod's /etc/resolv.conf. Undefined for no such pod. */
  resolvConf(podName: string, namespace?: string): string | undefined;
  /** Restarts a pod's containers: they get the environment of the Services that exist now. */
  restartPod(podName: string, namespace?: string): Diagnostic[];
  /** Follows one new connection (or ping) hop by hop: DNS, cloud load balancer, kube-proxy, nodes, the pod. */
  send(request: SendRequest): Trace;
  /** The nat (and filter) table kube-proxy writes on the node, in iptables-save format. Throws for an unknown node. */
  iptables(nodeName: string): string;
  /**
   * The `ip kube-proxy` table kube-proxy writes on the node in nftables mode, as `nft list table ip
   * kube-proxy` prints it (pkg/proxy/nftables/proxier.go). The packets of `send` walk it when the
   * cluster runs with `proxyMode: 'nftables'`; in iptables mode it shows what that mode would write.
   * Throws for an unknown node.
   */
  nft(nodeName: string): string;
  /** Node failure and recovery: pods on a NotReady node become Ready=False and leave the endpoints; load balancers skip it. */
  setNodeReady(nodeName: string, ready: boolean): void;
  /** A readiness probe starts failing (false) or passing (true): the pod leaves or rejoins the endpoints. */
  setPodReady(podName: string, ready: boolean, namespace?: string): Diagnostic[];
  /**
   * Where an object was written in the text given to createCluster (the whole YAML document), or,
   * for objects a controller made (pods of a Deployment, a Service's Endpoints), where their owner
   * was. Undefined for objects of the bootstrap or of later `apply` calls.
   */
  sourceOf(kind: Kind, name: string, namespace?: string): SourceLocation | undefined;
  /** Carries out one runtime action (apply, delete, restart, readiness, node failure); returns its diagnostics. */
  act(action: SimulationAction): Diagnostic[];
}

/** metav1.DeleteOptions, the part the simulation uses. */
export interface DeleteOptions {
  /** `--grace-period`: for pods, how long they stay Terminating. Default: removed at once. */
  gracePeriodSeconds?: number;
}

interface Identity {
  kind?: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
}

function identityOf(raw: unknown): Identity {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const meta = (typeof r.metadata === 'object' && r.metadata !== null ? r.metadata : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return { kind: str(r.kind), apiVersion: str(r.apiVersion), name: str(meta.name), namespace: str(meta.namespace) };
}

/** What the last `sync` (or createCluster) applied for one object of the document. */
interface DocumentEntry {
  kind: Kind;
  name: string;
  namespace: string | undefined;
  /** The object as JSON and its lines of text: both equal means the document is unchanged. */
  json: string;
  text: string;
  /**
   * The parsed object: a document parsed before gives the same (frozen) object again
   * (parse/by-document.ts), and then its text is the same too, with no need to compare.
   */
  raw: unknown;
  location: SourceLocation;
  diagnostics: Diagnostic[];
  /** Applied without errors (an object applied with errors is tried again each time). */
  ok: boolean;
}

/** How `sync` can tell a manifest's object: its key, or why it has none. */
type DocumentKey =
  | { key: string; kind: Kind; name: string; namespace: string | undefined }
  /** Nothing the API server would store (a kind that is not simulated): applied for its diagnostics. */
  | { key?: undefined; inert: true }
  /** No kind, name or served apiVersion yet (being typed): applied, but nothing is pruned while it is there. */
  | { key?: undefined; inert: false; generated: boolean };

function linesOf(lines: readonly string[], location: SourceLocation): string {
  return lines.slice(location.line - 1, location.endLine).join('\n');
}

/** Diagnostics of an unchanged document moved to where the document now is. */
function moved(diagnostics: readonly Diagnostic[], from: SourceLocation, to: Manifest): Diagnostic[] {
  const shift = to.location.line - from.line;
  if (shift === 0 && diagnostics.every((d) => d.document === to.document)) return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, line: d.line + shift, endLine: d.endLine + shift, document: to.document }));
}

function toDiagnostic(error: FieldError, manifest: Manifest, id: Identity): Diagnostic {
  const location: SourceLocation = manifest.positions.locate(error.at ?? error.field) ?? manifest.location;
  return {
    ...location,
    severity: error.severity,
    message: error.message,
    field: error.field,
    type: error.type,
    ...('value' in error ? { value: error.value } : {}),
    ...(error.renderedValue !== undefined ? { renderedValue: error.renderedValue } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
    document: manifest.document,
    ...(id.kind ? { kind: id.kind } : {}),
    ...(id.name ? { name: id.name } : {}),
    ...(id.namespace ? { namespace: id.namespace } : {}),
  };
}

const REMOVED_API_VERSIONS: Record<string, string> = {
  'extensions/v1beta1': 'apps/v1',
  'apps/v1beta1': 'apps/v1',
  'apps/v1beta2': 'apps/v1',
  'discovery.k8s.io/v1beta1': 'discovery.k8s.io/v1',
  'networking.k8s.io/v1beta1': 'networking.k8s.io/v1',
};

/** The messages ValidateServiceUpdate (and its kin) give for a field that cannot change in place. */
const IMMUTABLE = /: (may not change once set|field is immutable)$/;

function onlyImmutableErrors(diagnostics: readonly Diagnostic[]): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0 && errors.every((d) => IMMUTABLE.test(d.message));
}

/**
 * A value `kubectl apply` would keep although the document no longer says it: the registry's
 * patchAllocatedValues (pkg/registry/core/service/storage/storage.go) copies the old clusterIP into
 * an update that leaves it out — also `None`, so a Service stays headless when `clusterIP: None`
 * is deleted from its manifest. svcscope shows what the document says (the same picture however
 * the document came to be) by re-creating the object, and says what kubectl would have done.
 */
function keptByApply(
  state: ClusterState,
  kind: Kind,
  name: string,
  namespace: string | undefined,
  raw: unknown,
): { field: string; message: string } | undefined {
  if (kind !== 'Service') return undefined;
  const old = state.store.get('Service', name, namespace ?? DEFAULT_NAMESPACE);
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const spec = record(record(raw)?.spec);
  if (!old || old.spec.clusterIP !== 'None' || !spec || spec.type === 'ExternalName') return undefined;
  if (spec.clusterIP !== undefined || spec.clusterIPs !== undefined) return undefined;
  return {
    field: 'spec.clusterIP',
    message:
      'spec.clusterIP: the document no longer says clusterIP: None, but kubectl apply would keep it (the API server keeps an allocated clusterIP an update leaves out: patchAllocatedValues); svcscope deleted the Service and created it again, as kubectl replace --force does, so it gets a ClusterIP',
  };
}

/** The refused update, said as what happened instead: the object was re-created. */
function recreatedNote(d: Diagnostic): Diagnostic {
  if (d.severity !== 'error' || !IMMUTABLE.test(d.message)) return d;
  const what = d.kind ?? 'object';
  return {
    ...d,
    severity: 'info',
    type: 'Hint',
    message: `${d.message} — kubectl apply would refuse this edit; svcscope deleted the ${what} and created it again, as kubectl replace --force does (it gets new addresses and events)`,
  };
}

export class SimulatedCluster implements Cluster {
  private readonly state: ClusterState;
  /** The objects of the document, by object key, as the last sync applied them. */
  private readonly document = new Map<string, DocumentEntry>();
  /** The batch of the last sync: objects it applied or kept have their source in it. */
  private documentBatch = 1;
  /** The document has objects named by generateName, which sync cannot follow. */
  private generatedNames = false;

  constructor(yaml: string, options: ClusterOptions = {}) {
    const { options: resolved, problems } = resolveOptions(options);
    this.state = new ClusterState(resolved);
    this.state.createNodes();
    this.applyText(bootstrapManifests(resolved));
    for (const key of this.state.userEndpoints) this.state.systemEndpoints.add(key);
    this.state.userEndpoints.clear();
    this.state.diagnostics = problems.map((p) => ({ ...START_OF_TEXT, severity: 'warning', field: '', type: 'Hint', message: p.message }));
    this.state.tick(60); // the cluster has been up for a minute when the user's objects arrive
    this.state.diagnostics.push(...this.syncDocument(parseManifests(yaml), yaml, true));
  }

  get options(): ResolvedOptions {
    return this.state.options;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.state.diagnostics;
  }

  objects(options: { copy?: boolean } = {}): ClusterObject[] {
    const all = this.state.store.all();
    return options.copy === false ? all : structuredClone(all);
  }

  get<K extends Kind>(kind: K, name: string, namespace = 'default'): ObjectOfKind<K> | undefined {
    const obj = this.state.store.get(kind, name, CLUSTER_SCOPED.has(kind) ? undefined : namespace);
    return obj ? structuredClone(obj) : undefined;
  }

  endpoints(serviceName: string, namespace = 'default'): Endpoints | undefined {
    return this.get('Endpoints', serviceName, namespace);
  }

  nodes(): Node[] {
    return structuredClone(this.state.store.list('Node'));
  }

  events(from = 0): SimEvent[] {
    return structuredClone(from > 0 ? this.state.events.slice(from) : this.state.events);
  }

  eventCount(): number {
    return this.state.events.length;
  }

  now(): string {
    return this.state.timestamp();
  }

  env(podName: string, namespace = 'default', container?: string): Record<string, string> | undefined {
    const pod = this.state.store.get('Pod', podName, namespace);
    if (!pod) return undefined;
    const target = container === undefined ? pod.spec.containers[0] : pod.spec.containers.find((c) => c.name === container);
    const services = envFromServices(this.state.podEnv.get(pod.metadata.uid) ?? []);
    if (!target) return container === undefined ? Object.fromEntries(services.sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
    const { env } = containerEnv(pod, target, services);
    return Object.fromEntries([...env].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  envServices(podName: string, namespace = 'default'): string[] | undefined {
    const pod = this.state.store.get('Pod', podName, namespace);
    if (!pod) return undefined;
    return (this.state.podEnv.get(pod.metadata.uid) ?? []).map((s) => `${namespaceOf(s)}/${s.metadata.name}`);
  }

  dns(query: string, options: DnsQueryOptions = {}): DnsResponse {
    return queryDNS(this.state, query, options);
  }

  resolvConf(podName: string, namespace = 'default'): string | undefined {
    const pod = this.state.store.get('Pod', podName, namespace);
    return pod ? renderResolvConf(resolvConfFor(pod, this.state.options)) : undefined;
  }

  restartPod(podName: string, namespace = 'default'): Diagnostic[] {
    const pod = this.state.store.get('Pod', podName, namespace);
    if (!pod) return [this.runtimeError('Pod', podName, `pods "${podName}" not found`)];
    this.state.tick();
    restartContainers(this.state, pod);
    reconcileIngressStatus(this.state);
    reconcileGatewayStatus(this.state, this.state.batch);
    return [];
  }

  send(request: SendRequest): Trace {
    return send(this.state, request);
  }

  iptables(nodeName: string): string {
    return iptablesSave(this.state, nodeName);
  }

  nft(nodeName: string): string {
    return nftList(this.state, nodeName);
  }

  // Runtime actions change pod readiness, which ingress-nginx's status sync reads (without
  // --publish-service, the nodes of its Ready pods): its status follows them as it does after apply.
  setNodeReady(nodeName: string, ready: boolean): void {
    setNodeReady(this.state, nodeName, ready);
    reconcileIngressStatus(this.state);
    reconcileGatewayStatus(this.state, this.state.batch);
  }

  setPodReady(podName: string, ready: boolean, namespace = 'default'): Diagnostic[] {
    const problem = setPodReady(this.state, podName, namespace, ready);
    if (problem) return [this.runtimeError('Pod', podName, problem)];
    reconcileIngressStatus(this.state);
    reconcileGatewayStatus(this.state, this.state.batch);
    return [];
  }

  sourceOf(kind: Kind, name: string, namespace = 'default'): SourceLocation | undefined {
    for (let depth = 0; depth < 4; depth++) {
      const ns = CLUSTER_SCOPED.has(kind) ? undefined : namespace;
      const source = this.state.sources.get(objectKey(kind, name, ns));
      if (source) return source.batch === this.documentBatch ? source.manifest.location : undefined;
      const obj = this.state.store.get(kind, name, ns);
      if (!obj) return undefined;
      const owner = obj.metadata.ownerReferences?.find((o) => o.controller) ?? obj.metadata.ownerReferences?.[0];
      if (owner) {
        kind = owner.kind as Kind;
        name = owner.name;
      } else if (kind === 'Endpoints' || kind === 'EndpointSlice') {
        name = kind === 'EndpointSlice' ? (obj.metadata.labels?.['kubernetes.io/service-name'] ?? name) : name;
        kind = 'Service';
      } else {
        return undefined;
      }
    }
    return undefined;
  }

  act(action: SimulationAction): Diagnostic[] {
    switch (action.type) {
      case 'apply':
        return this.apply(action.yaml);
      case 'delete':
        return this.delete(
          action.kind,
          action.name,
          action.namespace,
          action.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: action.gracePeriodSeconds } : {},
        );
      case 'restartPod':
        return this.restartPod(action.pod, action.namespace);
      case 'setPodReady':
        return this.setPodReady(action.pod, action.ready, action.namespace);
      case 'setNodeReady':
        if (!this.state.store.get('Node', action.node)) return [this.runtimeError('Node', action.node, `nodes "${action.node}" not found`)];
        this.setNodeReady(action.node, action.ready);
        return [];
    }
  }

  /** An answer without field causes: `nodes "x" not found` (metav1.StatusReasonNotFound). */
  private runtimeError(kind: Kind, name: string, message: string): Diagnostic {
    return { ...START_OF_TEXT, severity: 'error', field: '', type: 'NotFound', kind, name, message };
  }

  apply(yaml: string): Diagnostic[] {
    this.state.batch += 1;
    const diagnostics = this.applyText(yaml);
    this.state.diagnostics.push(...diagnostics);
    return diagnostics;
  }

  delete(kind: Kind, name: string, namespace = 'default', options: DeleteOptions = {}): Diagnostic[] {
    const { state } = this;
    this.state.tick();
    const ns = CLUSTER_SCOPED.has(kind) ? undefined : namespace;
    const obj = state.store.get(kind, name, ns);
    if (!obj) {
      const resource = `${kind.toLowerCase()}s`;
      return [{ ...START_OF_TEXT, severity: 'error', field: '', type: 'NotFound', kind, name, message: `${resource} "${name}" not found` }];
    }
    switch (obj.kind) {
      case 'Service':
        releaseService({ state }, obj);
        state.store.remove(kind, name, ns);
        break;
      case 'Deployment':
        deleteDeployment(state, obj);
        state.store.remove(kind, name, ns);
        break;
      case 'ReplicaSet':
        deleteReplicaSet(state, obj);
        break;
      case 'Pod': {
        const grace = options.gracePeriodSeconds ?? 0;
        if (grace > 0 && obj.metadata.deletionTimestamp === undefined) {
          startPodTermination(state, obj, grace);
          const owner = obj.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet');
          const rs = owner ? state.store.get('ReplicaSet', owner.name, ns) : undefined;
          if (rs) reconcileReplicaSet(state, rs);
          reconcileEndpointControllers(state);
          reconcileIngressStatus(state);
          reconcileGatewayStatus(state, state.batch);
          return [];
        }
        deletePod(state, obj);
        // A pod of a ReplicaSet is replaced at once by a new one, with a new name and IP.
        const owner = obj.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet');
        const rs = owner ? state.store.get('ReplicaSet', owner.name, ns) : undefined;
        if (rs) state.retiredPodNames.add(`${ns}/${name}`);
        if (rs) reconcileReplicaSet(state, rs);
        break;
      }
      case 'Endpoints':
        state.userEndpoints.delete(`${ns}/${name}`);
        state.store.remove(kind, name, ns);
        break;
      default:
        state.store.remove(kind, name, ns);
    }
    state.record({ type: 'Normal', reason: 'Deleted', kind, name, ...(ns ? { namespace: ns } : {}), message: `${kind} deleted` });
    reconcileGatewayInfra(state);
    reconcileEndpointControllers(state);
    reconcileIngressStatus(state);
    reconcileGatewayStatus(state, state.batch);
    return [];
  }

  sync(yaml: string): Diagnostic[] | undefined {
    const parsed = parseManifests(yaml);
    const keys = parsed.manifests.map((m) => this.documentKey(m));
    if (this.generatedNames || keys.some((k) => k.key === undefined && !k.inert && k.generated)) return undefined;
    const diagnostics = this.syncDocument(parsed, yaml, false, keys);
    this.state.diagnostics.push(...diagnostics);
    return diagnostics;
  }

  private syncDocument(
    parsed: ReturnType<typeof parseManifests>,
    yaml: string,
    fresh: boolean,
    keys: DocumentKey[] = parsed.manifests.map((m) => this.documentKey(m)),
  ): Diagnostic[] {
    const { state } = this;
    state.batch += 1;
    this.documentBatch = state.batch;
    this.generatedNames = keys.some((k) => k.key === undefined && !k.inert && k.generated);
    const diagnostics = [...parsed.diagnostics];
    // Only a text that gave manifests is cut into lines: an oversize one (10 MB pasted) is refused
    // by parseManifests before anything reads it, and is not copied here either.
    let cut: string[] | undefined;
    const lines = (): string[] => (cut ??= parsed.manifests.length > 0 ? yaml.split('\n') : []);
    const occurrences = new Map<string, number>();
    for (const k of keys) if (k.key !== undefined) occurrences.set(k.key, (occurrences.get(k.key) ?? 0) + 1);
    // Prune only when every document could be read and named: a document being typed (a YAML
    // error, no kind or name yet) leaves its old object in place, as kubectl refuses such a file.
    const prune = !fresh && !parsed.diagnostics.some((d) => d.severity === 'error') && keys.every((k) => k.key !== undefined || k.inert);
    if (prune) {
      for (const [key, entry] of this.document) {
        if (occurrences.has(key)) continue;
        this.document.delete(key);
        if (state.store.get(entry.kind, entry.name, entry.namespace)) this.delete(entry.kind, entry.name, entry.namespace);
        state.sources.delete(key);
      }
    }
    parsed.manifests.forEach((manifest, i) => {
      progress();
      const k = keys[i];
      const entry = k?.key !== undefined ? this.document.get(k.key) : undefined;
      const same = entry !== undefined && entry.raw === manifest.raw;
      const text = same ? entry.text : linesOf(lines(), manifest.location);
      const json = same ? entry.json : (JSON.stringify(manifest.raw) ?? '');
      if (k?.key !== undefined && entry?.ok && occurrences.get(k.key) === 1 && entry.json === json && entry.text === text) {
        // Unchanged: `kubectl apply` says "unchanged" and the API server is not asked again.
        const kept = moved(entry.diagnostics, entry.location, manifest);
        diagnostics.push(...kept);
        this.document.set(k.key, { ...entry, raw: manifest.raw, location: manifest.location, diagnostics: kept });
        if (state.sources.has(k.key)) state.sources.set(k.key, { manifest, batch: state.batch });
        return;
      }
      state.tick();
      const named = k?.key !== undefined ? k : undefined;
      const kept = named && !fresh ? keptByApply(state, named.kind, named.name, named.namespace, manifest.raw) : undefined;
      if (kept && named) this.delete(named.kind, named.name, named.namespace);
      let own = this.applyManifest(manifest);
      if (kept && named)
        own = [
          ...own,
          {
            ...manifest.location,
            severity: 'info',
            field: kept.field,
            type: 'Hint',
            kind: named.kind,
            name: named.name,
            message: kept.message,
          },
        ];
      if (!fresh && k?.key !== undefined && onlyImmutableErrors(own) && state.store.get(k.kind, k.name, k.namespace)) {
        // `kubectl apply` refuses a change of an immutable field ("may not change once set"); an
        // editor would then be stuck. svcscope does what `kubectl replace --force` (and
        // `kubectl apply --force`) does: it deletes the object and creates it anew — and says so.
        this.delete(k.kind, k.name, k.namespace);
        state.tick();
        const recreated = this.applyManifest(manifest);
        own = hasErrors(recreated) ? recreated : [...own.map(recreatedNote), ...recreated];
      }
      diagnostics.push(...own);
      if (k?.key !== undefined) {
        const { key, kind, name, namespace } = k;
        this.document.set(key, {
          kind,
          name,
          namespace,
          json,
          text,
          raw: manifest.raw,
          location: manifest.location,
          diagnostics: own,
          ok: !hasErrors(own),
        });
      }
    });
    diagnostics.push(...checkReferences(state, state.batch));
    // Envoy Gateway: the proxies of new Gateways first (their pods become endpoints), then statuses.
    reconcileGatewayInfra(state);
    reconcileEndpointControllers(state);
    reconcileIngressStatus(state);
    diagnostics.push(...reconcileGatewayStatus(state, state.batch));
    return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private documentKey(manifest: Manifest): DocumentKey {
    const id = identityOf(manifest.raw);
    const generated = (manifest.raw as { metadata?: { generateName?: unknown } } | null)?.metadata?.generateName !== undefined;
    if (!id.kind || !id.apiVersion) return { inert: false, generated: false };
    const handler = kindHandler(id.kind);
    if (!handler) return { inert: true };
    if (!handler.apiVersions.includes(id.apiVersion) || !id.name) return { inert: false, generated: !id.name && generated };
    const namespace = handler.namespaced ? id.namespace || 'default' : undefined;
    return { key: objectKey(handler.kind, id.name, namespace), kind: handler.kind, name: id.name, namespace };
  }

  private applyText(yaml: string): Diagnostic[] {
    const parsed = parseManifests(yaml);
    const diagnostics = [...parsed.diagnostics];
    for (const manifest of parsed.manifests) {
      progress();
      this.state.tick();
      diagnostics.push(...this.applyManifest(manifest));
    }
    diagnostics.push(...checkReferences(this.state, this.state.batch));
    // Envoy Gateway: the proxies of new Gateways first (their pods become endpoints), then statuses.
    reconcileGatewayInfra(this.state);
    reconcileEndpointControllers(this.state);
    reconcileIngressStatus(this.state);
    diagnostics.push(...reconcileGatewayStatus(this.state, this.state.batch));
    return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private applyManifest(manifest: Manifest): Diagnostic[] {
    const id = identityOf(manifest.raw);
    const located = (error: FieldError): Diagnostic => toDiagnostic(error, manifest, id);
    // What kubectl cannot send at all: no object, no kind or apiVersion, no such kind in that version.
    const fail = (field: string, message: string): Diagnostic[] => [located({ field, message, type: 'DecodeError', severity: 'error' })];
    if (typeof manifest.raw !== 'object' || manifest.raw === null || Array.isArray(manifest.raw)) {
      return fail('', 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)');
    }
    if (!id.kind) return fail('kind', "Object 'Kind' is missing (every object needs `kind:`, e.g. `kind: Service`)");
    if (!id.apiVersion) return fail('apiVersion', "Object 'apiVersion' is missing (e.g. `apiVersion: v1` for a Service)");
    const handler = kindHandler(id.kind);
    if (!handler) {
      // A typo of a served kind: kubectl's REST mapper refuses it (the object never reaches the cluster).
      const suggestion = suggestKind(id.kind, SUPPORTED_KINDS);
      if (suggestion) return fail('kind', `no matches for kind "${id.kind}" in version "${id.apiVersion}" (did you mean ${suggestion}?)`);
      const known = KINDS.map((k) => k.kind).join(', ');
      return [
        located({
          field: 'kind',
          type: 'Hint',
          severity: 'warning',
          message: `kind ${id.kind} is not simulated and is skipped (simulated kinds: ${known})`,
        }),
      ];
    }
    if (!handler.apiVersions.includes(id.apiVersion)) {
      const replacement = REMOVED_API_VERSIONS[id.apiVersion];
      const hint =
        replacement && handler.apiVersions.includes(replacement)
          ? ` (use apiVersion: ${replacement})`
          : ` (served: ${handler.apiVersions.join(', ')})`;
      return fail('apiVersion', `no matches for kind "${id.kind}" in version "${id.apiVersion}"${hint}`);
    }
    const name = id.name ?? this.generatedName(manifest.raw, handler.kind);
    const namespace = handler.namespaced ? id.namespace || 'default' : undefined;
    const errors = handler.process(manifest.raw, {
      state: this.state,
      manifest,
      apiVersion: id.apiVersion,
      name: name ?? '',
      ...(namespace ? { namespace } : {}),
    });
    const stored = name ? this.state.store.get(handler.kind, name, namespace) : undefined;
    if (stored && !errors.some((e) => e.severity === 'error')) {
      this.state.sources.set(objectKey(handler.kind, stored.metadata.name, namespace), { manifest, batch: this.state.batch });
    }
    return errors.map((e) =>
      toDiagnostic(e, manifest, { ...id, ...(name ? { name } : {}), ...(namespace && handler.namespaced ? { namespace } : {}) }),
    );
  }

  private generatedName(raw: object, kind: Kind): string | undefined {
    const generateName = (raw as { metadata?: { generateName?: unknown } }).metadata?.generateName;
    if (typeof generateName !== 'string' || !generateName) return undefined;
    return `${generateName}${this.state.random('generateName', kind, generateName, String(this.state.now)).k8sString(5)}`;
  }
}
