import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { K8S_ALPHANUMS, fnv32a } from './hash';

/**
 * Seeded randomness. Each random choice draws from a stream keyed by the cluster seed and what
 * it is for (`clusterIP`, `default/web`), so one edit changes only the choices it concerns: adding
 * a Service does not reshuffle every other Service's ClusterIP.
 */
export class Random {
  private constructor(private readonly rng: RandomGenerator) {}

  static stream(seed: number, ...key: string[]): Random {
    return new Random(xoroshiro128plus(fnv32a(`${seed}\u0000${key.join('\u0000')}`) | 0));
  }

  /** An integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(0, items.length - 1)];
  }

  /** rand.String(n) of k8s.io/apimachinery/pkg/util/rand, as generateName suffixes use it. */
  k8sString(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += K8S_ALPHANUMS[this.int(0, K8S_ALPHANUMS.length - 1)];
    return out;
  }
}
