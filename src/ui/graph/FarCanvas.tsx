/**
 * A large graph seen from far (far-scene.ts): every element and edge drawn on one canvas under
 * React Flow's pane, redrawn in the frame React Flow moves its viewport. React Flow keeps the
 * viewport, the gestures and the few elements drawn on top (selected, on the request's path).
 * The canvas's fallback content is a button per element, so a keyboard or a screen reader can
 * still pick one (HTML's canvas fallback: focusable, not painted).
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useStoreApi } from '@xyflow/react';
import { SVG_THEMES } from '../../graph/svg';
import { drawFarScene } from './far-scene';
import type { FarScene } from './far-scene';

const ElementButton = memo(function ElementButton({
  id,
  label,
  onPick,
  onFocus,
}: {
  id: string;
  label: string;
  onPick: (id: string) => void;
  onFocus: (id: string | undefined) => void;
}) {
  return (
    <button
      type="button"
      data-testid={`far-${id}`}
      onClick={() => onPick(id)}
      onFocus={() => onFocus(id)}
      onBlur={() => onFocus(undefined)}
    >
      {label}
    </button>
  );
});

export function FarCanvas({
  scene,
  dark,
  revision,
  onPick,
  onFocusElement,
}: {
  scene: FarScene;
  dark: boolean;
  /** The snapshot drawn: set on the canvas (data-drawn-revision) once a frame with it is drawn. */
  revision: number;
  onPick: (id: string) => void;
  /** An element's button got the keyboard's focus: bring the element into view. */
  onFocusElement: (id: string) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const follow = useRef(onFocusElement);
  useEffect(() => {
    follow.current = onFocusElement;
  }, [onFocusElement]);
  const onFocus = useCallback((id: string | undefined) => {
    setFocused(id);
    if (id) follow.current(id);
  }, []);
  const latest = useRef({ scene, dark, revision, focused });
  const redraw = useRef<() => void>(() => undefined);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    let frame = 0;
    const draw = () => {
      frame = 0;
      const { transform, width, height } = store.getState();
      const ratio = window.devicePixelRatio || 1;
      const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
      if (element.width !== w || element.height !== h) [element.width, element.height] = [w, h];
      const now = latest.current;
      const [x, y, zoom] = transform;
      drawFarScene(context, now.scene, { x, y, zoom, width, height }, SVG_THEMES[now.dark ? 'dark' : 'light'], ratio, now.focused);
      element.dataset.drawnRevision = String(now.revision);
    };
    // At most one drawing a frame, in the frame React Flow's viewport moves (rAF runs before its paint).
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    redraw.current = schedule;
    schedule();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.transform !== previous.transform || state.width !== previous.width || state.height !== previous.height) schedule();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      redraw.current = () => undefined;
    };
  }, [store]);

  useEffect(() => {
    latest.current = { scene, dark, revision, focused };
    redraw.current();
  }, [scene, dark, revision, focused]);

  return (
    <canvas
      ref={canvas}
      className="far-canvas"
      data-testid="far-canvas"
      aria-label={`${scene.elements.length} elements, drawn small: zoom in to read them, or pick one from this list`}
    >
      {scene.elements.map((e) => (
        <ElementButton key={e.id} id={e.id} label={e.label} onPick={onPick} onFocus={onFocus} />
      ))}
    </canvas>
  );
}
