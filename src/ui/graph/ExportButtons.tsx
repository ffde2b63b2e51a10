/**
 * PNG and SVG export of the whole graph, as a panel on the graph. The PNG is the graph as drawn
 * (html-to-image); the SVG is drawn from the laid-out graph as real vector shapes and text, which
 * slide tools that ignore HTML inside SVG (PowerPoint, Keynote, Inkscape) show as well.
 */
import { useState } from 'react';
import { Panel, useReactFlow } from '@xyflow/react';
import { download, pngDataUrl, svgDataUrl } from '../toolbar/exportGraph';
import { useSimulation } from '../../app/stores/simulation';
import { useDarkMode } from '../hooks/useDarkMode';

export function ExportButtons() {
  const flow = useReactFlow();
  const dark = useDarkMode();
  const [error, setError] = useState<string>();
  const run = async (format: 'png' | 'svg') => {
    try {
      setError(undefined);
      const graph = useSimulation.getState().snapshot?.graph;
      const url = format === 'svg' ? await svgDataUrl(graph, dark) : await pngDataUrl(flow.getNodes());
      download(url, `svcscope-cluster.${format}`);
    } catch (e) {
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <Panel position="bottom-center" className="export-buttons">
      <button type="button" onClick={() => void run('png')} data-testid="export-png" title="Download the whole graph as a PNG image">
        PNG
      </button>
      <button type="button" onClick={() => void run('svg')} data-testid="export-svg" title="Download the whole graph as an SVG image">
        SVG
      </button>
      {error ? (
        <span className="export-error" role="alert">
          {error}
        </span>
      ) : null}
    </Panel>
  );
}
