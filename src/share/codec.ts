/**
 * The share-link codec: a scenario <-> the URL fragment. The prefix names the format; decoding
 * dispatches on it, so every format ever written keeps opening. Decoding never throws: a bad
 * link becomes a message for the user, and the caller keeps the user's own work untouched.
 *
 *   v1.<base64url(deflate-raw(JSON of the whole state))>                     (read only)
 *   v2.<base64url(C ‖ L ‖ D)>                                                   (written)
 *      C = CRC-32 of L ‖ D, 4 bytes big-endian: a changed character is refused, not opened altered
 *      L = the length of D in bytes, an unsigned LEB128 varint: a cut-off link is told from a changed one
 *      D = deflate-raw with the v2 preset dictionary (dictionary-v2.ts) of the UTF-8 text
 *          <header>\n<YAML>: the header is the state without its YAML as one line of JSON
 *          (the v1 field names; empty when there is nothing but YAML), then the YAML as typed.
 *          The header holds `yaml` only for text UTF-8 cannot carry (a lone surrogate), and
 *          then nothing follows the newline.
 */
import { deflateSync } from 'fflate';
import { base64urlnopad } from '@scure/base';
import { inflateRawBounded } from './bounded-inflate';
import { crc32 } from './crc32';
import { V2_DICTIONARY } from './dictionary-v2';
import { checkSharedScenario } from './schema';
import type { SharedScenario } from './schema';

/** The longest fragment decoded at all (characters). Browsers keep far longer URLs; we need far less. */
export const MAX_FRAGMENT_LENGTH = 64 * 1024;
/** The largest a scenario may inflate to (bytes: v1's JSON, v2's header and YAML); decompression stops past it. */
export const MAX_DECODED_BYTES = 1024 * 1024;
export const CURRENT_FORMAT = 'v2';

export type DecodeResult = { ok: true; state: SharedScenario } | { ok: false; error: string };
type Failure = { ok: false; error: string };

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

const NOT_BASE64URL: Failure = {
  ok: false,
  error: 'The link is damaged: its scenario is not valid base64url text (it may have been cut or changed when it was copied).',
};
const INCOMPLETE: Failure = {
  ok: false,
  error: 'The link is damaged: its compressed scenario is incomplete or corrupt (it may have been cut off when it was copied).',
};
const TOO_LARGE: Failure = {
  ok: false,
  error: `The link's scenario unpacks to more than ${MAX_DECODED_BYTES / 1024 / 1024} MiB, svcscope's limit, so it was not opened.`,
};
const NOT_UTF8: Failure = { ok: false, error: 'The link is damaged: its scenario is not UTF-8 text.' };
const ADDED: Failure = {
  ok: false,
  error: 'The link is damaged: it is longer than it says, so characters were added to it (when it was copied, or by hand).',
};
const CHECKSUM: Failure = {
  ok: false,
  error:
    'The link is damaged: its checksum does not match, so some of its characters were changed (when it was copied, or by hand). It was not opened, rather than opened altered.',
};

const v1: Format = {
  decode(payload) {
    let compressed: Uint8Array;
    try {
      compressed = base64urlnopad.decode(payload);
    } catch {
      return NOT_BASE64URL;
    }
    const inflated = inflateRawBounded(compressed, MAX_DECODED_BYTES);
    if (!inflated.ok) return inflated.reason === 'too-large' ? TOO_LARGE : INCOMPLETE;
    let text: string;
    try {
      text = utf8.decode(inflated.bytes);
    } catch {
      return NOT_UTF8;
    }
    const json = parseJson(text);
    if (!json.ok) return { ok: false, error: 'The link is damaged: its scenario is not valid JSON.' };
    return checkSharedScenario(json.value);
  },
};

const CHECKSUM_BYTES = 4;
/** The DEFLATE data's length is a LEB128 varint of at most 3 bytes (2 MiB; a fragment holds < 48 KiB). */
const MAX_LENGTH_BYTES = 3;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function cutOff(have?: number, of?: number): Failure {
  const held = have === undefined || of === undefined ? '' : ` (it holds ${have} of its ${of} bytes)`;
  return {
    ok: false,
    error: `The link is damaged: it is cut off${held}, probably when it was copied. Copy the whole link again.`,
  };
}

/**
 * The bytes of a v2 payload. A link cut off mid-group is not valid base64url (a length of 1 mod 4,
 * or stray low bits in its last character): its whole 4-character groups are read instead, so
 * the cut is reported as a cut (fewer bytes than the link says it has), not as bad text.
 */
