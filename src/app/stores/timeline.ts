/** The graph elements the timeline's current event involves, highlighted in the graph while the Timeline tab is open. */
import { create } from 'zustand';

export interface TimelineState {
  involved: readonly string[];
  setInvolved(ids: readonly string[]): void;
}

export const useTimeline = create<TimelineState>()((set) => ({
  involved: [],
  setInvolved: (involved) => set({ involved }),
}));
