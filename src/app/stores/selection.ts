/** What is selected (a graph element id) and where the selection came from. */
import { create } from 'zustand';

export interface SelectionState {
  selected?: string;
  /** The editor moves its cursor only for selections made elsewhere. */
  origin: 'graph' | 'editor' | 'other';
  select(id: string | undefined, origin: SelectionState['origin']): void;
}

export const useSelection = create<SelectionState>()((set) => ({
  origin: 'other',
  select: (selected, origin) => set({ selected, origin }),
}));
