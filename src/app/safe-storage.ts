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

/**
 * Keys whose newest value could not be saved, and why. The app is told of a problem as long as any
 * piece of work lives only in memory: a small write that works (the settings, the list of work
 * slots) does not hide that a document could not be saved.
 */
const problems = new Map<string, StorageProblem>();

/** Tells the app whether saving works (only on a change, so a keystroke does not re-render it). */
function report(name: string, problem: StorageProblem | undefined): void {
  if (problem) problems.set(name, problem);
  else problems.delete(name);
  const values = [...problems.values()];
  const worst = values.includes('quota') ? 'quota' : values[0];
  if (useStorage.getState().problem !== worst) useStorage.setState({ problem: worst });
}

/** The stored value: what could not be saved (kept in memory) is newer than what storage holds. */
export function readItem(name: string): string | null {
  try {
    // Read without the probe's write: a full storage still reads.
    return memory.get(name) ?? globalThis.localStorage.getItem(name) ?? null;
  } catch {
    return memory.get(name) ?? null;
  }
}

/**
 * Saves a value; says whether it reached the browser's storage. When it did not, it is kept in
 * memory (read back by readItem) and the app is told until this key is saved or removed.
 */
export function writeItem(name: string, value: string): 'ok' | StorageProblem {
  if (readOnly) {
    memory.set(name, value);
    return 'ok';
  }
  try {
    // Accessing localStorage throws where it is blocked (SecurityError); setItem throws when full.
    globalThis.localStorage.setItem(name, value);
    memory.delete(name); // saved: what memory kept is older now
    report(name, undefined);
    return 'ok';
  } catch (error) {
    memory.set(name, value); // keep working in memory, and say so
    const problem = isQuotaError(error) ? 'quota' : 'blocked';
    report(name, problem);
    return problem;
  }
}

export function removeItem(name: string): void {
  memory.delete(name);
  if (readOnly) return;
  report(name, undefined);
  try {
    globalThis.localStorage.removeItem(name);
  } catch {
    /* storage blocked */
  }
}

/** The keys starting with `prefix`, stored or kept in memory. */
export function itemKeys(prefix: string): string[] {
  const keys = new Set([...memory.keys()].filter((k) => k.startsWith(prefix)));
  try {
    const s = globalThis.localStorage;
    for (let i = 0; s && i < s.length; i++) {
      const key = s.key(i);
      if (key?.startsWith(prefix)) keys.add(key);
    }
  } catch {
    /* storage blocked: memory only */
  }
  return [...keys];
}

export const safeStorage: StateStorage = {
  getItem: readItem,
  setItem: (name, value) => void writeItem(name, value),
  removeItem,
};
