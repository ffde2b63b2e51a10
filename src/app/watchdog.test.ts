/**
 * The watchdog's decisions, on a fake clock: a hung worker is given up within 2 s of its last
 * sign of life; a busy one that beats, a free one that answers pings, a step that announced a
 * longer silence and a page too busy to tick are never taken for a hang.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STARTUP_MS, TICK_MS, Watchdog } from './watchdog';
import { SILENCE_LIMIT_MS } from '../worker/heartbeat';

let hung: number[];
let pings: number;

function watchdog(): Watchdog {
  return new Watchdog({
    now: () => Date.now(),
    ping: () => (pings += 1),
    onHung: (silentMs) => hung.push(silentMs),
  });
}

/** Moves the clock by `ms`, the ticks falling due on the way, and returns the clock. */
function advance(ms: number): number {
  vi.advanceTimersByTime(ms);
  return Date.now();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
  hung = [];
  pings = 0;
});
afterEach(() => vi.useRealTimers());

describe('the engine worker watchdog', () => {
  it('gives up on a worker silent for the limit, within 2 s of its last sign of life, and not before the limit', () => {
    const dog = watchdog();
    dog.start();
    dog.alive(); // the worker answered once: it has started
    const lastSign = Date.now();
    advance(SILENCE_LIMIT_MS - 1);
    expect(hung).toEqual([]);
    expect(pings).toBeGreaterThan(0); // it was asked, it did not answer
    while (hung.length === 0 && Date.now() - lastSign < 10_000) advance(TICK_MS);
    expect(hung).toHaveLength(1);
    expect(Date.now() - lastSign).toBeLessThanOrEqual(2000);
    expect(hung[0]).toBeGreaterThanOrEqual(SILENCE_LIMIT_MS);
    expect(dog.watching).toBe(false);
  });

  it('keeps a worker that answers its pings, for as long as the call waits (a layout on another thread)', () => {
    // Each ping is answered at once, as a free worker answers it.
    const dog: Watchdog = new Watchdog({ now: () => Date.now(), ping: () => dog.alive(), onHung: (ms) => hung.push(ms) });
    dog.start();
    advance(60_000);
    expect(hung).toEqual([]);
    expect(dog.watching).toBe(true);
  });

  it('keeps a busy worker that beats from inside its computation though it answers no ping', () => {
    const dog = watchdog();
    dog.start();
    for (let t = 0; t < 30_000; t += 250) {
      advance(250);
      dog.alive(0); // a heartbeat: the usual limit
    }
    expect(hung).toEqual([]);
  });

  it('allows the silence a heartbeat announces (a large document being parsed), and no more', () => {
    const dog = watchdog();
    dog.start();
    dog.alive(8000);
    const announced = Date.now();
    advance(7900);
    expect(hung).toEqual([]);
    while (hung.length === 0 && Date.now() - announced < 20_000) advance(TICK_MS);
    expect(Date.now() - announced).toBeGreaterThanOrEqual(8000);
    expect(Date.now() - announced).toBeLessThanOrEqual(8000 + TICK_MS);
  });

  it('a reply that is not a heartbeat does not cut an announced silence short', () => {
    const dog = watchdog();
    dog.start();
    dog.alive(8000);
    advance(500);
    dog.alive(); // e.g. a ping answered just before the long step began
    advance(7000);
    expect(hung).toEqual([]);
  });

  it('a heartbeat after the long step brings the usual limit back', () => {
    const dog = watchdog();
    dog.start();
    dog.alive(8000);
    advance(1000);
    dog.alive(0); // the step is over
    const lastSign = Date.now();
    while (hung.length === 0 && Date.now() - lastSign < 10_000) advance(TICK_MS);
    expect(Date.now() - lastSign).toBeLessThanOrEqual(SILENCE_LIMIT_MS + TICK_MS);
  });

  it('gives a new worker time to load its code before its first sign of life', () => {
    const dog = watchdog();
    dog.start();
    advance(STARTUP_MS - TICK_MS);
    expect(hung).toEqual([]);
    advance(2 * TICK_MS);
    expect(hung).toHaveLength(1);
  });

  it('counts silence in the ticks the page managed to run: late ticks on a loaded machine add no silence', () => {
    const dog = watchdog();
    dog.start();
    dog.alive();
    const lastSign = Date.now();
    // Five ticks, each 200 ms late: 2.25 s pass, 1.25 s of them are counted.
    for (let i = 0; i < 5; i++) {
      vi.setSystemTime(Date.now() + 200);
      advance(TICK_MS);
    }
    expect(Date.now() - lastSign).toBeGreaterThan(SILENCE_LIMIT_MS);
    expect(hung).toEqual([]);
    advance(TICK_MS);
    expect(hung).toHaveLength(1);
  });

  it('keeps a silence the worker announced before the call began (loading its code)', () => {
    const dog = watchdog();
    dog.alive(10_000);
    advance(100);
    dog.start();
    advance(9000);
    expect(hung).toEqual([]);
    advance(1000 + TICK_MS);
    expect(hung).toHaveLength(1);
  });

  it('does not hold against the worker the time the page itself was too busy to tick', () => {
    const dog = watchdog();
    dog.start();
    dog.alive();
    advance(1000);
    // The page's thread is busy for 5 s (a large snapshot decoded and drawn): no tick runs, and
    // the worker's answers wait behind that work.
    vi.setSystemTime(Date.now() + 5000);
    advance(TICK_MS);
    expect(hung).toEqual([]);
    dog.alive();
    advance(1000);
    expect(hung).toEqual([]);
  });

  it('measures silence only while a call waits: a worker idle between calls is not suspected', () => {
    const dog = watchdog();
    dog.start();
    dog.alive();
    dog.stop();
    advance(60_000);
    expect(hung).toEqual([]);
    expect(pings).toBe(0);
    dog.start(); // the next call: the silence before it does not count
    advance(SILENCE_LIMIT_MS - TICK_MS);
    expect(hung).toEqual([]);
  });
});
