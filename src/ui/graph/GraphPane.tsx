/**
 * The cluster graph (React Flow): positioned elements from the worker, the request animation on
 * top. Dimmed while the YAML has errors (the last good graph stays). Click selects (and shows the
 * element's YAML); the selection made in the editor highlights here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, ControlButton, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { SYSTEM_NAMESPACES, hasErrors } from '../../engine/index';
import { useSimulation } from '../../app/stores/simulation';
import { isSettled, watchSettled } from '../../app/hooks';
import { actions } from '../../app/actions/index';
import { useView } from '../../app/stores/view';
import { useDocument } from '../../app/stores/document';
import { useSelection } from '../../app/stores/selection';
import { useAnimation } from '../../app/stores/animation';
import { useDarkMode } from '../hooks/useDarkMode';
import { absoluteBoxes, union } from '../../graph/boxes';
import { NODE_TYPES } from './nodes';
import { drawnOverCanvas, toFlowEdges, toFlowNodes } from './to-flow';
import { FarCanvas } from './FarCanvas';
import { elementAt, farScene } from './far-scene';
import type { FarScene } from './far-scene';
import { PacketOverlay, ladderAt, packetLabel } from './Packet';
import { EDGE_TYPES, ObstaclesContext } from './RoutedEdge';
import { OffscreenLit } from './OffscreenLit';
import { routesEdges, routingObstacles } from '../../graph/route';
import { cameraViewport } from './camera';
import type { TraceResult } from '../../worker/protocol';
import { ContextMenu } from './ContextMenu';
import { whatIfActions } from '../../app/what-if-menu';
import { involvedNow, useTimeline } from '../../app/stores/timeline';
import { useSettings } from '../../app/stores/settings';

function podCounts(counts: Record<string, number> | undefined): Map<string, number> {
  return new Map(Object.entries(counts ?? {}).map(([key, n]) => [`pod:${key}`, n]));
}

/**
 * Below this zoom a node's small print is a few pixels high: it is left out (CSS), so a large
 * graph seen whole has far less to paint and clip while it pans (each clipped line costs).
 */
export const FAR_ZOOM = 0.45;
/** A large graph's canvas gives way to React Flow's boxes again above this zoom (a little above FAR_ZOOM, so a wheel at the edge does not flip it back and forth). */
const NEAR_AGAIN = 0.5;

/**
 * Whether a large graph (more elements than edges are routed for) is drawn on the far view's
 * canvas: from FAR_ZOOM down, until the zoom is above NEAR_AGAIN again.
 */
function useFarCanvas(large: boolean): boolean {
  // The zoom's band, not the zoom: a re-render when it crosses a threshold, not at every frame of a zoom.
  const band = useStore((s) => (s.transform[2] < FAR_ZOOM ? 'far' : s.transform[2] <= NEAR_AGAIN ? 'between' : 'near'));
  const [on, setOn] = useState(band === 'far');
  // Between the two thresholds the last decision stands (React's state derived while rendering).
  if (band === 'far' && !on) setOn(true);
  if (band === 'near' && on) setOn(false);
  return large && on;
}
const PRO_OPTIONS = { hideAttribution: false };
const NO_EDGES: never[] = [];

/** React Flow's own fit-view icon (its Controls draw this one; ours fits the graph's extent instead of React Flow's nodes). */
function FitIcon() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true">
      <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
    </svg>
  );
}

interface FittedView {
  scenarioKey: string;
  width: number;
  height: number;
}

/** The layout grew or shrank by more than this fraction in width or height: fit it again. */
const REFIT_CHANGE = 0.15;

const reducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

function needsFit(last: FittedView | undefined, now: FittedView): boolean {
  if (!last || last.scenarioKey !== now.scenarioKey) return true;
  const changed = (a: number, b: number) => Math.abs(a - b) > REFIT_CHANGE * Math.max(a, b, 1);
  return changed(last.width, now.width) || changed(last.height, now.height);
}

