/**
 * Checks across objects that the API server does not make but that decide whether discovery
 * works: Endpoints without their Service, hand-written Endpoints the controller will overwrite,
 * selectors that match nothing, named target ports no pod has, Ingress backends that do not exist.
 * Each is reported on the object applied in this batch, where the user can fix it.
 */
import type { Diagnostic } from '../diagnostics';
import type { ClusterObject, Pod, Service } from '../model/types';
import type { ClusterState } from '../state';
import { objectKey } from '../store';
import { podsSelectedBy } from './pod-selection';
import { findPort } from './endpoints';
import { SERVICE_NAME_LABEL } from './endpointslice';
import { ingressClassDecision } from '../ingress/ingress-class';
import { controllerPresent, INGRESS_CLASS_ANNOTATION_FIELD } from '../ingress/controller';
import { namespaceOf } from '../model/meta';
import { PODS_PER_NODE_BLOCK } from './ipam';

type Severity = Diagnostic['severity'];

function defaultBackendField(state: ClusterState, ingress: ClusterObject): string {
  const source = state.sources.get(objectKey(ingress.kind, ingress.metadata.name, ingress.metadata.namespace));
  const raw = source?.manifest.raw as { spec?: Record<string, unknown> } | undefined;
  return raw?.spec && 'backend' in raw.spec ? 'spec.backend' : 'spec.defaultBackend';
}

export function checkReferences(state: ClusterState, batch: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Hints are given on the objects written in this batch only: the others need not be checked.
  const written = (obj: ClusterObject): boolean =>
    state.sources.get(objectKey(obj.kind, obj.metadata.name, obj.metadata.namespace))?.batch === batch;
  const report = (obj: ClusterObject, field: string, severity: Severity, message: string): void => {
    const source = state.sources.get(objectKey(obj.kind, obj.metadata.name, obj.metadata.namespace));
    if (!source || source.batch !== batch) return;
    const location = source.manifest.positions.locate(field) ?? source.manifest.location;
    out.push({
      ...location,
      severity,
      field,
      type: 'Hint',
      message: field ? `${field}: ${message}` : message,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      document: source.manifest.document,
    });
  };

  const clusterIPs = new Map<string, Service>();
  for (const s of state.store.list('Service')) {
    if (s.spec.clusterIP && s.spec.clusterIP !== 'None') clusterIPs.set(s.spec.clusterIP, s);
  }

  for (const endpoints of state.store.list('Endpoints')) {
    const ns = namespaceOf(endpoints);
    if (!state.userEndpoints.has(`${ns}/${endpoints.metadata.name}`)) continue;
    const service = state.store.get('Service', endpoints.metadata.name, ns);
    if (!service) {
      report(
        endpoints,
        'metadata.name',
        'warning',
        `no Service "${endpoints.metadata.name}" in namespace "${ns}": Endpoints are used only by the Service of the same name`,
      );
    } else if (Object.keys(service.spec.selector ?? {}).length > 0) {
      report(
        endpoints,
        'subsets',
        'warning',
        `Service "${service.metadata.name}" has a selector, so the endpoints controller owns these Endpoints and replaces the addresses written here; remove the Service's selector to point it at these addresses`,
      );
    }
    endpoints.subsets.forEach((subset, i) =>
      (subset.addresses ?? []).forEach((a, j) => {
        const target = clusterIPs.get(a.ip);
        if (target) {
          report(
            endpoints,
            `subsets[${i}].addresses[${j}].ip`,
            'warning',
            `${a.ip} is the ClusterIP of Service "${target.metadata.name}": Endpoints may hold pod or external IPs, not the virtual IPs of other Services`,
          );
        }
      }),
    );
  }

  for (const service of state.store.list('Service')) {
    const ns = namespaceOf(service);
    if (service.spec.type === 'ExternalName' || !written(service)) continue;
    const selector = service.spec.selector ?? {};
    if (Object.keys(selector).length === 0) {
      // kube-proxy reads EndpointSlices: a hand-written one labelled with the Service's name serves
      // it without any v1 Endpoints ("Custom EndpointSlices", concepts/services-networking/service).
      const name = service.metadata.name;
      const slices = state.store
        .list('EndpointSlice')
        .some((s) => namespaceOf(s) === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
      if (!slices && !state.store.get('Endpoints', name, ns)) {
        report(
          service,
          '',
          'info',
          `no selector and no Endpoints named "${name}" yet, nor an EndpointSlice labelled ${SERVICE_NAME_LABEL}: ${name}: connections to this Service are rejected until one exists`,
        );
      }
      continue;
    }
    const pods = podsSelectedBy(state, ns, selector);
    if (pods.length === 0) {
      const text = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      report(service, 'spec.selector', 'info', `selector ${text} matches no pods in namespace "${ns}": the Service has no endpoints (yet)`);
      continue;
    }
    service.spec.ports.forEach((port, i) => {
      if (typeof port.targetPort === 'string' && pods.every((p) => findPort(p, port) === undefined)) {
        report(
          service,
          `spec.ports[${i}].targetPort`,
          'warning',
          `no selected pod has a ${port.protocol} container port named "${port.targetPort}": this port has no endpoints`,
        );
      }
    });
  }

  for (const ingress of state.store.list('Ingress')) {
    const ns = namespaceOf(ingress);
    const backends = [
      // The default backend is spelled `backend` in networking.k8s.io/v1beta1 (the seed's 13-8).
      ...(ingress.spec.defaultBackend ? [{ backend: ingress.spec.defaultBackend, field: defaultBackendField(state, ingress) }] : []),
      ...(ingress.spec.rules ?? []).flatMap((r, i) =>
        (r.http?.paths ?? []).map((p, j) => ({ backend: p.backend, field: `spec.rules[${i}].http.paths[${j}].backend` })),
      ),
    ];
    for (const { backend, field } of backends) {
      const name = backend.service?.name;
      if (!name) continue;
      const service = state.store.get('Service', name, ns);
      if (!service) {
        report(
          ingress,
          field,
          'warning',
          `service "${name}" not found in namespace "${ns}": the ingress controller answers 503 for this backend`,
        );
        continue;
      }
      if (service.spec.type === 'ExternalName') continue;
      // The Ingress API means the Service's port (by number or name); ingress-nginx's
      // serviceEndpoints also accepts a targetPort (internal/ingress/controller/controller.go).
      const port = backend.service?.port ?? {};
      const wanted = port.name ?? String(port.number ?? '');
      const ports = service.spec.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}->${String(p.targetPort)}`).join(', ');
      if (service.spec.ports.some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number))) continue;
      const byTarget = service.spec.ports.find((p) => String(p.targetPort) === wanted);
      report(
        ingress,
        field,
        'warning',
        byTarget
          ? `Service "${name}" has no port ${wanted} (its ports: ${ports}); ingress-nginx also accepts a targetPort and routes to port ${byTarget.port}, but the Ingress API refers to the Service's port, and other controllers answer 503`
          : `Service "${name}" has no port ${port.name !== undefined ? `named "${wanted}"` : wanted} (its ports: ${ports || 'none'}): the ingress controller answers 503 for this backend`,
      );
    }
    const decision = ingressClassDecision(ingress, state.store.list('IngressClass'), controllerPresent(state));
    if (!decision.served) {
      const field =
        ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION_FIELD.key] !== undefined
          ? INGRESS_CLASS_ANNOTATION_FIELD.field
          : ingress.spec.ingressClassName
            ? 'spec.ingressClassName'
            : '';
      const what = decision.className ? `class "${decision.className}"` : 'this Ingress';
      report(
        ingress,
        field,
        'warning',
        `no ingress controller serves ${what}: ${decision.why}; it gets no address and its rules route nothing`,
      );
    }
  }
  if ((['Deployment', 'ReplicaSet'] as const).some((kind) => state.store.list(kind).some(written))) reportPendingPods(state, report);
  return out;
}

