/**
 * The simulated cluster: the apply pipeline (parse -> decode -> validate -> admit -> controllers)
 * and the public methods of `Cluster`.
 */
import type { Diagnostic, SourceLocation } from './diagnostics';
import { START_OF_TEXT } from './diagnostics';
import type { ClusterOptions, ResolvedOptions } from './options';
import { resolveOptions } from './options';
import type { Manifest } from './parse/manifests';
import { parseManifests } from './parse/manifests';
import { ClusterState } from './state';
import type { SimEvent } from './state';
import type { ClusterObject, Endpoints, Kind, Node, ObjectOfKind } from './model/types';
import { CLUSTER_SCOPED } from './model/types';
import { KINDS, kindHandler } from './apiserver/kinds';
import type { FieldError } from './validate/field-errors';
import { reconcileEndpoints } from './controllers/endpoints';
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
import { renderResolvConf, resolvConfFor } from './dns/resolv-conf';
import type { SendRequest, Trace } from './trace/types';
import { send } from './trace/send';
import { iptablesSave } from './proxy/iptables';
import { setNodeReady } from './proxy/node-lifecycle';
import { setPodReady } from './actions/pod-readiness';
import type { SimulationAction } from './actions/types';

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
  events(): SimEvent[];
  /** Applies more YAML after what is there (later in simulated time); returns its diagnostics. */
  apply(yaml: string): Diagnostic[];
  /** Deletes an object as `kubectl delete` would, with its dependents; returns diagnostics. */
  delete(kind: Kind, name: string, namespace?: string): Diagnostic[];
  /** The simulated clock, as an RFC 3339 timestamp. */
  now(): string;
  /**
   * The Service environment variables the kubelet injected into the pod's containers when they
   * started (`{SVC}_SERVICE_HOST`, `{SVC}_PORT_...`), sorted by name. Undefined for no such pod.
   */
  env(podName: string, namespace?: string): Record<string, string> | undefined;
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

function toDiagnostic(error: FieldError, manifest: Manifest, id: Identity): Diagnostic {
  const location: SourceLocation = manifest.positions.locate(error.at ?? error.field) ?? manifest.location;
  return {
    ...location,
    severity: error.severity,
    message: error.message,
    field: error.field,
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

export class SimulatedCluster implements Cluster {
  private readonly state: ClusterState;

  constructor(yaml: string, options: ClusterOptions = {}) {
    const { options: resolved, problems } = resolveOptions(options);
    this.state = new ClusterState(resolved);
    this.state.createNodes();
    this.applyText(bootstrapManifests(resolved));
    for (const key of this.state.userEndpoints) this.state.systemEndpoints.add(key);
    this.state.userEndpoints.clear();
    this.state.diagnostics = problems.map((p) => ({ ...START_OF_TEXT, severity: 'warning', field: '', message: p.message }));
    this.state.tick(60); // the cluster has been up for a minute when the user's objects arrive
    this.apply(yaml);
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

  events(): SimEvent[] {
    return structuredClone(this.state.events);
  }

  now(): string {
    return this.state.timestamp();
  }

  env(podName: string, namespace = 'default'): Record<string, string> | undefined {
    const pod = this.state.store.get('Pod', podName, namespace);
    if (!pod) return undefined;
    const env = envFromServices(this.state.podEnv.get(pod.metadata.uid) ?? []);
    return Object.fromEntries(env.sort(([a], [b]) => (a < b ? -1 : 1)));
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
      if (source) return source.batch === 1 ? source.manifest.location : undefined;
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
        return this.delete(action.kind, action.name, action.namespace);
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

  private runtimeError(kind: Kind, name: string, message: string): Diagnostic {
    return { ...START_OF_TEXT, severity: 'error', field: '', kind, name, message };
  }

  apply(yaml: string): Diagnostic[] {
    this.state.batch += 1;
    const diagnostics = this.applyText(yaml);
    this.state.diagnostics.push(...diagnostics);
    return diagnostics;
  }

  delete(kind: Kind, name: string, namespace = 'default'): Diagnostic[] {
    const { state } = this;
    this.state.tick();
    const ns = CLUSTER_SCOPED.has(kind) ? undefined : namespace;
    const obj = state.store.get(kind, name, ns);
    if (!obj) {
      const resource = `${kind.toLowerCase()}s`;
      return [{ ...START_OF_TEXT, severity: 'error', field: '', kind, name, message: `${resource} "${name}" not found` }];
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
        deletePod(state, obj);
        // A pod of a ReplicaSet is replaced at once by a new one, with a new name and IP.
        const owner = obj.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet');
        const rs = owner ? state.store.get('ReplicaSet', owner.name, ns) : undefined;
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
    reconcileEndpoints(state);
    reconcileIngressStatus(state);
    reconcileGatewayStatus(state, state.batch);
    return [];
  }

  private applyText(yaml: string): Diagnostic[] {
    const parsed = parseManifests(yaml);
    const diagnostics = [...parsed.diagnostics];
    for (const manifest of parsed.manifests) {
      this.state.tick();
      diagnostics.push(...this.applyManifest(manifest));
    }
    diagnostics.push(...checkReferences(this.state, this.state.batch));
    // Envoy Gateway: the proxies of new Gateways first (their pods become endpoints), then statuses.
    reconcileGatewayInfra(this.state);
    reconcileEndpoints(this.state);
    reconcileIngressStatus(this.state);
    diagnostics.push(...reconcileGatewayStatus(this.state, this.state.batch));
    return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private applyManifest(manifest: Manifest): Diagnostic[] {
    const id = identityOf(manifest.raw);
    const located = (error: FieldError): Diagnostic => toDiagnostic(error, manifest, id);
    const fail = (field: string, message: string): Diagnostic[] => [located({ field, message, type: 'Invalid value', severity: 'error' })];
    if (typeof manifest.raw !== 'object' || manifest.raw === null || Array.isArray(manifest.raw)) {
      return fail('', 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)');
    }
    if (!id.kind) return fail('kind', "Object 'Kind' is missing (every object needs `kind:`, e.g. `kind: Service`)");
    if (!id.apiVersion) return fail('apiVersion', "Object 'apiVersion' is missing (e.g. `apiVersion: v1` for a Service)");
    const handler = kindHandler(id.kind);
    if (!handler) {
      const known = KINDS.map((k) => k.kind).join(', ');
      return [
        located({
          field: 'kind',
          type: 'Invalid value',
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
