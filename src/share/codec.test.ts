import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { Deflate, deflateSync, gzipSync } from 'fflate';
import { base64urlnopad } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SUPPORTED_KINDS } from '../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { CURRENT_FORMAT, MAX_DECODED_BYTES, MAX_FRAGMENT_LENGTH, decodeScenario, encodeScenario } from './codec';
import { inflateRawBounded } from './bounded-inflate';
import { crc32 } from './crc32';
import { V2_DICTIONARY, V2_DICTIONARY_TEXT } from './dictionary-v2';
import v1Links from './fixtures/v1-links.json';
import v2Links from './fixtures/v2-links.json';
import type { SharedScenario } from './schema';
import { scenarioUrl } from './url';

const seedFiles = import.meta.glob<string>('../scenarios/seed/*.yaml', { query: '?raw', import: 'default', eager: true });

/** A v1 fragment around any bytes, to hand-craft hostile links. */
function v1Fragment(raw: Uint8Array | string): string {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return `v1.${base64urlnopad.encode(deflateSync(bytes, { level: 9 }))}`;
}

/**
 * A v2 fragment around any DEFLATE data, written from the format's description (codec.ts), not
 * with its code: CRC-32 (big-endian) of L ‖ D, then L (LEB128 length of D), then D.
 */
function v2Frame(deflated: Uint8Array): string {
  const length: number[] = [];
  for (let rest = deflated.length; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      length.push(rest);
      break;
    }
    length.push((rest % 128) | 0x80);
  }
  const body = new Uint8Array([...length, ...deflated]);
  const crc = crc32(body);
  return `v2.${base64urlnopad.encode(new Uint8Array([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff, ...body]))}`;
}

/** A v2 fragment around any text (`<header>\n<YAML>`), compressed with the v2 dictionary. */
function v2Fragment(raw: Uint8Array | string): string {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return v2Frame(deflateSync(bytes, { level: 9, dictionary: V2_DICTIONARY }));
}

/** Raw DEFLATE of `mib` MiB of zeros, built in 1 MiB slices so the test never holds it inflated. */
function zeroBomb(mib: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(1024 * 1024);
  for (let i = 0; i < mib; i++) deflate.push(zeros, i === mib - 1);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function expectError(fragment: string, pattern: RegExp): void {
  const result = decodeScenario(fragment);
  expect(result).toEqual({ ok: false, error: expect.stringMatching(pattern) });
}

/** SHA-256 of dictionary-v2.ts's bytes, as released with format v2. */
const DICTIONARY_SHA256 = '3b6e2ee8d64123de9935fd82085d4272f86aa15e9db2e7c2c62841a69084dbd8';

const FULL: SharedScenario = {
  yaml: DEFAULT_SCENARIO_YAML,
  options: { nodes: ['alpha', 'beta'], serviceCIDR: '10.0.0.0/16', seed: 7 },
  actions: [
    { type: 'setPodReady', pod: 'client', ready: false },
    { type: 'delete', kind: 'Service', name: 'random-generator', namespace: 'default' },
    { type: 'apply', yaml: 'kind: Pod\n' },
    { type: 'restartPod', pod: 'client' },
    { type: 'setNodeReady', node: 'alpha', ready: false },
  ],
  scenarioId: 'env-vs-dns',
  step: 2,
  request: { from: { pod: 'client' }, to: 'http://random-generator/', protocol: 'TCP', sourcePort: 40000 },
  view: { layout: 'graph', selected: 'Service/default/random-generator' },
};

describe('round trips', () => {
  it.each<[string, SharedScenario]>([
    ['only YAML', { yaml: 'apiVersion: v1\nkind: Service\n' }],
    ['empty YAML', { yaml: '' }],
    ['every field', FULL],
    [
      'an external client pinging',
      { yaml: 'x', request: { from: { external: '203.0.113.9' }, to: { ping: '10.96.0.1' } }, options: { nodes: 5 } },
    ],
    [
      'nodes in zones (the zone-local scenario)',
      { yaml: 'x', options: { nodes: [{ name: 'node-1', zone: 'zone-a' }, 'node-2', { name: 'x' }] } },
    ],
  ])('%s', (_name, state) => {
    const fragment = encodeScenario(state);
    expect(fragment.startsWith(`${CURRENT_FORMAT}.`)).toBe(true);
    expect(fragment).toMatch(/^v2\.[A-Za-z0-9_-]+$/); // URL-safe: nothing the browser re-encodes
    expect(decodeScenario(fragment)).toEqual({ ok: true, state });
    expect(decodeScenario(`#${fragment}`)).toEqual({ ok: true, state });
  });

  it('any YAML text, whatever its characters (lone surrogates, NUL, emoji), comes back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.option(fc.nat({ max: 999 }), { nil: undefined }), (yaml, step) => {
        const state: SharedScenario = step === undefined ? { yaml } : { yaml, step };
        expect(decodeScenario(encodeScenario(state))).toEqual({ ok: true, state });
      }),
      { numRuns: runs(300) },
    );
  });

  it('YAML with a lone surrogate (which UTF-8 cannot carry) travels in the header, exactly', () => {
    const state: SharedScenario = { yaml: 'name: a\uD800b\n', step: 1 };
    expect(decodeScenario(encodeScenario(state))).toEqual({ ok: true, state });
  });

  it('a delete action may name every kind the engine accepts', () => {
    for (const kind of SUPPORTED_KINDS) {
      const state: SharedScenario = { yaml: '', actions: [{ type: 'delete', kind, name: 'x', namespace: 'default' }] };
      expect(decodeScenario(encodeScenario(state))).toEqual({ ok: true, state });
    }
  });
});

