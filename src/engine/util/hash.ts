/** 32-bit FNV-1a, the hash hash/fnv.New32a computes (used by controller.ComputeHash). */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  // Over the UTF-8 bytes; ASCII text (nearly every key) is hashed without encoding it first.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return fnv32aBytes(new TextEncoder().encode(text));
    hash ^= code;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function fnv32aBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels (no accidental words) and no
 * characters that look alike (0/o, 1/l, 3/e).
 */
export const K8S_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each byte of `s` onto K8S_ALPHANUMS. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) out += K8S_ALPHANUMS[byte % K8S_ALPHANUMS.length];
  return out;
}
