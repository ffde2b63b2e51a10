import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { Deflate, deflateSync } from 'fflate';
import { base64urlnopad } from '@scure/base';
import { SUPPORTED_KINDS } from '../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { CURRENT_FORMAT, MAX_DECODED_BYTES, MAX_FRAGMENT_LENGTH, decodeScenario, encodeScenario } from './codec';
import { inflateRawBounded } from './bounded-inflate';
import type { SharedScenario } from './schema';
import { scenarioUrl } from './url';

const seedFiles = import.meta.glob<string>('../scenarios/seed/*.yaml', { query: '?raw', import: 'default', eager: true });

/** A v1 fragment around any bytes, to hand-craft hostile links. */
function v1Fragment(raw: Uint8Array | string): string {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return `v1.${base64urlnopad.encode(deflateSync(bytes, { level: 9 }))}`;
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
  ])('%s', (_name, state) => {
    const fragment = encodeScenario(state);
    expect(fragment.startsWith(`${CURRENT_FORMAT}.`)).toBe(true);
    expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/); // URL-safe: nothing the browser re-encodes
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
});

describe('hostile and damaged fragments give a message, never an exception', () => {
  const good = encodeScenario(FULL);
  it.each<[string, string, RegExp]>([
    ['empty', '', /holds no scenario/],
    ['just #', '#', /holds no scenario/],
    ['no prefix', 'eJzLSM3JyVcozy_KSQEAGgQEXQ', /not a svcscope scenario link.*"v1\."/],
    ['a newer format', 'v9.AAAA', /newer svcscope \(format v9\)/],
    ['a format that never existed', 'v0.AAAA', /format v0, which svcscope never used/],
    ['prefix only', 'v1', /incomplete or corrupt/],
    ['prefix and dot only', 'v1.', /incomplete or corrupt/],
    ['characters outside base64url', 'v1.abc$def', /not valid base64url/],
    ['standard base64 with padding', 'v1.YWJj+w==', /not valid base64url/],
    ['an impossible base64 length', 'v1.A', /not valid base64url/],
    [
      'valid base64url that is not DEFLATE',
      `v1.${base64urlnopad.encode(new TextEncoder().encode('hello, world'))}`,
      /incomplete or corrupt/,
    ],
    ['a prototype key as prefix', '__proto__.AAAA', /not a svcscope scenario link/],
    ['DEFLATE of bytes that are not UTF-8', v1Fragment(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not UTF-8/],
    ['DEFLATE of text that is not JSON', v1Fragment('yaml: not json'), /not valid JSON/],
  ])('%s', (_name, fragment, pattern) => expectError(fragment, pattern));

  it('every truncation of a valid link is refused with a message', () => {
    for (let length = 0; length < good.length; length++) {
      const result = decodeScenario(good.slice(0, length));
      expect(result.ok, `prefix of length ${length}`).toBe(false);
    }
  });

  it('random corruption of a valid link never throws, and anything accepted passes the schema', () => {
    fc.assert(
      fc.property(fc.nat({ max: good.length - 1 }), fc.constantFrom(...'ABCxyz019-_'), (at, ch) => {
        const result = decodeScenario(good.slice(0, at) + ch + good.slice(at + 1));
        if (result.ok) expect(typeof result.state.yaml).toBe('string');
        else expect(result.error.length).toBeGreaterThan(10);
      }),
      { numRuns: runs(300) },
    );
  });

  it('a fragment over the length cap is refused before decoding', () => {
    expectError(`v1.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`, /too long.*65,536/);
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

  it('a real scenario just over the cap is refused; one just under it opens', () => {
    const padding = MAX_DECODED_BYTES - JSON.stringify({ yaml: '' }).length;
    expect(decodeScenario(encodeScenario({ yaml: '#'.repeat(padding) }))).toMatchObject({ ok: true });
    expectError(encodeScenario({ yaml: '#'.repeat(padding + 1) }), /more than 1 MiB/);
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
  ])('%s', (_name, value, pattern) => expectError(v1Fragment(JSON.stringify(value)), pattern));

  it('a request with a Host header (for an ingress address) keeps it', () => {
    const request = { from: { external: '203.0.113.77' }, to: 'http://203.0.113.10/', host: 'shop.example.com' };
    expect(decodeScenario(v1Fragment(JSON.stringify({ yaml: '', request })))).toEqual({ ok: true, state: { yaml: '', request } });
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
    const result = decodeScenario(v1Fragment(hostile));
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
  });
});

describe('cluster options in links', () => {
  // Every ClusterOptions field must survive a link, or a shared NodePort-ingress scenario opens differently.
  it('keeps the ingress controller mode', () => {
    const state = { yaml: 'kind: List', options: { ingressController: 'NodePort' as const, nodes: 2 } };
    const decoded = decodeScenario(encodeScenario(state));
    expect(decoded.ok && decoded.state.options).toEqual({ ingressController: 'NodePort', nodes: 2 });
  });
});
