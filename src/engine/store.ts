import type { ClusterObject, Kind, ObjectOfKind } from './model/types';
import { CLUSTER_SCOPED } from './model/types';

export function objectKey(kind: Kind, name: string, namespace?: string): string {
  return CLUSTER_SCOPED.has(kind) ? `${kind}/${name}` : `${kind}/${namespace ?? 'default'}/${name}`;
}

/** The simulated etcd: objects by kind, namespace and name, in creation order. */
export class ObjectStore {
  private readonly objects = new Map<string, ClusterObject>();
  private resourceVersion = 0;

  get<K extends Kind>(kind: K, name: string, namespace?: string): ObjectOfKind<K> | undefined {
    return this.objects.get(objectKey(kind, name, namespace)) as ObjectOfKind<K> | undefined;
  }

  list<K extends Kind>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    const out: ObjectOfKind<K>[] = [];
    for (const obj of this.objects.values()) {
      if (obj.kind === kind && (namespace === undefined || obj.metadata.namespace === namespace)) {
        out.push(obj as ObjectOfKind<K>);
      }
    }
    return out;
  }

  all(): ClusterObject[] {
    return [...this.objects.values()];
  }

  /** Stores (creates or replaces) an object and bumps its resourceVersion. */
  put<T extends ClusterObject>(obj: T): T {
    this.resourceVersion += 1;
    obj.metadata.resourceVersion = String(this.resourceVersion);
    this.objects.set(objectKey(obj.kind, obj.metadata.name, obj.metadata.namespace), obj);
    return obj;
  }

  remove(kind: Kind, name: string, namespace?: string): ClusterObject | undefined {
    const key = objectKey(kind, name, namespace);
    const obj = this.objects.get(key);
    this.objects.delete(key);
    return obj;
  }
}
