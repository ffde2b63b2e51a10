/**
 * Spec-changing actions (issue #7) as edits of the YAML document: the document stays the single
 * source of truth, so scaling a Deployment or switching a Service's type is a change the user
 * sees in the editor (and can undo there), not hidden state.
 */
import { parseAllDocuments } from 'yaml';
import type { Protocol } from '../engine/index';

export type ServiceTypeChoice = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';

/** One subset of a manual Endpoints object: the addresses and the ports they all serve. */
export interface ManualSubset {
  addresses: { ip: string; nodeName?: string }[];
  ports: { port: number; name?: string; protocol?: Protocol }[];
}

export type DocumentEdit =
  /** `kubectl scale deployment NAME --replicas=N` (a ReplicaSet with kind: 'ReplicaSet'). */
  | { type: 'scale'; kind?: 'Deployment' | 'ReplicaSet'; name: string; namespace?: string; replicas: number }
  /** Switches `spec.type` (headless = ClusterIP with `clusterIP: None`), dropping the fields the new type forbids. */
  | { type: 'setServiceType'; name: string; namespace?: string; serviceType: ServiceTypeChoice }
  | { type: 'setExternalTrafficPolicy'; name: string; namespace?: string; policy: 'Cluster' | 'Local' }
  | { type: 'setSessionAffinity'; name: string; namespace?: string; affinity: 'None' | 'ClientIP' }
  /**
   * Takes the Service away from the endpoints controller: no selector, `clusterIP` pinned to the
   * one it has now (so clients keep their address), and a hand-written Endpoints object holding
   * what the controller had put there (see `selectorRemovalFor`).
   */
  | { type: 'removeSelector'; name: string; namespace?: string; clusterIP: string; subsets: ManualSubset[] }
  /** Gives the Service a selector again and deletes the hand-written Endpoints; the ClusterIP stays. */
  | { type: 'restoreSelector'; name: string; namespace?: string; selector: Record<string, string> }
  /**
   * `kubectl apply -f` of more manifests: each object's document replaces the document of the same
   * kind, name and namespace (whatever its apiVersion: it is the same API object), or is added at
   * the end of the text when there is none.
   */
  | { type: 'apply'; yaml: string }
  /** `kubectl delete KIND NAME`: the object's document (or `kind: List` item) is taken out of the text. */
  | { type: 'delete'; kind: string; name: string; namespace?: string };

export type EditResult =
  | {
      ok: true;
      yaml: string;
      /** The lines (1-based, inclusive, in the new text) that changed; absent when nothing did. */
      changedRange?: { startLine: number; endLine: number };
      /** What a real cluster would make of the same change, when it differs (e.g. an immutable field). */
      note?: string;
    }
  | { ok: false; error: string };

/** `kind/name` of each object of a manifest text, for descriptions. */
function manifestNames(yaml: string): string[] {
  // Names only: no duplicate-key check (the library's is quadratic in a mapping's size).
  const docs = parseAllDocuments(yaml, { uniqueKeys: false });
  return (Array.isArray(docs) ? docs : []).flatMap((doc) => {
    const kind = doc.get('kind');
    const name = doc.getIn(['metadata', 'name']);
    return typeof kind === 'string' && typeof name === 'string' ? [`${kind.toLowerCase()}/${name}`] : [];
  });
}

function ns(namespace: string | undefined): string {
  return namespace && namespace !== 'default' ? ` -n ${namespace}` : '';
}

/** A one-line, kubectl-flavoured description of an edit, for timelines and undo menus. */
export function describeEdit(edit: DocumentEdit): string {
  switch (edit.type) {
    case 'scale':
      return `kubectl scale ${(edit.kind ?? 'Deployment').toLowerCase()} ${edit.name} --replicas=${edit.replicas}${ns(edit.namespace)}`;
    case 'setServiceType':
      return `service ${edit.name}${ns(edit.namespace)}: type ${edit.serviceType === 'Headless' ? 'ClusterIP, clusterIP: None (headless)' : edit.serviceType}`;
    case 'setExternalTrafficPolicy':
      return `service ${edit.name}${ns(edit.namespace)}: externalTrafficPolicy ${edit.policy}`;
    case 'setSessionAffinity':
      return `service ${edit.name}${ns(edit.namespace)}: sessionAffinity ${edit.affinity}`;
    case 'removeSelector':
      return `service ${edit.name}${ns(edit.namespace)}: remove the selector, manual Endpoints`;
    case 'restoreSelector':
      return `service ${edit.name}${ns(edit.namespace)}: selector ${Object.entries(edit.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`;
    case 'apply': {
      const objects = manifestNames(edit.yaml);
      return `kubectl apply -f -${objects.length ? ` (${objects.join(', ')})` : ''}`;
    }
    case 'delete':
      return `kubectl delete ${edit.kind.toLowerCase()} ${edit.name}${ns(edit.namespace)}`;
  }
}
