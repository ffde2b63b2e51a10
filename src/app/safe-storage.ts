/**
 * localStorage when the page may use it, memory otherwise: an embedded iframe in a slide deck can
 * run with storage blocked (sandboxed, third-party cookies off), and then `localStorage` throws.
 */
import type { StateStorage } from 'zustand/middleware';

const memory = new Map<string, string>();

function storage(): Storage | undefined {
  try {
    const s = globalThis.localStorage;
    const probe = '__svcscope_probe__';
    s.setItem(probe, probe);
    s.removeItem(probe);
    return s;
  } catch {
    return undefined;
  }
}

/** Embedded views never write: they must not overwrite the autosaved work of the same origin. */
let readOnly = false;

export function setStorageReadOnly(value: boolean): void {
  readOnly = value;
}

export const safeStorage: StateStorage = {
  getItem: (name) => {
    try {
      return storage()?.getItem(name) ?? memory.get(name) ?? null;
    } catch {
      return memory.get(name) ?? null;
    }
  },
  setItem: (name, value) => {
    if (readOnly) {
      memory.set(name, value);
      return;
    }
    try {
      const s = storage();
      if (s) s.setItem(name, value);
      else memory.set(name, value);
    } catch {
      memory.set(name, value); // quota exceeded: keep working in memory
    }
  },
  removeItem: (name) => {
    memory.delete(name);
    if (readOnly) return;
    try {
      storage()?.removeItem(name);
    } catch {
      /* storage blocked */
    }
  },
};
