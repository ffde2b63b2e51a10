import { describe, expect, it } from 'vitest';
import { middleEllipsis } from './text';

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
