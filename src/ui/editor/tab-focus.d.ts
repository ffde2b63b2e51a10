/**
 * Monaco's global "Tab moves focus" switch (vs/editor/browser/config/tabFocus.js, what the
 * "Toggle Tab Key Moves Focus" command sets). Not in the public API: `editor.trigger` does not
 * reach that command (an Action2, not an editor action), so the editor sets the switch itself.
 */
declare module 'monaco-editor/esm/vs/editor/browser/config/tabFocus.js' {
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(tabFocusMode: boolean): void;
  };
}
