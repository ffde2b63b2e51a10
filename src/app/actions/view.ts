/** What is shown: the tab under the graph, folding it, system objects, the presentation view, selection, the what-if menu, exports. */
import { defineAction } from './registry';
import { useSettings } from '../stores/settings';
import type { Panel } from '../stores/settings';
import { useSelection } from '../stores/selection';
import type { SelectionState } from '../stores/selection';
import { useView } from '../stores/view';
import { timelineEvents, useTimeline } from '../stores/timeline';
import { elementIdOf } from '../../graph/ids';
import { useSimulation } from '../stores/simulation';
import { download, pngDataUrl, svgDataUrl } from '../export-image';

function prefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

async function exportImage(format: 'png' | 'svg'): Promise<void> {
  try {
    useView.setState({ exportError: undefined });
    const graph = useSimulation.getState().snapshot?.graph;
    const url = format === 'svg' ? await svgDataUrl(graph, prefersDark()) : await pngDataUrl(graph, prefersDark());
    download(url, `svcscope-cluster.${format}`);
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
    label: 'Download the whole graph as a PNG image',
    embed: false,
    enabled: () => useSimulation.getState().snapshot !== undefined,
    run: () => exportImage('png'),
  }),
  exportSvg: defineAction({
    id: 'export-svg',
    label: 'Download the whole graph as an SVG image',
    embed: false,
    enabled: () => useSimulation.getState().snapshot !== undefined,
    run: () => exportImage('svg'),
  }),
};
