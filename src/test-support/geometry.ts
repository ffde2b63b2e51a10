/** Geometry checks the picture's tests share. */
import type { Point, Rect } from '../graph/route';

/** Whether any segment of the route passes through the inside of r. */
export function hits(route: readonly Point[], r: Rect): boolean {
  return route.slice(1).some((b, i) => {
    const a = route[i] as Point;
    const steps = 50;
    for (let s = 1; s < steps; s++) {
      const p = { x: a.x + ((b.x - a.x) * s) / steps, y: a.y + ((b.y - a.y) * s) / steps };
      if (p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height) return true;
    }
    return false;
  });
}
