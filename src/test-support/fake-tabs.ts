/**
 * Fakes for testing several tabs in one process: a localStorage with a quota (what does not fit
 * stays in memory, as src/app/safe-storage.ts keeps it) and a BroadcastChannel whose messages
 * arrive when the test says so (`flush`), as a real channel delivers them in a later task.
 */
import type { SlotChannel, SlotMessage, SlotStorage } from '../app/stores/work-slots';

export class FakeStorage implements SlotStorage {
  readonly disk = new Map<string, string>();
  readonly memory = new Map<string, string>();
  constructor(public quota = Infinity) {}
  /** Characters stored (keys and values), as browsers count an origin's quota. */
  used(except?: string): number {
    let n = 0;
    for (const [k, v] of this.disk) if (k !== except) n += k.length + v.length;
    return n;
  }
  getItem(key: string): string | null {
    return this.memory.get(key) ?? this.disk.get(key) ?? null;
  }
  setItem(key: string, value: string): 'ok' | 'quota' {
    if (this.used(key) + key.length + value.length > this.quota) {
      this.memory.set(key, value);
      return 'quota';
    }
    this.disk.set(key, value);
    this.memory.delete(key);
    return 'ok';
  }
  removeItem(key: string): void {
    this.disk.delete(key);
    this.memory.delete(key);
  }
  keys(prefix: string): string[] {
    return [...new Set([...this.disk.keys(), ...this.memory.keys()])].filter((k) => k.startsWith(prefix));
  }
}

/** The browser's channel between tabs: each tab's end, and the messages on their way. */
export class FakeBus {
  readonly ends = new Set<FakeChannel>();
  /** Messages on their way, each to the ends that existed when it was posted (as a real channel delivers). */
  readonly queue: { to: FakeChannel[]; message: SlotMessage }[] = [];
  /** Every message posted, in order (for assertions). */
  readonly log: SlotMessage[] = [];
  channel(): FakeChannel {
    const end = new FakeChannel(this);
    this.ends.add(end);
    return end;
  }
  /** Delivers the messages posted so far, and those their delivery posts, until none is left. */
  flush(): void {
    for (let n = 0; this.queue.length; n++) {
      if (n > 10_000) throw new Error('tabs keep talking: a message loop');
      const next = this.queue.shift();
      if (!next) break;
      for (const end of next.to) if (this.ends.has(end)) end.onmessage?.({ data: structuredClone(next.message) });
    }
  }
}

export class FakeChannel implements SlotChannel {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(private readonly bus: FakeBus) {}
  postMessage(message: SlotMessage): void {
    if (!this.bus.ends.has(this)) throw new Error('posted on a closed channel');
    this.bus.log.push(message);
    this.bus.queue.push({ to: [...this.bus.ends].filter((end) => end !== this), message });
  }
  close(): void {
    this.bus.ends.delete(this);
  }
}

/** A tab's sessionStorage. */
export class FakeSession {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}
