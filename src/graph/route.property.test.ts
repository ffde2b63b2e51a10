import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeAround } from './route';
import type { Rect } from './route';
import { hits } from '../test-support/geometry';
import { runs } from '../test-support/property';

describe('routeAround (property)', () => {
  it('never crosses a box when a way round exists (random boxes in a row of columns, as the layout makes)', () => {
    let routed = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 6 }), (gapRows) => {
        // Columns of boxes 200 wide with one gap each (at gapRows[c]): a way round always exists.
        const boxes: Rect[] = [];
        gapRows.forEach((gap, c) => {
          for (let row = 0; row < 5; row++) if (row !== gap) boxes.push({ x: 150 + c * 300, y: row * 100, width: 200, height: 80 });
        });
        const to = { x: 150 + gapRows.length * 300, y: 40 };
        const route = routeAround({ x: 0, y: 440 }, to, boxes);
        if (route.length > 2) routed++;
        return boxes.every((b) => !hits(route, b));
      }),
      { numRuns: runs(200) },
    );
    // The generator puts boxes in the way: the router went round them, not straight through.
    expect(routed).toBeGreaterThan(0);
  });
});