describe('size: the seed examples fit in a short link (issue #8: "well under 2,000 characters")', () => {
  const base = 'https://svcscope.example.org/';
  const examples = {
    ...seedFiles,
    'DEFAULT_SCENARIO_YAML (13-1 + Deployment)': DEFAULT_SCENARIO_YAML,
    'all the seed files in one document': Object.values(seedFiles).join('---\n'),
  };
  it.each(Object.entries(examples))('%s', (_file, yaml) => {
    const url = scenarioUrl(base, { yaml, request: { from: { external: '203.0.113.77' }, to: 'http://random-generator/' } });
    expect(url.length).toBeLessThan(1500);
  });
  it('covers every seed file', () => expect(Object.keys(seedFiles).length).toBeGreaterThanOrEqual(9));

  // Issue 15, "Share format v2": the seed's whole chapter (13-1 to 13-9 and the Deployment they
  // select, one document) in at most 450 characters of fragment; v1 made 849.
  it('the whole chapter in one document: at most 450 characters of fragment (v1: 849)', () => {
    const chapter = Object.values(seedFiles).join('---\n');
    const v2 = encodeScenario({ yaml: chapter });
    expect(v2.length).toBeLessThanOrEqual(450);
    expect(v1Fragment(JSON.stringify({ yaml: chapter })).length).toBe(849);
    expect(decodeScenario(v2)).toEqual({ ok: true, state: { yaml: chapter } });
  });
});

describe('v1 links keep opening identically (issue 15: "every v1 link keeps opening")', () => {
  // Made by the v1 encoder (commit e6d66a0), before v2 existed; never regenerate them.
  it.each(v1Links.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    expect(fixture.fragment.startsWith('v1.')).toBe(true);
    expect(decodeScenario(fixture.fragment)).toEqual({ ok: true, state: fixture.state });
    expect(decodeScenario(`#${fixture.fragment}`)).toEqual({ ok: true, state: fixture.state });
  });
  it('covers every field of the state', () => {
    const fields = new Set(v1Links.flatMap((f) => Object.keys(f.state)));
    expect([...fields].sort()).toEqual(['actions', 'options', 'request', 'scenarioId', 'step', 'view', 'yaml']);
  });
});

