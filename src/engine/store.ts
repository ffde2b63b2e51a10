import type { ClusterObject, Kind, ObjectOfKind } from './model/types';
import { CLUSTER_SCOPED } from './model/types';
import { DEFAULT_NAMESPACE } from './model/meta';

export function objectKey(kind: Kind, name: string, namespace?: string): string {
  return CLUSTER_SCOPED.has(kind) ? `${kind}/${name}` : `${kind}/${namespace || DEFAULT_NAMESPACE}/${name}`;
}

type Bucket = Map<string, ClusterObject>;

/**
 * The simulated etcd: objects by kind, namespace and name, in creation order, with the indexes
 * the controllers need to stay fast on large clusters (by namespace, by controlling owner).
 */
export class ObjectStore {
  private readonly byKind = new Map<Kind, Bucket>();
  private readonly byNamespace = new Map<string, Bucket>();
  private readonly byOwner = new Map<string, Bucket>();
  private readonly kindOrder: Kind[] = [];
  private resourceVersion = 0;
  private readonly versions = new Map<Kind, number>();

  private static bucket(map: Map<string, Bucket>, key: string): Bucket {
    let bucket = map.get(key);
    if (!bucket) {
      bucket = new Map();
      map.set(key, bucket);
    }
    return bucket;
  }

  get<K extends Kind>(kind: K, name: string, namespace?: string): ObjectOfKind<K> | undefined {
    return this.byKind.get(kind)?.get(objectKey(kind, name, namespace)) as ObjectOfKind<K> | undefined;
  }

  list<K extends Kind>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    const bucket = namespace === undefined ? this.byKind.get(kind) : this.byNamespace.get(`${kind}/${namespace}`);
    return bucket ? ([...bucket.values()] as ObjectOfKind<K>[]) : [];
  }

  /** Objects of a kind whose controlling owner has this UID. */
  owned<K extends Kind>(kind: K, ownerUid: string): ObjectOfKind<K>[] {
    const bucket = this.byOwner.get(`${kind}/${ownerUid}`);
    return bucket ? ([...bucket.values()] as ObjectOfKind<K>[]) : [];
  }

  /** Changes whenever an object of the kind is stored or removed: a cache key for derived data. */
  version(kind: Kind): number {
    return this.versions.get(kind) ?? 0;
  }

  /** Every object, grouped by kind in the order kinds first appeared, then by creation. */
  all(): ClusterObject[] {
    return this.kindOrder.flatMap((kind) => [...(this.byKind.get(kind)?.values() ?? [])]);
  }

  /** Stores (creates or replaces) an object and bumps its resourceVersion. */
  put<T extends ClusterObject>(obj: T): T {
    this.resourceVersion += 1;
    obj.metadata.resourceVersion = String(this.resourceVersion);
    const key = objectKey(obj.kind, obj.metadata.name, obj.metadata.namespace);
    const previous = this.byKind.get(obj.kind)?.get(key);
    if (previous) this.unindex(previous, key);
    if (!this.byKind.has(obj.kind)) this.kindOrder.push(obj.kind);
    ObjectStore.bucket(this.byKind as Map<string, Bucket>, obj.kind).set(key, obj);
    this.index(obj, key);
    this.versions.set(obj.kind, this.resourceVersion);
    return obj;
  }

  remove(kind: Kind, name: string, namespace?: string): ClusterObject | undefined {
    const key = objectKey(kind, name, namespace);
    const obj = this.byKind.get(kind)?.get(key);
    if (!obj) return undefined;
    this.byKind.get(kind)?.delete(key);
    this.unindex(obj, key);
    this.resourceVersion += 1;
    this.versions.set(kind, this.resourceVersion);
    return obj;
  }

  private index(obj: ClusterObject, key: string): void {
    if (obj.metadata.namespace !== undefined) ObjectStore.bucket(this.byNamespace, `${obj.kind}/${obj.metadata.namespace}`).set(key, obj);
    const owner = obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (owner) ObjectStore.bucket(this.byOwner, `${obj.kind}/${owner}`).set(key, obj);
  }

  private unindex(obj: ClusterObject, key: string): void {
    if (obj.metadata.namespace !== undefined) this.byNamespace.get(`${obj.kind}/${obj.metadata.namespace}`)?.delete(key);
    const owner = obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (owner) this.byOwner.get(`${obj.kind}/${owner}`)?.delete(key);
  }
}
