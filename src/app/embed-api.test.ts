/** The embed's message API: what it takes as a command, and from whom (README "Driving an embed from a deck"). */
import { describe, expect, it } from 'vitest';
import { allowedOrigins, parseCommand } from './embed-api';

describe('commands a deck posts to an embed', () => {
  it('reads each documented command', () => {
    expect(parseCommand({ svcscope: 'command', command: 'goToStep', step: 2 })).toEqual({ command: 'goToStep', step: 2 });
    for (const command of ['nextStep', 'previousStep', 'play', 'pause', 'restart', 'releaseKeys'])
      expect(parseCommand({ svcscope: 'command', command })).toEqual({ command });
    const request = { from: { pod: 'client' }, to: 'http://web/', protocol: 'UDP' };
    expect(parseCommand({ svcscope: 'command', command: 'send', request })).toEqual({ command: 'send', request });
  });

  it('ignores anything else without throwing: other senders, unknown commands, bad arguments', () => {
    for (const data of [
      null,
      'goToStep',
      [],
      { command: 'play' }, // not addressed to svcscope
      { svcscope: 'command', command: 'eval', code: 'alert(1)' },
      { svcscope: 'command', command: 'goToStep', step: -1 },
      { svcscope: 'command', command: 'goToStep', step: 1.5 },
      { svcscope: 'command', command: 'goToStep', step: '2' },
      { svcscope: 'command', command: 'send', request: { to: 'http://web/' } },
      { svcscope: 'command', command: 'send', request: { from: { pod: 'c' }, to: 'http://web/', protocol: 'ICMP' } },
      { svcscope: 'command', command: 'send', request: { from: { pod: 7 }, to: 'http://web/' } },
    ])
      expect(parseCommand(data), JSON.stringify(data)).toBeUndefined();
  });
});

describe('who may drive an embed', () => {
  it('the origins of the `origin` parameter when given, else the embedding page (document.referrer)', () => {
    expect(allowedOrigins('?embed=1&origin=https://deck.example/slides', 'https://other.example/')).toEqual(['https://deck.example']);
    expect(allowedOrigins('?origin=https://a.example+http://localhost:8000', '')).toEqual(['https://a.example', 'http://localhost:8000']);
    expect(allowedOrigins('?embed=1', 'https://deck.example/talk/index.html')).toEqual(['https://deck.example']);
  });

  it('nobody when neither says: a page without a referrer must name its origin', () => {
    expect(allowedOrigins('?embed=1', '')).toEqual([]);
    expect(allowedOrigins('?origin=not a url', '')).toEqual([]);
    expect(allowedOrigins('?embed=1', 'about:blank')).toEqual([]);
  });
});
