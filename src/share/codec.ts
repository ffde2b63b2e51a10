/**
 * The share-link codec: a scenario <-> the URL fragment `v1.<base64url(deflate-raw(JSON))>`.
 * The prefix names the format; decoding dispatches on it, so a later `v2` is one more entry in
 * FORMATS and v1 links keep working. Decoding never throws: a bad link becomes a message for
 * the user, and the caller keeps the user's own work untouched.
 */
import { deflateSync } from 'fflate';
import { base64urlnopad } from '@scure/base';
import { inflateRawBounded } from './bounded-inflate';
import { checkSharedScenario } from './schema';
import type { SharedScenario } from './schema';

/** The longest fragment decoded at all (characters). Browsers keep far longer URLs; we need far less. */
export const MAX_FRAGMENT_LENGTH = 64 * 1024;
/** The largest a scenario may inflate to (bytes of JSON); decompression stops past it. */
export const MAX_DECODED_BYTES = 1024 * 1024;
export const CURRENT_FORMAT = 'v1';

export type DecodeResult = { ok: true; state: SharedScenario } | { ok: false; error: string };

interface Format {
  decode(payload: string): DecodeResult;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON keys that could reach an object's prototype if some later code merged the object naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text, (key, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value)) };
  } catch {
    return { ok: false };
  }
}

const v1: Format = {
  decode(payload) {
    let compressed: Uint8Array;
    try {
      compressed = base64urlnopad.decode(payload);
    } catch {
      return {
        ok: false,
        error: 'The link is damaged: its scenario is not valid base64url text (it may have been cut or changed when it was copied).',
      };
    }
    const inflated = inflateRawBounded(compressed, MAX_DECODED_BYTES);
    if (!inflated.ok) {
      return inflated.reason === 'too-large'
        ? {
            ok: false,
            error: `The link's scenario unpacks to more than ${MAX_DECODED_BYTES / 1024 / 1024} MiB, svcscope's limit, so it was not opened.`,
          }
        : {
            ok: false,
            error: 'The link is damaged: its compressed scenario is incomplete or corrupt (it may have been cut off when it was copied).',
          };
    }
    let text: string;
    try {
      text = utf8.decode(inflated.bytes);
    } catch {
      return { ok: false, error: 'The link is damaged: its scenario is not UTF-8 text.' };
    }
    const json = parseJson(text);
    if (!json.ok) return { ok: false, error: 'The link is damaged: its scenario is not valid JSON.' };
    return checkSharedScenario(json.value);
  },
};

/** Every format this build reads, by prefix. A Map, so a prefix such as `__proto__` finds nothing. */
const FORMATS = new Map<string, Format>([['v1', v1]]);

function newestKnownVersion(): number {
  return Math.max(...[...FORMATS.keys()].map((k) => Number(k.slice(1))));
}

/** The fragment (without `#`) that restores `state`. */
export function encodeScenario(state: SharedScenario): string {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${CURRENT_FORMAT}.${base64urlnopad.encode(deflateSync(json, { level: 9 }))}`;
}

/** The state a fragment holds (a leading `#` is ignored), or a message saying why it cannot be opened. */
export function decodeScenario(fragment: string): DecodeResult {
  if (typeof fragment !== 'string') return { ok: false, error: 'The link holds no scenario.' };
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.length === 0) return { ok: false, error: 'The link holds no scenario (the part after # is empty).' };
  if (text.length > MAX_FRAGMENT_LENGTH) {
    return {
      ok: false,
      error: `The link is too long to be a svcscope scenario (${text.length.toLocaleString('en')} characters; the limit is ${MAX_FRAGMENT_LENGTH.toLocaleString('en')}), so it was not opened.`,
    };
  }
  const dot = text.indexOf('.');
  const prefix = dot < 0 ? text : text.slice(0, dot);
  const format = FORMATS.get(prefix);
  if (format) return format.decode(dot < 0 ? '' : text.slice(dot + 1));
  const version = /^v(\d{1,6})$/.exec(prefix);
  if (version) {
    const n = Number(version[1]);
    return n > newestKnownVersion()
      ? {
          ok: false,
          error: `This link was made by a newer svcscope (format v${n}); this one reads format ${CURRENT_FORMAT}. Open it in the latest svcscope.`,
        }
      : { ok: false, error: `This link uses format v${n}, which svcscope never used; it may have been changed by hand.` };
  }
  return { ok: false, error: `This is not a svcscope scenario link (its fragment should start with "${CURRENT_FORMAT}.").` };
}
