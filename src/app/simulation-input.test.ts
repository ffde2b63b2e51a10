import { describe, expect, it } from 'vitest';
import { sameInput } from './simulation-input';
import type { SimulationInput } from '../worker/protocol';

const input: SimulationInput = { yaml: 'kind: Service', options: { nodes: 3 }, actions: [], showSystem: false };

describe('sameInput: the screen shows the simulation of the current document', () => {
  it('is false before any simulation has finished', () => expect(sameInput(undefined, input)).toBe(false));
  it('is true for the same input, even as a new object', () => expect(sameInput({ ...input, options: { nodes: 3 } }, input)).toBe(true));
  it('is false while a newer text, option, action or view setting is on its way', () => {
    expect(sameInput(input, { ...input, yaml: 'kind: Pod' })).toBe(false);
    expect(sameInput(input, { ...input, options: { nodes: 4 } })).toBe(false);
    expect(sameInput(input, { ...input, actions: [{ type: 'restartPod', pod: 'web' }] })).toBe(false);
    expect(sameInput(input, { ...input, showSystem: true })).toBe(false);
  });
});
