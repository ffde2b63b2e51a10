// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { ErrorBoundary } from './ErrorBoundary';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let fail = true;
function Fragile() {
  if (fail) throw new Error('no such hop');
  return <p>drawn</p>;
}

function Sibling() {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      clicked {n}
    </button>
  );
}

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

describe('ErrorBoundary', () => {
  it('shows the failing part’s error in place, keeps its siblings working, and tries again on request', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fail = true;
    const host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    act(() =>
      root?.render(
        <>
          <ErrorBoundary what="the Timeline tab">
            <Fragile />
          </ErrorBoundary>
          <Sibling />
        </>,
      ),
    );
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Something went wrong in the Timeline tab: no such hop');
    expect(alert?.textContent).toContain('your YAML is saved');
    // The rest of the screen is still there and still reacts.
    const sibling = [...host.querySelectorAll('button')].find((b) => b.textContent?.startsWith('clicked'));
    act(() => sibling?.click());
    expect(sibling?.textContent).toBe('clicked 1');
    expect(console.error).toHaveBeenCalledWith('svcscope: the Timeline tab failed', expect.any(Error), expect.any(String));

    // Fixed meanwhile: "Try again" renders the part again.
    fail = false;
    const retry = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Try again');
    act(() => retry?.click());
    expect(host.querySelector('[role="alert"]')).toBeNull();
    expect(host.textContent).toContain('drawn');
  });
});
