/**
 * Tells a hung engine worker from a busy one. While the page waits for an answer, the watchdog
 * pings the worker every TICK_MS (a free worker answers at once) and hears its heartbeats (a busy
 * one beats from inside its computation: src/worker/heartbeat.ts). Each sign of life moves the
 * deadline to SILENCE_LIMIT_MS from then, or further when the beat announces a long step; a tick
 * past the deadline calls `onHung`. A hang is noticed at most SILENCE_LIMIT_MS + TICK_MS after the
 * last sign of life, 1.75 s.
 *
 * Time the page itself was too busy to tick (a large snapshot arriving, React drawing it, a loaded
 * machine) is not held against the worker: its answers may be waiting behind that work.
 */
import { SILENCE_LIMIT_MS } from '../worker/heartbeat';

export const TICK_MS = 250;
/**
 * A new worker gets this long to show its first sign of life: it loads its code first (2.6 MB of
 * JavaScript, the engine and the layout worker, compiled while the page loads too).
 */
export const STARTUP_MS = 15_000;

export interface WatchdogOptions {
  /** Asks the worker for a sign of life (it answers when it is free). */
  ping: () => void;
  /** The worker was silent past its deadline; the watchdog has stopped. */
  onHung: (silentMs: number) => void;
  now?: () => number;
  limitMs?: number;
  tickMs?: number;
  startupMs?: number;
}

export class Watchdog {
  private readonly now: () => number;
  private readonly limitMs: number;
  private readonly tickMs: number;
  private readonly startupMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private heard = false;
  private deadline = 0;
  private lastSign = 0;
  private lastTick = 0;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? (() => performance.now());
    this.limitMs = options.limitMs ?? SILENCE_LIMIT_MS;
    this.tickMs = options.tickMs ?? TICK_MS;
    this.startupMs = options.startupMs ?? STARTUP_MS;
  }

  get watching(): boolean {
    return this.timer !== undefined;
  }

  /** Starts watching (a call is waiting for the worker); the worker's silence before does not count. */
  start(): void {
    if (this.timer !== undefined) return;
    const now = this.now();
    this.lastTick = now;
    this.lastSign = now;
    // A silence announced before (the worker loading its code) still holds.
    this.deadline = Math.max(this.deadline, now + (this.heard ? this.limitMs : this.startupMs));
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  /** Stops watching (no call is waiting). */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * A sign of life. A heartbeat (`allowMs` given) sets the deadline: the usual limit, or the
   * longer silence it announces. Any other message (an answer, a ping's reply) only pushes it out,
   * so it never cuts short a silence a heartbeat announced; the first one ends the time to start.
   */
  alive(allowMs?: number): void {
    const now = this.now();
    const until = now + Math.max(this.limitMs, allowMs ?? 0);
    this.deadline = allowMs === undefined && this.heard ? Math.max(this.deadline, until) : until;
    this.heard = true;
    this.lastSign = now;
  }

  private tick(): void {
    const now = this.now();
    // A tick that came late: the page was busy (or the machine loaded). That time is not the
    // worker's silence: silence is counted in ticks, as many as the page managed to run.
    const late = now - this.lastTick - this.tickMs;
    if (late > 0) this.deadline += late;
    this.lastTick = now;
    if (now >= this.deadline) {
      this.stop();
      this.options.onHung(now - this.lastSign);
      return;
    }
    this.options.ping();
  }
}
