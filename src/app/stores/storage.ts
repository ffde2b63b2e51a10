/**
 * Whether the user's work reaches the browser's storage. When it cannot be saved (quota full,
 * storage blocked: private mode, a sandboxed frame, cookies off), the work lives only in this
 * tab, and the app says so until it can save again (src/ui/App.tsx StorageNotice).
 */
import { create } from 'zustand';

export type StorageProblem = 'quota' | 'blocked';

export interface StorageState {
  /** Why the last save did not reach the browser's storage; unset while saving works. */
  problem?: StorageProblem;
}

export const useStorage = create<StorageState>()(() => ({}));
