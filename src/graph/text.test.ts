import { describe, expect, it } from 'vitest';
import { LINE_CHAR_PX, fittedLine, middleEllipsis } from './text';

describe('middleEllipsis: pod names keep the suffix that tells replicas apart', () => {
  it('keeps short text as it is', () => expect(middleEllipsis('client', 10)).toBe('client'));
  it('cuts in the middle, keeping the pod suffix and the template hash', () => {
    const cut = middleEllipsis('random-generator-f58cb886c-qmzsz', 22);
    expect(cut).toHaveLength(22);
    expect(cut).toMatch(/^random-ge.*….*886c-qmzsz$/);
  });
  it('tells the three replicas of a ReplicaSet apart at the width of a pod box', () => {
    const names = ['qmzsz', 'g9bsd', 'c2tjn'].map((s) => middleEllipsis(`random-generator-f58cb886c-${s}`, 24));
    expect(new Set(names).size).toBe(3);
  });
});

describe('fittedLine: an element’s monospace line cut to its box, as CSS text-overflow would', () => {
  // 230 px cluster node: 212 px for its line, which Chromium draws 218.5 px wide in DejaVu Sans Mono 11 px.
  it('cuts a line that is wider than the box, ending in an ellipsis', () =>
    expect(fittedLine('192.168.49.2 · pods 10.244.0.0/24', 212)).toBe('192.168.49.2 · pods 10.244.0.0/…'));
  it('keeps a line that fits (a 210 px Service: 189 px)', () =>
    expect(fittedLine('clusterIP 10.97.78.192', 189)).toBe('clusterIP 10.97.78.192'));
  it('the cut line is no wider than the box', () => {
    const line = fittedLine('selector app=random-generator,tier=backend', 189);
    expect(line.length * LINE_CHAR_PX).toBeLessThanOrEqual(189);
  });
});
