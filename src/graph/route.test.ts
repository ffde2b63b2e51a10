import { describe, expect, it } from 'vitest';
import { legRouter, pathOf, routeAround, type Point } from './route';
import { hits } from '../test-support/geometry';

describe('routeAround (the trail goes around boxes)', () => {
  it('goes straight when nothing is in the way', () => {
    expect(routeAround({ x: 0, y: 100 }, { x: 500, y: 100 }, [])).toEqual([
      { x: 0, y: 100 },
      { x: 500, y: 100 },
    ]);
  });

  it('goes round a box between the two ends, orthogonally, and ends where it should', () => {
    const wall = { x: 200, y: 0, width: 100, height: 300 };
    const route = routeAround({ x: 0, y: 150 }, { x: 500, y: 150 }, [wall]);
    expect(hits(route, wall)).toBe(false);
    expect(route[0]).toEqual({ x: 0, y: 150 });
    expect(route.at(-1)).toEqual({ x: 500, y: 150 });
    for (const [i, b] of route.slice(1).entries()) {
      const a = route[i] as Point;
      expect(a.x === b.x || a.y === b.y).toBe(true);
    }
  });

  it('makes an SVG path of the points', () => {
    expect(
      pathOf([
        { x: 0, y: 0 },
        { x: 10.4, y: 0 },
        { x: 10.4, y: 20 },
      ]),
    ).toBe('M0 0 L10 0 L10 20');
  });
});

describe('legRouter (a trail grows by a leg a hop)', () => {
  it('routes a leg as routeAround does, and gives a leg routed before without searching again', () => {
    const wall = { x: 200, y: 0, width: 100, height: 300 };
    const route = legRouter([wall]);
    const from = { x: 0, y: 150 };
    const to = { x: 500, y: 150 };
    const first = route(from, to);
    expect(first).toEqual(routeAround(from, to, [wall]));
    expect(route({ ...from }, { ...to })).toBe(first);
    expect(route(from, { x: 500, y: 160 })).not.toBe(first);
  });
});
