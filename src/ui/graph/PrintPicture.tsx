/**
 * What an embed prints: a deck printed to PDF shows iframes as they paint for print, and the live
 * graph (a transformed, partly virtualised React Flow pane) paints blank there. This picture — the
 * graph as a vector drawing with the request's path up to the current hop and its caption — is
 * shown instead by the print stylesheet (app.css `@media print`), and hidden on screen.
 */
import { useMemo } from 'react';
import { useSimulation } from '../../app/stores/simulation';
import { trailNow, useAnimation } from '../../app/stores/animation';
import { graphToSvg, SVG_THEMES } from '../../graph/svg';

/** Above this many elements the picture is not drawn ahead of printing (it would cost every step). */
const MAX_ELEMENTS = 600;

export function PrintPicture() {
  const graph = useSimulation((s) => s.snapshot?.graph);
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const src = useMemo(() => {
    if (!graph || graph.nodes.length === 0 || graph.nodes.length > MAX_ELEMENTS) return undefined;
    const svg = graphToSvg(graph, SVG_THEMES.light, trailNow({ result, step }));
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, [graph, result, step]);
  return src ? (
    <img className="print-picture" src={src} alt="The simulated cluster and the request's path" data-testid="print-picture" />
  ) : null;
}
