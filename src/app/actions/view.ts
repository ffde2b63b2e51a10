/** What is shown: the tab under the graph, folding it, system objects, the presentation view, selection, the what-if menu, exports. */
import { defineAction } from './registry';
import { useSettings } from '../stores/settings';
import type { Panel } from '../stores/settings';
import { useSelection } from '../stores/selection';
import type { SelectionState } from '../stores/selection';
import { useView } from '../stores/view';
import { trailNow, useAnimation } from '../stores/animation';
import { timelineEvents, useTimeline } from '../stores/timeline';
import { elementIdOf } from '../../graph/ids';
import { useSimulation } from '../stores/simulation';
import { download, pngDataUrl, svgDataUrl } from '../export-image';
import type { ImageLook } from '../export-image';

function prefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** The colours of exported pictures: the app's (light or dark), with or without a background. */
export function imageLook(): ImageLook {
  return { dark: prefersDark(), transparent: useSettings.getState().exportTransparent };
}

async function exportImage(format: 'png' | 'svg'): Promise<void> {
  try {
    useView.setState({ exportError: undefined });
    const graph = useSimulation.getState().snapshot?.graph;
    // The picture shows the request's path up to the hop on screen, with its caption.
    const trail = trailNow(useAnimation.getState());
    const look = imageLook();
    const url = format === 'svg' ? await svgDataUrl(graph, look, trail) : await pngDataUrl(graph, look, trail);
    // One file per hop when a trace is on screen, so a deck can take one picture per step.
    const hop = trail ? `-hop-${useAnimation.getState().step + 1}` : '';
    download(url, `svcscope-cluster${hop}.${format}`);
  } catch (e) {
    useView.setState({ exportError: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

export const view = {
  showTab: defineAction<[Panel]>({
    id: 'show-tab',
    label: 'Show a tab under the graph',
    embed: false,
    // Choosing a tab unfolds the panel: the user wants to read it.
    run: (panel) => useSettings.getState().set({ panel, panelFolded: false }),
  }),
  toggleFold: defineAction({
    id: 'toggle-fold',
    label: 'Fold the panel: the graph gets its height (for a projector)',
    embed: false,
    run: () => useSettings.getState().set({ panelFolded: !useSettings.getState().panelFolded }),
  }),
  toggleSystem: defineAction({
    id: 'toggle-system',
    label: "Show the cluster's own objects (CoreDNS, the kubernetes Service, the ingress controller)",
    embed: false,
    run: () => useSettings.getState().set({ showSystem: !useSettings.getState().showSystem }),
  }),
  dismissIntro: defineAction({
    id: 'dismiss-intro',
    label: 'Close the introduction (it does not come back)',
    embed: false,
    run: () => useSettings.getState().set({ introDismissed: true }),
  }),
  resizeEditor: defineAction<[number]>({
    id: 'resize-editor',
    label: 'Editor width',
    embed: false,
    run: (editorFraction) => useSettings.getState().set({ editorFraction }),
  }),
  present: defineAction({
    id: 'present',
    label: 'Presentation view: the graph and the step caption fill the screen (Escape returns)',
    keys: ['p'],
    embed: false,
    run: () => useView.setState((s) => ({ presenting: !s.presenting })),
  }),
  endPresentation: defineAction({
    id: 'end-presentation',
    label: 'Leave the presentation view',
    keys: ['Escape'],
    embed: false,
    enabled: () => useView.getState().presenting,
    run: () => useView.setState({ presenting: false }),
  }),
  releaseKeys: defineAction({
    id: 'release-keys',
    label: 'Give the keys back to the slide deck',
    keys: ['Escape'],
    embed: true,
    // Only inside a frame: a deck around it takes the keys back.
    enabled: () => typeof window !== 'undefined' && window.parent !== window,
    run: () => {
      (document.activeElement as HTMLElement | null)?.blur?.();
      try {
        window.parent.focus(); // focus() may be called across origins (HTML: cross-origin WindowProxy members)
      } catch {
        // A browser that refuses: the deck still hears keysReleased.
      }
      useView.setState((s) => ({ keysReleased: s.keysReleased + 1 }));
    },
  }),
  select: defineAction<[string | undefined, SelectionState['origin']]>({
    id: 'select',
    label: 'Select an element',
    embed: true,
    run: (id, origin) => useSelection.getState().select(id, origin),
  }),
  scrubTimeline: defineAction<[number]>({
    id: 'scrub-timeline',
    label: 'Scrub through the events',
    embed: false,
    // The event's element is selected in the graph (and its YAML in the editor).
    run: (at) => {
      useTimeline.setState({ at });
      const event = timelineEvents(useSimulation.getState().snapshot?.events ?? [])[at];
      const id = event ? elementIdOf(event) : undefined;
      if (id) useSelection.getState().select(id, 'other');
    },
  }),
  expandGroup: defineAction<[string]>({
    id: 'expand-group',
    label: 'Draw the members of a group one by one',
    embed: true,
    run: (id) => useView.setState((s) => (s.expanded.includes(id) ? {} : { expanded: [...s.expanded, id] })),
  }),
  collapseGroups: defineAction({
    id: 'collapse-groups',
    label: 'Fold the unfolded groups again',
    embed: true,
    enabled: () => useView.getState().expanded.length > 0,
    run: () => useView.setState({ expanded: [] }),
  }),
  inspect: defineAction<[string]>({
    id: 'inspect',
    label: 'Select an element and show its inspector',
    embed: false,
    run: (id) => {
      useSelection.getState().select(id, 'graph');
      useSettings.getState().set({ panel: 'inspector', panelFolded: false });
    },
  }),
  openWhatIfMenu: defineAction<[string?, number?, number?]>({
    id: 'open-what-if-menu',
    label: 'What if… (the selected element)',
    keys: ['Shift+F10', 'ContextMenu'],
    embed: false,
    enabled: () => useSelection.getState().selected !== undefined,
    run: (id = useSelection.getState().selected, x, y) => {
      if (!id) return;
      useSelection.getState().select(id, 'graph');
      useSettings.getState().set({ panel: 'inspector' });
      useView.setState({ menu: { id, ...(x !== undefined && y !== undefined ? { x, y } : {}) } });
    },
  }),
  closeWhatIfMenu: defineAction({
    id: 'close-what-if-menu',
    label: 'Close the menu',
    embed: false,
    run: () => useView.setState({ menu: undefined }),
  }),
  exportPng: defineAction({
    id: 'export-png',
    label: "Download the whole graph as a PNG image, with the request's path up to the hop on screen",
    embed: false,
    enabled: () => useSimulation.getState().snapshot !== undefined,
    run: () => exportImage('png'),
  }),
  exportSvg: defineAction({
    id: 'export-svg',
    label: "Download the whole graph as an SVG image, with the request's path up to the hop on screen",
    embed: false,
    enabled: () => useSimulation.getState().snapshot !== undefined,
    run: () => exportImage('svg'),
  }),
  toggleExportTransparent: defineAction({
    id: 'toggle-export-transparent',
    label: "Exported pictures without a background: the slide's own shows through",
    embed: false,
    run: () => useSettings.getState().set({ exportTransparent: !useSettings.getState().exportTransparent }),
  }),
};
