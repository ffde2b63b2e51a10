/**
 * localStorage when the page may use it, memory otherwise: an embedded iframe in a slide deck can
 * run with storage blocked (sandboxed, third-party cookies off), and then `localStorage` throws.
 */
import type { StateStorage } from 'zustand/middleware';
import { useStorage } from './stores/storage';
import type { StorageProblem } from './stores/storage';

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

/** Whether this page may use localStorage at all (a sandboxed frame without allow-same-origin may not). */
export function storageWorks(): boolean {
  return storage() !== undefined;
}

/** Embedded views never write: they must not overwrite the autosaved work of the same origin. */
let readOnly = false;

export function setStorageReadOnly(value: boolean): void {
  readOnly = value;
}

/** A full storage: QuotaExceededError (legacy code 22; Firefox's NS_ERROR_DOM_QUOTA_REACHED). */
function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error.code === 22)
  );
}

/** Tells the app whether saving works (only on a change, so a keystroke does not re-render it). */
function report(problem: StorageProblem | undefined): void {
  if (useStorage.getState().problem !== problem) useStorage.setState({ problem });
}

export const safeStorage: StateStorage = {
  getItem: (name) => {
    try {
      // What could not be saved (kept in memory) is newer than what storage holds.
      return memory.get(name) ?? storage()?.getItem(name) ?? null;
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
      // Accessing localStorage throws where it is blocked (SecurityError); setItem throws when full.
      globalThis.localStorage.setItem(name, value);
      memory.delete(name); // saved: what memory kept is older now
      report(undefined);
    } catch (error) {
      memory.set(name, value); // keep working in memory, and say so
      report(isQuotaError(error) ? 'quota' : 'blocked');
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
