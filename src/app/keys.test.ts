// @vitest-environment happy-dom
/**
 * The one keyboard handler: a key runs its registered action when the action exists in the mode
 * and is enabled; fields, the editor and focused widgets keep their own keys (WAI-ARIA patterns).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handleKey } from './keys';
import { useAnimation } from './stores/animation';
import { useView } from './stores/view';
import type { TraceResult } from '../worker/protocol';

function press(key: string, target: HTMLElement, init: KeyboardEventInit = {}): { handled: boolean; event: KeyboardEvent } {
  document.body.append(target);
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return { handled: handleKey(event, 'full'), event };
}

/** A trace of three hops, enough for the playback keys to be enabled. */
const TRACE = { placed: { origin: 'client', places: [{}, {}, {}] } } as unknown as TraceResult;

afterEach(() => {
  document.body.replaceChildren();
  useAnimation.setState({ result: undefined, step: -1, playing: false, toText: '' });
  useView.setState({ presenting: false });
});

describe('keys run registered actions', () => {
  it('→ and ← step the packet when a trace is there, and do nothing (the browser keeps the key) without one', () => {
    const div = document.createElement('div');
    expect(press('ArrowRight', div).handled).toBe(false);
    useAnimation.setState({ result: TRACE, step: -1 });
    const { handled, event } = press('ArrowRight', div);
    expect(handled).toBe(true);
    expect(event.defaultPrevented).toBe(true);
    expect(useAnimation.getState().step).toBe(0);
    press('End', div);
    expect(useAnimation.getState().step).toBe(2);
    press('ArrowRight', div); // at the last hop: disabled
    expect(useAnimation.getState().step).toBe(2);
  });

  it('Space plays; at the last hop it plays again from the start', () => {
    useAnimation.setState({ result: TRACE, step: 2 });
    press(' ', document.createElement('div'));
    expect(useAnimation.getState()).toMatchObject({ playing: true, step: -1 });
  });

  it('keys typed into a field or the editor are text, except Ctrl+Enter which sends', () => {
    useAnimation.setState({ result: TRACE, step: 0 });
    const input = document.createElement('input');
    expect(press('ArrowRight', input).handled).toBe(false);
    const monaco = document.createElement('div');
    monaco.className = 'monaco-editor';
    const inner = document.createElement('textarea');
    monaco.append(inner);
    expect(press('p', inner).handled).toBe(false);
    expect(useView.getState().presenting).toBe(false);
    // Ctrl+Enter is for the request field: enabled once there is a target.
    useAnimation.setState({ toText: 'http://web/' });
    expect(press('Enter', input, { ctrlKey: true }).handled).toBe(true);
  });

  it('a focused button keeps Space and Enter; a splitter, slider or tab list keeps the arrows', () => {
    useAnimation.setState({ result: TRACE, step: 0 });
    expect(press(' ', document.createElement('button')).handled).toBe(false);
    expect(useAnimation.getState().playing).toBe(false);
    for (const role of ['separator', 'slider', 'tablist']) {
      const widget = document.createElement('div');
      widget.setAttribute('role', role);
      expect(press('ArrowLeft', widget).handled, role).toBe(false);
    }
    expect(useAnimation.getState().step).toBe(0);
  });

  it('P opens the presentation view in the full app; the embed has no such action', () => {
    const div = document.createElement('div');
    document.body.append(div);
    const event = new KeyboardEvent('keydown', { key: 'p', cancelable: true });
    Object.defineProperty(event, 'target', { value: div });
    expect(handleKey(event, 'embed')).toBe(false);
    expect(press('p', div).handled).toBe(true);
    expect(useView.getState().presenting).toBe(true);
    press('Escape', div);
    expect(useView.getState().presenting).toBe(false);
  });
});
