/**
 * The chips naming lit elements the following camera left out (OffscreenLit.tsx) stack on their
 * side of the pane: none over another, none past the pane's bottom edge, where the presentation
 * view's caption begins (seen at 960×540 and 1280×720: the second chip covered the caption's first words).
 */
import { describe, expect, it } from 'vitest';
import { stackChips } from './OffscreenLit';

const HEIGHT = 34;
const GAP = 6;

describe('stackChips', () => {
  it('leaves chips where they want to be when they do not meet', () => {
    expect(stackChips([40, 200], 500)).toEqual([40, 200]);
  });

  it('moves a chip down below the one above it', () => {
    expect(stackChips([100, 110], 500)).toEqual([100, 100 + HEIGHT + GAP]);
  });

  it('keeps the whole stack inside the pane: two chips wanted at the bottom edge move up', () => {
    const height = 420;
    const tops = stackChips([400, 405], height);
    expect(tops[1]).toBe(height - 8 - HEIGHT);
    expect(tops[0]).toBe((tops[1] as number) - HEIGHT - GAP);
    expect(Math.max(...tops) + HEIGHT).toBeLessThanOrEqual(height - 8);
  });

  it('keeps chips below the top edge, and apart, in a pane that holds them', () => {
    const tops = stackChips([-50, -40, -30], 400);
    expect(tops).toEqual([8, 8 + HEIGHT + GAP, 8 + 2 * (HEIGHT + GAP)]);
  });
});
