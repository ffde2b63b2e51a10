/** PNG and SVG export of the whole graph, as a panel on the graph. */
import { useState } from 'react';
import { Panel, useReactFlow } from '@xyflow/react';
import { download, exportGraph } from '../toolbar/exportGraph';

export function ExportButtons() {
  const flow = useReactFlow();
  const [error, setError] = useState<string>();
  const run = async (format: 'png' | 'svg') => {
    try {
      setError(undefined);
      download(await exportGraph(format, flow.getNodes()), `svcscope-cluster.${format}`);
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
      {error ? <span className="export-error" role="alert">{error}</span> : null}
    </Panel>
  );
}