function Graph({ interactive, fitOnResize, focus }: { interactive: boolean; fitOnResize: boolean; focus: boolean }) {
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const snapshot = useSimulation((s) => s.snapshot);
  const stale = useSimulation((s) => s.stale);
  // Stale because the YAML has errors, or because its simulation was stopped (a hung worker).
  const broken = useSimulation((s) => hasErrors(s.diagnostics));
  const selected = useSelection((s) => s.selected);
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const spread = useAnimation((s) => s.spread);
  const dark = useDarkMode();
  const flow = useReactFlow();
  const graph = snapshot?.graph;
  const menu = useView((s) => s.menu);
  const pane = useRef<HTMLDivElement>(null);
  const closeMenu = useCallback(() => void actions.closeWhatIfMenu.run(), []);
  // Stable handlers: React Flow hands them to every node, and a new function re-renders them all.
  // A group ("+ 96 more pods") unfolds into its members; any other element is selected.
  const pick = useCallback(
    (id: string, group: boolean) => {
      if (group) void actions.expandGroup.run(id);
      else void (interactive ? actions.inspect.run(id) : actions.select.run(id, 'graph'));
    },
    [interactive],
  );
  const onNodeClick = useCallback(
    (_: unknown, node: { id: string; data?: { element?: { group?: unknown } } }) => pick(node.id, !!node.data?.element?.group),
    [pick],
  );
  const openMenu = useCallback(
    (event: { clientX: number; clientY: number; preventDefault(): void }, id: string) => {
      if (!interactive) return;
      event.preventDefault();
      const box = pane.current?.getBoundingClientRect();
      void actions.openWhatIfMenu.run(id, event.clientX - (box?.left ?? 0), event.clientY - (box?.top ?? 0));
    },
    [interactive],
  );
  const onNodeContextMenu = useCallback((event: React.MouseEvent, node: { id: string }) => openMenu(event, node.id), [openMenu]);
  // The far view's canvas (FarCanvas.tsx) has no DOM box per element: the pane's events find theirs.
  const scene = useRef<FarScene | undefined>(undefined);
  const hit = useCallback(
    (event: { clientX: number; clientY: number }) =>
      scene.current ? elementAt(scene.current, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })) : undefined,
    [flow],
  );
  const onPaneClick = useCallback(
    (event: React.MouseEvent) => {
      const element = hit(event);
      if (element) pick(element.id, element.group);
      else void actions.select.run(undefined, 'graph');
    },
    [hit, pick],
  );
  const onPaneContextMenu = useCallback(
    (event: React.MouseEvent | MouseEvent) => {
      const element = hit(event);
      if (element) openMenu(event, element.id);
    },
    [hit, openMenu],
  );
  const tip = useRef<HTMLDivElement>(null);
  // Over an element of the canvas: a pointer and its name by the cursor (set on the DOM, not in React state: it follows every move).
  const onPaneMouseMove = useCallback(
    (event: React.MouseEvent) => {
      const element = hit(event);
      const box = pane.current?.getBoundingClientRect();
      pane.current?.classList.toggle('over-element', !!element);
      const label = tip.current;
      if (!label || !box) return;
      label.hidden = !element;
      if (!element) return;
      label.textContent = element.group ? `${element.label} (click to draw them one by one)` : element.label;
      label.style.transform = `translate(${event.clientX - box.left + 14}px, ${event.clientY - box.top + 14}px)`;
    },
    [hit],
  );
  const onPaneMouseLeave = useCallback(() => {
    pane.current?.classList.remove('over-element');
    if (tip.current) tip.current.hidden = true;
  }, []);
  const menuElement = menu ? graph?.nodes.find((n) => n.id === menu.id) : undefined;

  // The timeline's current event: while the Timeline is open, the elements it involves are outlined.
  const scrubbedAt = useTimeline((s) => s.at);
  const timelineOpen = useSettings((s) => s.panel === 'timeline' && !s.panelFolded);
  const events = snapshot?.events;
  const involved = useMemo(
    () => (timelineOpen && graph && events ? involvedNow(events, scrubbedAt, graph) : []),
    [timelineOpen, graph, events, scrubbedAt],
  );
  const baseNodes = useMemo(() => {
    const flowNodes = graph ? toFlowNodes(graph, selected) : [];
    return involved.length ? flowNodes.map((n) => (involved.includes(n.id) ? { ...n, className: 'timeline-involved' } : n)) : flowNodes;
  }, [graph, selected, involved]);
  // Keyed by the edges alone: most edits change no edge, and an edge list that stays the same list
  // is not handed to React Flow again (which would index every edge anew).
  const graphEdges = graph?.edges;
  const routed = !!graph && routesEdges(graph);
  const edges = useMemo(() => (graphEdges ? toFlowEdges(graphEdges, routed) : []), [graphEdges, routed]);
  const boxes = useMemo(() => (graph ? absoluteBoxes(graph) : new Map()), [graph]);
  // The whole graph's extent: what a fit shows (not React Flow's nodes: over the far view's canvas it holds only a few).
  const whole = useMemo(
    () => (graph ? union(graph.nodes.filter((n) => !n.parentId).map((n) => boxes.get(n.id))) : undefined),
    [graph, boxes],
  );
  // What edges and the request's trail go around (route.ts).
  const obstacles = useMemo(() => (graph ? routingObstacles(graph, boxes) : []), [graph, boxes]);
  const counts = useMemo(() => podCounts(spread?.counts), [spread]);
  // The elements a request goes through or uses, with the node boxes that hold them.
  // From the first hop on: a request waiting at its origin leaves the whole graph in view.
  const focusOn = focus && !!result && step >= 0;
  const onPath = useMemo(() => {
    const ids = new Set<string>();
    if (!result || !graph) return ids;
    for (const id of [result.placed.origin, ...result.placed.places.flatMap((p) => [p.at, ...p.lit])]) ids.add(id);
    for (const n of graph.nodes) if (ids.has(n.id) && n.parentId) ids.add(n.parentId);
    return ids;
  }, [result, graph]);
  // Where the view looks (camera.ts): in the presentation view and embeds, the request's path at
  // a readable size, following the packet when the whole path would be too small to read; in the
  // full app, the whole graph.
  // kube-proxy's chain ladder at this hop (ladder.ts): drawn by the packet, kept in view by the camera.
  const onLadder = useMemo(() => (result ? ladderAt(result, step, boxes) : undefined), [result, step, boxes]);
  const fitNow = useRef<() => void>(() => undefined);
  const followed = useRef<TraceResult | undefined>(undefined);
  useEffect(() => {
    fitNow.current = () => {
      const element = pane.current;
      const size = { width: element?.clientWidth ?? 0, height: element?.clientHeight ?? 0 };
      if (!graph || size.width === 0 || size.height === 0) return;
      if (!focus) return void (whole && flow.fitBounds(whole, { padding: 0.08, duration: 0 }));
      const path = result && {
        boxes,
        placed: result.placed,
        step,
        label: packetLabel(result, step).length,
        ...(onLadder ? { extra: onLadder.reach } : {}),
      };
      const target = cameraViewport(size, whole, path);
      if (!target) return;
      // Moving along one request glides with the packet (as long as its 600 ms, .packet in app.css); anything else jumps.
      const glide = result !== undefined && followed.current === result && !reducedMotion();
      followed.current = result;
      // Linear: a smooth (van Wijk) glide zooms out on the way, text under the readable size for a moment.
      void flow.setViewport(target, { duration: glide ? 600 : 0, interpolate: 'linear' });
    };
    if (focus) requestAnimationFrame(() => fitNow.current());
  }, [focus, result, step, boxes, graph, whole, flow, onLadder]);

  // The elements whose rules decide the hop on screen, for the chips that point at them when the view follows the packet away.
  const litNow = useMemo(() => {
    const ids = result && step >= 0 ? (result.placed.places[step]?.lit ?? []) : [];
    return ids.flatMap((id) => {
      const element = graph?.nodes.find((n) => n.id === id);
      const box = boxes.get(id);
      return element && box ? [{ id, label: `${element.title} (${element.tag})`, box }] : [];
    });
  }, [result, step, graph, boxes]);

  const nodes = useMemo(() => {
    const places = result?.placed.places ?? [];
    const active = step >= 0 ? places[step]?.at : result?.placed.origin;
    const lit = new Set(step >= 0 ? (places[step]?.lit ?? []) : []);
    const picked = step >= 0 ? places[step]?.picked : undefined;
    const visited = new Set([result?.placed.origin, ...places.slice(0, step + 1).map((p) => p.at)]);
    if (!result && counts.size === 0) return baseNodes;
    // The external client is whoever the request says it is.
    const clientIP = result && 'external' in result.request.from ? result.request.from.external : undefined;
    return baseNodes.map((n) => {
      if (clientIP && n.id === 'client' && n.data.element.lines[0] !== clientIP)
        n = { ...n, data: { ...n.data, element: { ...n.data.element, lines: [clientIP] } } };
      const count =
        counts.get(n.id) ??
        (spread && n.data.element.type === 'pod' && !SYSTEM_NAMESPACES.has(n.data.element.ref?.namespace ?? '') ? 0 : undefined);
      const isActive = n.id === active;
      const wasVisited = visited.has(n.id);
      const isLit = lit.has(n.id);
      if (focusOn && !onPath.has(n.id)) return { ...n, className: 'faded' };
      if (!isActive && !wasVisited && !isLit && count === undefined) return n;
      return {
        ...n,
        data: {
          ...n.data,
          active: isActive,
          visited: wasVisited,
          ...(isLit ? { lit: true, ...(picked ? { picked } : {}) } : {}),
          ...(count !== undefined ? { count } : {}),
        },
      };
    });
  }, [baseNodes, result, step, counts, spread, focusOn, onPath]);

  // A large graph seen from far is drawn on a canvas (FarCanvas.tsx); React Flow keeps the elements that stand out.
  const onCanvas = useFarCanvas(!!graph && !routed);
  const overCanvas = useMemo(() => (onCanvas ? drawnOverCanvas(nodes, boxes) : undefined), [onCanvas, nodes, boxes]);
  const farView = useMemo(() => {
    if (!overCanvas || !graph) return undefined;
    const faded = new Set(nodes.filter((n) => n.className === 'faded').map((n) => n.id));
    return farScene(graph, boxes, faded, overCanvas.ids);
  }, [overCanvas, graph, boxes, nodes]);
  useEffect(() => {
    scene.current = farView;
  }, [farView]);
  const pickOnCanvas = useCallback((id: string) => pick(id, !!scene.current?.elements.find((e) => e.id === id)?.group), [pick]);
  // Tabbing through the canvas's elements brings each to the middle of the pane, at the same zoom.
  const centreOn = useCallback(
    (id: string) => {
      const box = boxes.get(id);
      if (box) void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: flow.getZoom(), duration: 0 });
    },
    [boxes, flow],
  );
  const fitWhole = useCallback(() => void (whole && flow.fitBounds(whole, { padding: 0.08, duration: 0 })), [whole, flow]);

  // Fit the view when the first graph arrives, when another scenario (or step) is opened, and when
  // the layout's extent changes a lot; small edits keep the user's pan and zoom.
  const scenarioKey = useDocument((s) => `${s.scenarioId ?? ''}:${s.step ?? ''}`);
  const fitted = useRef<FittedView | undefined>(undefined);
  const fitIfNeeded = useRef<() => void>(() => undefined);
  useEffect(() => {
    fitIfNeeded.current = () => {
      if (!graph || !isSettled()) return;
      const view = { scenarioKey, width: graph.width, height: graph.height };
      if (!needsFit(fitted.current, view)) return;
      fitted.current = view;
      requestAnimationFrame(() => fitNow.current());
    };
    fitIfNeeded.current();
  }, [graph, flow, scenarioKey]);

  // Busy while an edit is on its way to the worker: marked on the element, so that a keystroke
  // does not render the graph again before its simulation comes back. Settling may fit the view.
  useEffect(
    () =>
      watchSettled((settled) => {
        pane.current?.setAttribute('data-settled', String(settled));
        pane.current?.setAttribute('aria-busy', String(!settled));
        if (settled) fitIfNeeded.current();
      }),
    [],
  );

  // The pane changes size (an iframe resized in a slide, the window, the editor hidden or its
  // splitter moved): keep the whole graph in view. In the full app only a real change of width
  // or height counts, so the user's own zoom survives the small ones.
  useEffect(() => {
    const element = pane.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let last = { width: element.clientWidth, height: element.clientHeight };
    let frame = 0;
    const observer = new ResizeObserver(() => {
      const now = { width: element.clientWidth, height: element.clientHeight };
      const grew =
        Math.abs(now.width - last.width) > (fitOnResize ? 0 : 0.1 * last.width) ||
        Math.abs(now.height - last.height) > (fitOnResize ? 0 : 0.1 * last.height);
      if (!grew || now.width === 0 || now.height === 0) return;
      last = now;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fitNow.current());
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [fitOnResize, flow]);

  return (
    <div
      ref={pane}
      className={`graph-pane${stale ? ' stale' : ''}${far ? ' far' : ''}`}
      data-zoom={far ? 'far' : 'near'}
      data-drawn={farView ? 'canvas' : 'dom'}
      data-testid="graph"
      data-revision={snapshot?.revision ?? 0}
      data-stale={stale}
    >
      <ObstaclesContext.Provider value={obstacles}>
        <ReactFlow
          nodes={overCanvas ? overCanvas.nodes : nodes}
          edges={overCanvas ? NO_EDGES : edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          colorMode={dark ? 'dark' : 'light'}
          onNodeClick={onNodeClick}
          onNodeContextMenu={onNodeContextMenu}
          onPaneClick={onPaneClick}
          onPaneContextMenu={onPaneContextMenu}
          onPaneMouseMove={farView ? onPaneMouseMove : undefined}
          onPaneMouseLeave={onPaneMouseLeave}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={interactive}
          minZoom={0.1}
          maxZoom={2}
          onlyRenderVisibleElements
          proOptions={PRO_OPTIONS}
        >
          <Background gap={24} size={1} />
          {farView && snapshot ? (
            <FarCanvas scene={farView} dark={dark} revision={snapshot.revision} onPick={pickOnCanvas} onFocusElement={centreOn} />
          ) : null}
          {interactive ? (
            <Controls showInteractive={false} showFitView={false}>
              <ControlButton className="react-flow__controls-fitview" onClick={fitWhole} title="Fit View" aria-label="Fit View">
                <FitIcon />
              </ControlButton>
            </Controls>
          ) : null}
          {/* The far view's canvas is a whole picture already (and React Flow holds only a few of its elements).
              Nor when the view follows a request (presentation, embeds): on a slide the map only covers cards. */}
          {interactive && !focus && graph && graph.nodes.length > 40 && !farView ? <MiniMap pannable zoomable /> : null}
          {result ? <PacketOverlay result={result} step={step} boxes={boxes} obstacles={obstacles} onLadder={onLadder} /> : null}
        </ReactFlow>
      </ObstaclesContext.Provider>
      {focusOn ? <OffscreenLit lit={litNow} /> : null}
      <div ref={tip} className="far-tip" role="tooltip" hidden />
      {menu && menuElement && snapshot && interactive ? (
        <ContextMenu
          anchorId={menu.id}
          x={menu.x}
          y={menu.y}
          title={menuElement.title}
          actions={whatIfActions(menuElement, snapshot.objects)}
          onClose={closeMenu}
        />
      ) : null}
      {stale ? (
        <div className="stale-banner" role="status">
          {broken
            ? 'The YAML has errors: showing the last good cluster.'
            : 'Your latest text was not simulated: showing the last good cluster.'}
        </div>
      ) : null}
      {!snapshot ? <div className="graph-loading">Simulating the cluster…</div> : null}
    </div>
  );
}

/**
 * `focus` (the presentation view and embeds): while a request is on screen, the view fits the
 * elements its path goes through (and the ones its rules use), larger than the whole graph would
 * be, and what it does not touch is faded.
 */
export function GraphPane({
  interactive = true,
  fitOnResize = false,
  focus = false,
}: {
  interactive?: boolean;
  fitOnResize?: boolean;
  focus?: boolean;
}) {
  return (
    <ReactFlowProvider>
      <Graph interactive={interactive} fitOnResize={fitOnResize} focus={focus} />
    </ReactFlowProvider>
  );
}
