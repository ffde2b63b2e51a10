/**
 * Weighted backendRefs (kubernetes-sigs/gateway-api apis/v1 httproute_types.go HTTPBackendRef,
 * BackendRef.Weight): each backend gets weight/sum of the requests; weight 0 gets none. Envoy
 * picks per request (weighted clusters); the simulation picks deterministically from the
 * client's connection (its source port), so repeating a request repeats the answer while many
 * requests from different ports spread as the weights say.
 */
import { fnv32a } from '../util/hash';

export interface Weighted {
  weight: number;
}

/** The index of the backend a request keyed `key` goes to, or undefined when every weight is 0. */
export function pickWeighted(backends: readonly Weighted[], key: string): number | undefined {
  const total = backends.reduce((sum, b) => sum + Math.max(0, b.weight), 0);
  if (total === 0) return undefined;
  let point = fnv32a(key) % total;
  for (let i = 0; i < backends.length; i++) {
    const w = Math.max(0, (backends[i] as Weighted).weight);
    if (point < w) return i;
    point -= w;
  }
  return undefined;
}