/**
 * Pods of a Deployment or ReplicaSet that stay Pending on their node without an IP: their sandbox
 * failed because the node's pod CIDR block is used up (FailedCreatePodSandBox, see kubelet.ts).
 * The controller created them, so the reason is reported on the workload the user wrote (a bare
 * Pod gets its own warning when it is admitted).
 */
function reportPendingPods(
  state: ClusterState,
  report: (obj: ClusterObject, field: string, severity: Severity, message: string) => void,
): void {
  const pods = state.store.list('Pod');
  // Most clusters have no such pod: then no pod's owner need be looked up.
  const noIP = (pod: Pod): pod is Pod & { spec: { nodeName: string } } =>
    pod.status.phase === 'Pending' &&
    !pod.status.podIP &&
    !pod.spec.hostNetwork &&
    !!pod.spec.nodeName &&
    pod.status.conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True');
  if (!pods.some(noIP)) return;
  const byOwner = new Map<string, { owner: ClusterObject; total: number; noIP: Set<string>; noIPCount: number }>();
  for (const pod of pods) {
    const ns = namespaceOf(pod);
    const rsRef = pod.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet');
    const rs = rsRef ? state.store.get('ReplicaSet', rsRef.name, ns) : undefined;
    if (!rs) continue;
    const deploymentRef = rs.metadata.ownerReferences?.find((r) => r.kind === 'Deployment');
    const owner: ClusterObject | undefined = deploymentRef ? state.store.get('Deployment', deploymentRef.name, ns) : rs;
    if (!owner) continue;
    const key = objectKey(owner.kind, owner.metadata.name, ns);
    let entry = byOwner.get(key);
    if (!entry) {
      entry = { owner, total: 0, noIP: new Set(), noIPCount: 0 };
      byOwner.set(key, entry);
    }
    entry.total++;
    if (!noIP(pod)) continue;
    entry.noIP.add(pod.spec.nodeName);
    entry.noIPCount++;
  }
  for (const { owner, total, noIP, noIPCount } of byOwner.values()) {
    if (noIPCount > 0) {
      const nodes = [...noIP].sort();
      const blocks = nodes.map((n) => state.podIPs.get(n)?.cidr ?? n);
      report(
        owner,
        'spec.replicas',
        'warning',
        `${noIPCount} of its ${total} pods stay Pending: the pod CIDR block of ${nodes.length === 1 ? 'node' : 'nodes'} ${nodes.join(', ')} (${blocks.join(', ')}, ${PODS_PER_NODE_BLOCK} pods each) has no IP address left, so the CNI plugin cannot set up their network and the kubelet reports FailedCreatePodSandBox; add nodes (option nodes) or lower the replicas`,
      );
    }
  }
}
