/**
 * The keyboard, for the full app and the embed alike: a key runs the registered action bound to
 * it, if that action exists in this mode and is enabled now. Keys typed into a field or the YAML
 * editor stay there (except for actions marked keysWhileTyping, such as Ctrl+Enter to send).
 */
import { actions, available, bindingOf } from './actions/index';
import type { ActionSpec, AppMode } from './actions/index';

function asElement(target: EventTarget | null): HTMLElement | undefined {
  const el = target as HTMLElement | null;
  return el && typeof el.closest === 'function' ? el : undefined;
}

/** A field or the YAML editor: keys typed there are text. */
function typing(target: EventTarget | null): boolean {
  const el = asElement(target);
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.monaco-editor'));
}

/** Widgets whose own keys these are (WAI-ARIA keyboard patterns): the focused one keeps them. */
const OWN_KEYS: readonly { keys: readonly string[]; selector: string }[] = [
  // Space and Enter press a focused button or follow a link.
  { keys: ['Space', 'Enter'], selector: 'button, a[href], summary, [role="button"], [role="menuitem"], [role="tab"]' },
  // Arrows, Home and End move a splitter, a slider, a tab list or a menu.
  {
    keys: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'],
    selector: '[role="separator"], [role="slider"], [role="tablist"], [role="tab"], [role="menu"], [role="menuitem"], [role="listbox"]',
  },
];

function ownedByWidget(binding: string, target: EventTarget | null): boolean {
  const el = asElement(target);
  return !!el && OWN_KEYS.some(({ keys, selector }) => keys.includes(binding) && !!el.closest(selector));
}

/** The actions bound to each key binding. */
const BY_BINDING = new Map<string, ActionSpec<never[]>[]>();
for (const action of Object.values(actions) as ActionSpec<never[]>[]) {
  for (const key of action.keys ?? []) BY_BINDING.set(key, [...(BY_BINDING.get(key) ?? []), action]);
}

/** Runs the action a key event is bound to; true when one ran (the event is then consumed). */
export function handleKey(event: KeyboardEvent, mode: AppMode): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  const binding = bindingOf(event);
  const candidates = BY_BINDING.get(binding);
  if (!candidates || ownedByWidget(binding, event.target)) return false;
  const inField = typing(event.target);
  const action = candidates.find((a) => (!inField || a.keysWhileTyping) && available(a, mode));
  if (!action) return false;
  event.preventDefault();
  void (action.run as () => unknown)();
  return true;
}

/** Listens to the window's keys; returns the way to stop. */
export function installKeys(mode: AppMode): () => void {
  const onKey = (event: KeyboardEvent) => void handleKey(event, mode);
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

export { tooltipOf } from './actions/index';