describe('v2 links made by this release keep opening (the format is frozen)', () => {
  // Made by the first v2 encoder; the same states as the v1 fixtures. Never regenerate them: a
  // change that breaks one breaks links people have shared, and needs a v3 instead.
  it.each(v2Links.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    expect(fixture.fragment.startsWith('v2.')).toBe(true);
    expect(decodeScenario(fixture.fragment)).toEqual({ ok: true, state: fixture.state });
  });
  it('the same states as the v1 fixtures, each in a shorter link', () => {
    expect(v2Links.map((f) => f.name)).toEqual(v1Links.map((f) => f.name));
    v2Links.forEach((f, i) => expect(f.fragment.length).toBeLessThan(v1Links[i]?.fragment.length ?? 0));
  });
  it('the dictionary is frozen: its SHA-256 never changes (a new dictionary is format v3)', () => {
    expect(V2_DICTIONARY.length).toBe(V2_DICTIONARY_TEXT.length); // ASCII only
    expect(V2_DICTIONARY.length).toBeLessThanOrEqual(32 * 1024); // DEFLATE's window
    expect(bytesToHex(sha256(V2_DICTIONARY))).toBe(DICTIONARY_SHA256);
  });
});

describe('CRC-32 (the v2 checksum)', () => {
  it('gives the standard check value for "123456789" (CRC-32/ISO-HDLC: 0xCBF43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
  it('equals the CRC-32 fflate writes in a gzip trailer (RFC 1952: CRC32, then ISIZE, little-endian)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const gz = gzipSync(bytes);
        const trailer = new DataView(gz.buffer, gz.byteOffset + gz.length - 8, 4).getUint32(0, true);
        expect(crc32(bytes)).toBe(trailer);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('hostile and damaged fragments give a message, never an exception', () => {
  const good = encodeScenario(FULL);
  const cutOff = /cut off.*Copy the whole link again/;
  const changed = /checksum does not match.*not opened, rather than opened altered/;
  it.each<[string, string, RegExp]>([
    ['empty', '', /holds no scenario/],
    ['just #', '#', /holds no scenario/],
    ['no prefix', 'eJzLSM3JyVcozy_KSQEAGgQEXQ', /not a svcscope scenario link.*"v2\."/],
    ['a newer format (v3)', 'v3.AAAA', /made by a newer svcscope \(format v3\); this one reads formats up to v2/],
    ['a much newer format', 'v9.AAAA', /newer svcscope \(format v9\)/],
    ['a format that never existed', 'v0.AAAA', /format "v0", which svcscope never used/],
    // Issue 14: `v01.` was "format v1, which svcscope never used".
    ['a version with a leading zero', 'v01.AAAA', /format "v01", which svcscope never used/],
    ['v1: prefix only', 'v1', /incomplete or corrupt/],
    ['v1: prefix and dot only', 'v1.', /incomplete or corrupt/],
    ['v2: prefix only', 'v2', cutOff],
    ['v2: prefix and dot only', 'v2.', cutOff],
    ['v1: characters outside base64url', 'v1.abc$def', /not valid base64url/],
    ['v2: characters outside base64url', 'v2.abc$def', /not valid base64url/],
    ['v1: standard base64 with padding', 'v1.YWJj+w==', /not valid base64url/],
    ['v2: standard base64 with padding', 'v2.YWJj+w==', /not valid base64url/],
    ['v1: an impossible base64 length', 'v1.A', /not valid base64url/],
    [
      'v1: valid base64url that is not DEFLATE',
      `v1.${base64urlnopad.encode(new TextEncoder().encode('hello, world'))}`,
      /incomplete or corrupt/,
    ],
    [
      'v2: DEFLATE data that is not DEFLATE, with a right checksum',
      v2Frame(new TextEncoder().encode('hello, world')),
      /incomplete or corrupt/,
    ],
    ['v2: a length of more than 3 bytes', `v2.${base64urlnopad.encode(new Uint8Array([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1]))}`, changed],
    ['v2: characters added at the end', `${encodeScenario({ yaml: 'kind: Service\n' })}AAAA`, /longer than it says/],
    ['a prototype key as prefix', '__proto__.AAAA', /not a svcscope scenario link/],
    ['v1: DEFLATE of bytes that are not UTF-8', v1Fragment(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not UTF-8/],
    ['v2: DEFLATE of bytes that are not UTF-8', v2Fragment(new Uint8Array([0x0a, 0xff, 0xfe, 0x7d])), /not UTF-8/],
    ['v1: DEFLATE of text that is not JSON', v1Fragment('yaml: not json'), /not valid JSON/],
    ['v2: a header that is not JSON', v2Fragment('yaml: not json\nkind: Service\n'), /header is not a JSON object/],
    ['v2: a header that is a JSON array', v2Fragment('[1]\nkind: Service\n'), /header is not a JSON object/],
    ['v2: no newline after the header', v2Fragment('{"step":1}'), /header has no end/],
    ['v2: the YAML both in the header and after it', v2Fragment('{"yaml":"a"}\nb'), /holds its YAML twice/],
  ])('%s', (_name, fragment, pattern) => expectError(fragment, pattern));

  it('v2: every truncation of a valid link says it is cut off', () => {
    for (let length = 'v2'.length; length < good.length; length++) {
      expect(decodeScenario(good.slice(0, length)), `prefix of length ${length}`).toEqual({
        ok: false,
        error: expect.stringMatching(cutOff),
      });
    }
  });

  it('v2: a cut within the data says how much of the link arrived', () => {
    const cut = decodeScenario(good.slice(0, good.length - 40));
    expect(cut).toEqual({ ok: false, error: expect.stringMatching(/cut off \(it holds \d+ of its \d+ bytes\)/) });
  });

  it('v1: every truncation of a valid link is refused with a message', () => {
    const v1 = v1Links.find((f) => f.name === 'every field')?.fragment ?? '';
    expect(v1.length).toBeGreaterThan(100);
    for (let length = 0; length < v1.length; length++) {
      const result = decodeScenario(v1.slice(0, length));
      expect(result.ok, `prefix of length ${length}`).toBe(false);
    }
  });

  // Issue 14: "Raw DEFLATE links have no checksum: 31% of single-bit flips open silently changed."
  // CRC-32 catches every burst of up to 32 bits, so this holds for every flip, not most.
  it('v2: every single-bit flip of a link is refused, never opened altered', () => {
    const bytes = base64urlnopad.decode(good.slice(3));
    for (let at = 0; at < bytes.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = bytes.slice();
        flipped[at] = (flipped[at] ?? 0) ^ (1 << bit);
        const result = decodeScenario(`v2.${base64urlnopad.encode(flipped)}`);
        expect(result.ok, `byte ${at}, bit ${bit}`).toBe(false);
      }
    }
  });

  it('v2: every changed character is refused; past the checksum and length, with the checksum message', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const payload = good.slice(3);
    for (let at = 0; at < payload.length; at++) {
      for (const ch of alphabet) {
        if (ch === payload[at]) continue;
        const result = decodeScenario(`v2.${payload.slice(0, at)}${ch}${payload.slice(at + 1)}`);
        expect(result.ok, `character ${at} as ${ch}`).toBe(false);
        // Characters 5-7 carry the length (a changed length reads as cut off or as added to);
        // the last group may lose its low bits (read as cut off). Everywhere else: the checksum.
        if (at < 5 || (at >= 8 && at < payload.length - 4)) {
          expect(result, `character ${at} as ${ch}`).toEqual({ ok: false, error: expect.stringMatching(changed) });
        }
      }
    }
  });

  it('random corruption of a v1 link never throws, and anything accepted passes the schema', () => {
    const v1 = v1Links.find((f) => f.name === 'every field')?.fragment ?? '';
    fc.assert(
      fc.property(fc.nat({ max: v1.length - 1 }), fc.constantFrom(...'ABCxyz019-_'), (at, ch) => {
        const result = decodeScenario(v1.slice(0, at) + ch + v1.slice(at + 1));
        if (result.ok) expect(typeof result.state.yaml).toBe('string');
        else expect(result.error.length).toBeGreaterThan(10);
      }),
      { numRuns: runs(300) },
    );
  });

  it('a fragment over the length cap is refused before decoding', () => {
    expectError(`v1.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`, /too long.*65,536/);
    expectError(`v2.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`, /too long.*65,536/);
  });
});

describe('decompression bombs (issue #9: "bounded in size and time")', () => {
  let bomb100: Uint8Array | undefined;
  const hundredMegabyteBomb = (): Uint8Array => (bomb100 ??= zeroBomb(100));

  it('100 MB of zeros: inflation stops at the cap, having inflated barely more than it', () => {
    const bomb = hundredMegabyteBomb();
    expect(bomb.length).toBeLessThan(110_000); // ~1000:1
    const result = inflateRawBounded(bomb, MAX_DECODED_BYTES);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    // One 512-byte slice inflates to at most ~528 KB (DEFLATE's ~1032:1 bound), so it stops near the cap:
    // the work done is bounded by the cap, not by the 100 MB the bomb would give (its time is in the bench).
    if (!result.ok && result.reason === 'too-large') expect(result.inflated).toBeLessThan(MAX_DECODED_BYTES + 600 * 1024);
  });

  it('100 MB of zeros as a link: refused (it cannot even fit the length cap)', () => {
    const fragment = `v1.${base64urlnopad.encode(hundredMegabyteBomb())}`;
    // "too long" is said before any decoding: the length check comes first.
    expectError(fragment, /too long/);
  });

  it('40 MB of zeros as a link under the length cap: refused by the inflate cap', () => {
    const fragment = `v1.${base64urlnopad.encode(zeroBomb(40))}`;
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_LENGTH);
    expectError(fragment, /more than 1 MiB/);
  });

  it('v2: 40 MB of zeros under the length cap, with a right checksum: refused by the inflate cap', () => {
    const fragment = v2Frame(zeroBomb(40));
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_LENGTH);
    expectError(fragment, /more than 1 MiB/);
  });

  it('v2: the inflate cap holds with the dictionary too (a bomb that copies from it)', () => {
    const result = inflateRawBounded(
      deflateSync(new Uint8Array(8 * 1024 * 1024).fill(0x20), { level: 9, dictionary: V2_DICTIONARY }),
      MAX_DECODED_BYTES,
      V2_DICTIONARY,
    );
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('v2: a real scenario just over the cap is refused; one just under it opens', () => {
    const padding = MAX_DECODED_BYTES - '\n'.length; // an empty header, its newline, the YAML
    expect(decodeScenario(encodeScenario({ yaml: '#'.repeat(padding) }))).toMatchObject({ ok: true });
    expectError(encodeScenario({ yaml: '#'.repeat(padding + 1) }), /more than 1 MiB/);
  });

  it('v1: a real scenario just over the cap is refused; one just under it opens', () => {
    const padding = MAX_DECODED_BYTES - JSON.stringify({ yaml: '' }).length;
    expect(decodeScenario(v1Fragment(JSON.stringify({ yaml: '#'.repeat(padding) })))).toMatchObject({ ok: true });
    expectError(v1Fragment(JSON.stringify({ yaml: '#'.repeat(padding + 1) })), /more than 1 MiB/);
  });
});

describe('decoded JSON of the wrong shape is refused, naming the field', () => {
  it.each<[string, unknown, RegExp]>([
    ['a JSON array', [1, 2], /top level/],
    ['null', null, /top level/],
    ['a string', 'yaml', /top level/],
    ['no yaml', { step: 1 }, /yaml/],
    ['yaml a number', { yaml: 42 }, /yaml/],
    ['a negative step', { yaml: '', step: -1 }, /step/],
    ['a fractional step', { yaml: '', step: 1.5 }, /step/],
    ['actions not a list', { yaml: '', actions: {} }, /actions/],
    ['an unknown action', { yaml: '', actions: [{ type: 'rm -rf', path: '/' }] }, /actions\.0/],
    ['delete of an unknown kind', { yaml: '', actions: [{ type: 'delete', kind: 'Secret', name: 'x' }] }, /actions\.0\.kind/],
    ['setPodReady without ready', { yaml: '', actions: [{ type: 'setPodReady', pod: 'a' }] }, /actions\.0\.ready/],
    ['a scenario id that is no catalog id', { yaml: '', scenarioId: '../../etc' }, /scenarioId/],
    ['a request from nowhere', { yaml: '', request: { from: {}, to: 'x' } }, /request\.from/],
    ['a source port out of range', { yaml: '', request: { from: { pod: 'a' }, to: 'x', sourcePort: 70000 } }, /request\.sourcePort/],
    ['too many nodes', { yaml: '', options: { nodes: 1000 } }, /options\.nodes/],
    ['an unknown layout', { yaml: '', view: { layout: 'fullscreen' } }, /view\.layout/],
  ])('%s', (_name, value, pattern) => {
    expectError(v1Fragment(JSON.stringify(value)), pattern);
    // v2: the same state as a header (its YAML after it), or the whole value as the header when its
    // yaml is no string. (A v2 link always has YAML: the text after the header, perhaps empty.)
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { yaml?: unknown }).yaml === 'string') {
      const { yaml, ...rest } = value as { yaml: string };
      expectError(v2Fragment(`${JSON.stringify(rest)}\n${yaml}`), pattern);
    } else if (typeof value === 'object' && value !== null && 'yaml' in value) {
      expectError(v2Fragment(`${JSON.stringify(value)}\n`), pattern);
    }
  });

  it('a request with a Host header (for an ingress address) keeps it', () => {
    const request = { from: { external: '203.0.113.77' }, to: 'http://203.0.113.10/', host: 'shop.example.com' };
    expect(decodeScenario(v1Fragment(JSON.stringify({ yaml: '', request })))).toEqual({ ok: true, state: { yaml: '', request } });
  });

  it('v2: unknown header keys are dropped; an empty header is a state of YAML alone', () => {
    expect(decodeScenario(v2Fragment('{"theme":"dark","step":3}\nkind: Service\n'))).toEqual({
      ok: true,
      state: { yaml: 'kind: Service\n', step: 3 },
    });
    expect(decodeScenario(v2Fragment('\nkind: Service\n'))).toEqual({ ok: true, state: { yaml: 'kind: Service\n' } });
    expect(decodeScenario(v2Fragment('{}\n'))).toEqual({ ok: true, state: { yaml: '' } });
  });

  it('unknown keys are dropped, so a newer v1 writer stays readable', () => {
    expect(
      decodeScenario(v1Fragment(JSON.stringify({ yaml: 'a', theme: 'dark', request: { from: { pod: 'p', x: 1 }, to: 't' } }))),
    ).toEqual({
      ok: true,
      state: { yaml: 'a', request: { from: { pod: 'p' }, to: 't' } },
    });
  });
});

describe('prototype pollution attempts are neutralised', () => {
  it('__proto__ / constructor.prototype keys at every level reach no object', () => {
    const hostile =
      '{"yaml":"a","__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},' +
      '"options":{"__proto__":{"polluted":"options"},"nodes":2},' +
      '"actions":[{"type":"restartPod","pod":"p","__proto__":{"polluted":"action"}}],' +
      '"view":{"__proto__":{"polluted":"view"}}}';
    const v2Hostile = hostile.replace('"yaml":"a",', '') + '\na';
    for (const result of [decodeScenario(v1Fragment(hostile)), decodeScenario(v2Fragment(v2Hostile))]) {
      expect(result).toEqual({
        ok: true,
        state: { yaml: 'a', options: { nodes: 2 }, actions: [{ type: 'restartPod', pod: 'p' }], view: {} },
      });
      if (!result.ok) return;
      // What a careless caller might do with the state: none of it may reach Object.prototype.
      const merged = { ...result.state, ...result.state.options };
      Object.assign({}, result.state.view, result.state.actions?.[0]);
      expect(Object.getPrototypeOf(result.state)).toBe(Object.prototype);
      expect(Object.hasOwn(result.state, '__proto__')).toBe(false);
      expect((merged as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

describe('cluster options in links', () => {
  // Every ClusterOptions field must survive a link, or a shared NodePort-ingress scenario opens differently.
  it('keeps the ingress controller mode', () => {
    const state = { yaml: 'kind: List', options: { ingressController: 'NodePort' as const, nodes: 2 } };
    const decoded = decodeScenario(encodeScenario(state));
    expect(decoded.ok && decoded.state.options).toEqual({ ingressController: 'NodePort', nodes: 2 });
  });

  it('keeps the proxy mode (kube-proxy --proxy-mode nftables) and the kube-proxy flags', () => {
    const options = { proxyMode: 'nftables' as const, kubeProxy: { nodePortAddresses: ['192.168.49.0/24'] } };
    const decoded = decodeScenario(encodeScenario({ yaml: 'kind: List', options }));
    expect(decoded.ok && decoded.state.options).toEqual(options);
  });

  it('refuses an unknown proxy mode', () => {
    const bad = encodeScenario({ yaml: 'kind: List', options: { proxyMode: 'ipvs' as unknown as 'iptables' } });
    expect(decodeScenario(bad).ok).toBe(false);
  });
});
