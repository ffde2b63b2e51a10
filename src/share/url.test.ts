import { describe, expect, it } from 'vitest';
import { decodeScenario } from './codec';
import type { ResolvedEmbedParams } from './url';
import { iframeSnippet, parseEmbedParams, scenarioUrl } from './url';

const STATE = { yaml: 'apiVersion: v1\nkind: Service\n', step: 1 };

describe('scenarioUrl', () => {
  it('puts the scenario in the fragment, which decodes back to the state', () => {
    const url = new URL(scenarioUrl('https://svcscope.example.org/app/', STATE));
    expect(url.origin + url.pathname).toBe('https://svcscope.example.org/app/');
    expect(url.search).toBe('');
    expect(decodeScenario(url.hash)).toEqual({ ok: true, state: STATE });
  });

  it('sets the embed parameters given, replaces old ones, keeps unrelated ones and drops an old fragment', () => {
    const url = new URL(
      scenarioUrl('https://x.example/?lang=en&embed=0&step=9#v1.old', STATE, {
        embed: true,
        view: 'graph',
        autoplay: true,
        step: 2,
        readonly: false,
      }),
    );
    expect([...url.searchParams]).toEqual([
      ['lang', 'en'],
      ['embed', '1'],
      ['view', 'graph'],
      ['autoplay', '1'],
      ['step', '2'],
      ['readonly', '0'],
    ]);
    expect(url.hash.startsWith('#v2.')).toBe(true);
    expect(url.hash).not.toBe('#v1.old');
  });

  it('round-trips its parameters through parseEmbedParams', () => {
    const url = new URL(
      scenarioUrl('https://x.example/', STATE, { embed: true, view: 'graph+editor', autoplay: true, step: 3, readonly: false }),
    );
    expect(parseEmbedParams(url.search)).toEqual({
      embed: true,
      view: 'graph+editor',
      autoplay: true,
      step: 3,
      readonly: false,
      ignored: [],
    });
  });
});

describe('parseEmbedParams: documented defaults and lenient reading', () => {
  it.each<[string, string, ResolvedEmbedParams]>([
    ['no parameters: the full app, editable', '', { embed: false, view: 'graph+editor', autoplay: false, readonly: false, ignored: [] }],
    ['embed=1: graph only, read-only', '?embed=1', { embed: true, view: 'graph', autoplay: false, readonly: true, ignored: [] }],
    ['embed without a value counts as on', 'embed', { embed: true, view: 'graph', autoplay: false, readonly: true, ignored: [] }],
    [
      'an editable embed with the editor',
      'embed=1&readonly=0&view=graph%2Beditor',
      { embed: true, view: 'graph+editor', autoplay: false, readonly: false, ignored: [] },
    ],
    [
      'view=graph+editor typed by hand (the + reads as a space)',
      'embed=1&view=graph+editor',
      { embed: true, view: 'graph+editor', autoplay: false, readonly: true, ignored: [] },
    ],
    [
      'step and autoplay',
      '?autoplay=true&step=4',
      { embed: false, view: 'graph+editor', autoplay: true, step: 4, readonly: false, ignored: [] },
    ],
    [
      'nonsense values are ignored and reported',
      '?embed=yes&view=table&step=-1&autoplay=2&readonly=maybe',
      {
        embed: false,
        view: 'graph+editor',
        autoplay: false,
        readonly: false,
        ignored: ['embed=yes', 'autoplay=2', 'readonly=maybe', 'view=table', 'step=-1'],
      },
    ],
    [
      'a step beyond any scenario is ignored',
      'step=100000',
      { embed: false, view: 'graph+editor', autoplay: false, readonly: false, ignored: ['step=100000'] },
    ],
  ])('%s', (_name, search, expected) => expect(parseEmbedParams(search)).toEqual(expected));
});

describe('iframeSnippet', () => {
  it('escapes the URL into the attribute and uses the size given', () => {
    expect(iframeSnippet('https://x.example/?embed=1&view=graph#v1.a"b<c>', { width: 640, height: '100%' })).toBe(
      '<iframe src="https://x.example/?embed=1&amp;view=graph#v1.a&quot;b&lt;c&gt;" width="640" height="100%" title="svcscope scenario" loading="lazy" style="border: 0"></iframe>',
    );
  });

  it.each<[string, Parameters<typeof iframeSnippet>[1], string]>([
    ['defaults', {}, 'width="800" height="450"'],
    ['pixels as text', { width: '480px', height: 300 }, 'width="480px" height="300"'],
    ['a negative or NaN size falls back', { width: -5, height: Number.NaN }, 'width="800" height="450"'],
    ['an injected attribute falls back', { width: '1" onload="alert(1)' as '1%' }, 'width="800" height="450"'],
  ])('size: %s', (_name, size, attributes) => expect(iframeSnippet('https://x.example/', size)).toContain(attributes));
});