function v2Bytes(payload: string): Uint8Array | undefined {
  try {
    return base64urlnopad.decode(payload);
  } catch {
    if (!BASE64URL.test(payload)) return undefined;
    return base64urlnopad.decode(payload.slice(0, payload.length - (payload.length % 4)));
  }
}

/** The unsigned LEB128 varint at `at`: its value and size, `cut` when the bytes end inside it, `bad` when it is too long. */
function readVarint(bytes: Uint8Array, at: number): { value: number; size: number } | 'cut' | 'bad' {
  let value = 0;
  for (let i = 0; i < MAX_LENGTH_BYTES; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return 'cut';
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, size: i + 1 };
  }
  return 'bad';
}

function writeVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

function readHeader(text: string): { ok: true; header: Record<string, unknown> } | Failure {
  if (text === '') return { ok: true, header: {} };
  const json = parseJson(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, error: "The link is damaged: its scenario's header is not a JSON object." };
  }
  return { ok: true, header: json.value as Record<string, unknown> };
}

const v2: Format = {
  decode(payload) {
    const bytes = v2Bytes(payload);
    if (!bytes) return NOT_BASE64URL;
    const length = readVarint(bytes, CHECKSUM_BYTES);
    if (length === 'cut') return cutOff();
    if (length === 'bad') return CHECKSUM;
    const deflated = bytes.subarray(CHECKSUM_BYTES + length.size);
    if (deflated.length < length.value) return cutOff(deflated.length, length.value);
    if (deflated.length > length.value) return ADDED;
    const stored = new DataView(bytes.buffer, bytes.byteOffset, CHECKSUM_BYTES).getUint32(0);
    if (stored !== crc32(bytes.subarray(CHECKSUM_BYTES))) return CHECKSUM;
    const inflated = inflateRawBounded(deflated, MAX_DECODED_BYTES, V2_DICTIONARY);
    if (!inflated.ok) return inflated.reason === 'too-large' ? TOO_LARGE : INCOMPLETE;
    let text: string;
    try {
      text = utf8.decode(inflated.bytes);
    } catch {
      return NOT_UTF8;
    }
    const newline = text.indexOf('\n');
    if (newline < 0) return { ok: false, error: "The link is damaged: its scenario's header has no end." };
    const header = readHeader(text.slice(0, newline));
    if (!header.ok) return header;
    const body = text.slice(newline + 1);
    if (Object.hasOwn(header.header, 'yaml')) {
      if (body !== '') return { ok: false, error: 'The link is damaged: it holds its YAML twice.' };
      return checkSharedScenario(header.header);
    }
    return checkSharedScenario({ ...header.header, yaml: body });
  },
};

/** Every format this build reads, by prefix. A Map, so a prefix such as `__proto__` finds nothing. */
const FORMATS = new Map<string, Format>([
  ['v1', v1],
  ['v2', v2],
]);

function newestKnownVersion(): number {
  return Math.max(...[...FORMATS.keys()].map((k) => Number(k.slice(1))));
}

/** A lone surrogate: text UTF-8 cannot carry (TextEncoder would write U+FFFD instead). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The fragment (without `#`) that restores `state`: format v2. */
export function encodeScenario(state: SharedScenario): string {
  const { yaml, ...rest } = state;
  const text = LONE_SURROGATE.test(yaml)
    ? `${JSON.stringify(state)}\n`
    : `${Object.keys(rest).length > 0 ? JSON.stringify(rest) : ''}\n${yaml}`;
  const deflated = deflateSync(new TextEncoder().encode(text), { level: 9, dictionary: V2_DICTIONARY });
  const length = writeVarint(deflated.length);
  const bytes = new Uint8Array(CHECKSUM_BYTES + length.length + deflated.length);
  bytes.set(length, CHECKSUM_BYTES);
  bytes.set(deflated, CHECKSUM_BYTES + length.length);
  new DataView(bytes.buffer).setUint32(0, crc32(bytes.subarray(CHECKSUM_BYTES)));
  return `${CURRENT_FORMAT}.${base64urlnopad.encode(bytes)}`;
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
    // `v01` is not v1 written differently: svcscope writes versions without leading zeros.
    if (n > newestKnownVersion() && !version[1]?.startsWith('0')) {
      return {
        ok: false,
        error: `This link was made by a newer svcscope (format v${n}); this one reads formats up to ${CURRENT_FORMAT}. Open it in the latest svcscope.`,
      };
    }
    return { ok: false, error: `This link uses format "${prefix}", which svcscope never used; it may have been changed by hand.` };
  }
  return { ok: false, error: `This is not a svcscope scenario link (its fragment should start with "${CURRENT_FORMAT}.").` };
}
