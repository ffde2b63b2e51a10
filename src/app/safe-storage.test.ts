/** Saving the work: what reaches storage, what stays in memory, and what the app is told. */
import { afterEach, describe, expect, it } from 'vitest';
import { readItem, removeItem, safeStorage, setStorageReadOnly, writeItem } from './safe-storage';
import { useStorage } from './stores/storage';

class FakeStorage {
  items = new Map<string, string>();
  constructor(private readonly fail?: () => never) {}
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.fail && !key.startsWith('__')) this.fail();
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function install(storage: FakeStorage | undefined): void {
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
}

afterEach(() => {
  install(undefined);
  setStorageReadOnly(false);
  // Forget what each test left in memory (and the problem each such key stands for).
  for (const key of ['svcscope.document.v1', 'svcscope.document.slot.v1.a', 'svcscope.document.slots.v1']) removeItem(key);
  useStorage.setState({ problem: undefined });
});

describe('safeStorage', () => {
  it('saves to localStorage and reports nothing wrong', async () => {
    const storage = new FakeStorage();
    install(storage);
    await safeStorage.setItem('svcscope.document.v1', 'a');
    expect(storage.items.get('svcscope.document.v1')).toBe('a');
    expect(useStorage.getState().problem).toBeUndefined();
  });

  it('a full storage: the work stays in memory, is read back from there, and the app hears "quota"; saving again clears it', async () => {
    let full = true;
    const storage = new FakeStorage(() => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return undefined as never;
    });
    storage.items.set('svcscope.document.v1', 'old');
    install(storage);
    await safeStorage.setItem('svcscope.document.v1', 'new');
    expect(useStorage.getState().problem).toBe('quota');
    expect(await safeStorage.getItem('svcscope.document.v1')).toBe('new');
    full = false;
    await safeStorage.setItem('svcscope.document.v1', 'newer');
    expect(useStorage.getState().problem).toBeUndefined();
    expect(await safeStorage.getItem('svcscope.document.v1')).toBe('newer');
  });

  it('blocked storage (a SecurityError, or none at all): "blocked"', async () => {
    install(
      new FakeStorage(() => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      }),
    );
    await safeStorage.setItem('svcscope.document.v1', 'x');
    expect(useStorage.getState().problem).toBe('blocked');
  });

  it('an embed (read-only) never writes and never complains', async () => {
    const storage = new FakeStorage();
    install(storage);
    setStorageReadOnly(true);
    await safeStorage.setItem('svcscope.document.v1', 'embed');
    expect(storage.items.size).toBe(0);
    expect(useStorage.getState().problem).toBeUndefined();
  });
});

describe('what the app is told', () => {
  it('a document that could not be saved is not hidden by a small write that worked; removing or saving it clears the notice', () => {
    let full = true;
    const storage = new FakeStorage(() => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return undefined as never;
    });
    install(storage);
    expect(writeItem('svcscope.document.slot.v1.a', 'big')).toBe('quota');
    full = false;
    expect(writeItem('svcscope.document.slots.v1', 'list')).toBe('ok');
    expect(useStorage.getState().problem).toBe('quota');
    expect(readItem('svcscope.document.slot.v1.a')).toBe('big');
    removeItem('svcscope.document.slot.v1.a');
    expect(useStorage.getState().problem).toBeUndefined();
    expect(readItem('svcscope.document.slot.v1.a')).toBeNull();
  });

  it('a full storage still reads what it holds', () => {
    const storage = new FakeStorage(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    storage.items.set('svcscope.document.slot.v1.a', 'saved before it filled up');
    install(storage);
    expect(readItem('svcscope.document.slot.v1.a')).toBe('saved before it filled up');
  });
});
