/** A vertical splitter between the editor and the graph: drag it, or focus it and use ←/→. */
import { useRef } from 'react';

export function Splitter({ fraction, onChange }: { fraction: number; onChange(fraction: number): void }) {
  const dragging = useRef(false);
  const clamp = (f: number) => Math.min(0.7, Math.max(0.2, f));
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the editor"
      aria-valuenow={Math.round(fraction * 100)}
      aria-valuemin={20}
      aria-valuemax={70}
      tabIndex={0}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (dragging.current) onChange(clamp(e.clientX / window.innerWidth));
      }}
      onPointerUp={() => {
        dragging.current = false;
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onChange(clamp(fraction - 0.02));
        if (e.key === 'ArrowRight') onChange(clamp(fraction + 0.02));
      }}
    />
  );
}
