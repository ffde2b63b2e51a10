/**
 * An edge drawn around the graph's boxes (issue 13: "edges routed around boxes"): the orthogonal
 * route of route.ts from the source's right side to the target's left side, instead of React
 * Flow's bezier through whatever lies between. Used for graphs route.ts's routesEdges accepts
 * (the built-in scenarios, a pasted namespace); larger graphs keep the cheaper bezier.
 */
import { createContext, memo, useContext, useMemo } from 'react';
import { BaseEdge } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import type { Rect } from './camera';
import { pathOf, routeAround } from '../../graph/route';

/** The boxes edges go around, given by GraphPane. */
export const ObstaclesContext = createContext<readonly Rect[]>([]);

export const RoutedEdge = memo(function RoutedEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  label,
  markerEnd,
  style,
  interactionWidth,
}: EdgeProps) {
  const obstacles = useContext(ObstaclesContext);
  const { path, middle } = useMemo(() => {
    const route = routeAround({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, obstacles);
    // The label (a CNAME) on the route's longest leg, at its middle.
    let best = { x: (sourceX + targetX) / 2, y: (sourceY + targetY) / 2, length: -1 };
    for (const [i, b] of route.slice(1).entries()) {
      const a = route[i] ?? b;
      const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
      if (length > best.length) best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, length };
    }
    return { path: pathOf(route), middle: best };
  }, [sourceX, sourceY, targetX, targetY, obstacles]);
  return (
    <BaseEdge
      id={id}
      path={path}
      label={label}
      labelX={middle.x}
      labelY={middle.y}
      {...(markerEnd ? { markerEnd } : {})}
      {...(style ? { style } : {})}
      {...(interactionWidth !== undefined ? { interactionWidth } : {})}
    />
  );
});

export const EDGE_TYPES = { routed: RoutedEdge };
