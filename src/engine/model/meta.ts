/**
 * Object identity helpers, one definition each: the namespace an object is in (metav1's
 * NamespaceDefault for an unset one), its `namespace/name` key (cache.MetaNamespaceKeyFunc), and
 * which objects are the cluster's own rather than the user's.
 */

/** metav1.NamespaceDefault: where an object without `metadata.namespace` lives. */
export const DEFAULT_NAMESPACE = 'default';

interface HasMeta {
  metadata: { name: string; namespace?: string | undefined };
}

/** The namespace of an object, or of a reference whose namespace may be left out. */
export function namespaceOf(obj: HasMeta | { namespace?: string | undefined }): string {
  const namespace = 'metadata' in obj ? obj.metadata.namespace : obj.namespace;
  return namespace || DEFAULT_NAMESPACE;
}

/** `namespace/name`, as cache.MetaNamespaceKeyFunc writes it (k8s.io/client-go/tools/cache). */
export function namespacedName(obj: HasMeta): string {
  return `${namespaceOf(obj)}/${obj.metadata.name}`;
}

/** Whether `obj` is the object `kind` `name` in `namespace` (unset meaning `default`). */
export function isObject<K extends string>(
  obj: { kind: string } & HasMeta,
  kind: K,
  name: string,
  namespace: string | undefined,
): obj is typeof obj & { kind: K } {
  return obj.kind === kind && obj.metadata.name === name && namespaceOf(obj) === (namespace || DEFAULT_NAMESPACE);
}

/**
 * Namespaces of the cluster's own components: kubeadm's (kube-system, kube-public,
 * kube-node-lease) and the add-ons svcscope installs (ingress-nginx, Envoy Gateway).
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'ingress-nginx',
  'envoy-gateway-system',
]);

/** Namespaces every cluster has from the start (kubeadm creates them; `default` always exists). */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set([DEFAULT_NAMESPACE, 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * An object the cluster made for itself, not the user: anything in a system namespace, and the
 * `kubernetes` Service of `default` with its Endpoints and EndpointSlice (the API server's own).
 */
export function isSystemObject(obj: { kind: string } & HasMeta & { metadata: { labels?: Record<string, string> | undefined } }): boolean {
  const namespace = namespaceOf(obj);
  if (SYSTEM_NAMESPACES.has(namespace)) return true;
  if (namespace !== DEFAULT_NAMESPACE) return false;
  if (obj.kind === 'Service' || obj.kind === 'Endpoints') return obj.metadata.name === 'kubernetes';
  return obj.kind === 'EndpointSlice' && obj.metadata.labels?.['kubernetes.io/service-name'] === 'kubernetes';
}
