/**
 * The bench's baseline (`npm run bench`, bench/browser.ts): a minimal @xyflow/react page, the
 * app's React Flow version with nothing of the app's. Built by the bench on its own (never part of
 * the app's build) and opened as `?nodes=N&edges=E&width=W&height=H`: N plain default nodes in a
 * grid of the pane's proportions, E default edges between neighbours, in a W x H pane at the
 * page's top left, fitted into view.
 *
 * Only the props that decide what panning costs are the app's (src/ui/graph/GraphPane.tsx): the
 * zoom limits, so the whole graph fits in view as it does there, and onlyRenderVisibleElements,
 * so both drop the elements panned out of view. No background, controls, minimap or custom nodes:
 * what those cost is what the bench's ratio shows.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow } from '@xyflow/react';
import type { Edge, Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

const params = new URLSearchParams(location.search);
const count = (name: string, fallback: number) => Number(params.get(name) ?? fallback);
const nodeCount = count('nodes', 1000);
const edgeCount = count('edges', 1000);
const width = count('width', 960);
const height = count('height', 720);

// Default nodes are 150 px wide and about 40 high: 200 x 80 apart, in as many columns as make the
// grid as wide for its height as the pane.
const [dx, dy] = [200, 80];
const columns = Math.max(1, Math.round(Math.sqrt((nodeCount * dy * width) / (dx * height))));
const nodes: Node[] = Array.from({ length: nodeCount }, (_, i) => ({
  id: `n${i}`,
  position: { x: (i % columns) * dx, y: Math.floor(i / columns) * dy },
  data: { label: `node ${i}` },
}));
// Right neighbours first, then the ones below, until there are edgeCount.
const pairs: [number, number][] = [];
for (let i = 0; i < nodeCount; i++) if ((i + 1) % columns !== 0 && i + 1 < nodeCount) pairs.push([i, i + 1]);
for (let i = 0; i + columns < nodeCount; i++) pairs.push([i, i + columns]);
const edges: Edge[] = pairs.slice(0, edgeCount).map(([s, t]) => ({ id: `e${s}-${t}`, source: `n${s}`, target: `n${t}` }));
if (edges.length < edgeCount) throw new Error(`only ${edges.length} edges for ${nodeCount} nodes`);

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <div style={{ width, height }} data-testid="graph">
      <ReactFlow
        defaultNodes={nodes}
        defaultEdges={edges}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements
      />
    </div>
  </StrictMode>,
);
