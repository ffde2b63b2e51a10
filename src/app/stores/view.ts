/** Transient view state (not saved): the open dialog, the presentation view, the what-if menu. */
import { create } from 'zustand';

export interface ViewState {
  /** The Share dialog is open. */
  sharing: boolean;
  /** The My work dialog is open. */
  work: boolean;
  /** The presentation view: editor and toolbars hidden, the graph and the step caption fill the screen. */
  presenting: boolean;
  /** The what-if menu of a graph element, at a point of the graph pane (or at the element when unset). */
  menu?: { id: string; x?: number; y?: number };
  /** Group elements unfolded on the graph ("+ 96 more pods" clicked): part of the simulation input. */
  expanded: string[];
  /** Counts the times an embed gave the keyboard back to its deck (Escape). */
  keysReleased: number;
  /** A notice about an export that failed. */
  exportError?: string;
  /** What a running export of every step is doing ("Exporting step 2 of 4…"). */
  exportProgress?: string;
}

export const useView = create<ViewState>()(() => ({ sharing: false, work: false, presenting: false, keysReleased: 0, expanded: [] }));
