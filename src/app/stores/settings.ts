/** View settings: what to show and how the panes are sized. Persisted. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { safeStorage } from '../safe-storage';

/** The tabs under the graph. */
export type Panel = 'trace' | 'inspector' | 'timeline';

export interface SettingsState {
  showSystem: boolean;
  /** Editor pane width as a fraction of the window. */
  editorFraction: number;
  /** The panel under the graph is folded to its tabs: the graph gets the height (a projector). */
  panelFolded: boolean;
  /** Animation speed multiplier. */
  speed: number;
  /** The tab under the graph. */
  panel: Panel;
  /** The first-run introduction was dismissed: it never shows again (in this browser). */
  introDismissed: boolean;
  /** PNG/SVG exports leave out the background, so a slide's own shows through. */
  exportTransparent: boolean;
  set(patch: Partial<Omit<SettingsState, 'set'>>): void;
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      showSystem: false,
      editorFraction: 0.38,
      panelFolded: false,
      speed: 1,
      panel: 'trace',
      introDismissed: false,
      exportTransparent: false,
      set: (patch) => set(patch),
    }),
    {
      name: 'svcscope.settings.v1',
      storage: createJSONStorage(() => safeStorage),
      partialize: ({ showSystem, editorFraction, panelFolded, speed, panel, introDismissed, exportTransparent }) => ({
        showSystem,
        editorFraction,
        panelFolded,
        speed,
        panel,
        introDismissed,
        exportTransparent,
      }),
    },
  ),
);
