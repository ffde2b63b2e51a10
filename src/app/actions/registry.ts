/**
 * User intents as registered actions (in the spirit of Excalidraw's ActionManager and tldraw's
 * editor actions): each has an id, a label, its key bindings, when it is enabled and whether it
 * exists in an embed. Buttons, menus, keys and the embed's message API all go through `run`.
 */

/** Where the app runs: the full app, or the embed view for slides (`?embed=1`). */
export type AppMode = 'full' | 'embed';

export interface ActionSpec<Args extends unknown[] = []> {
  id: string;
  /** What a button, menu item or tooltip calls it. */
  label: string;
  /**
   * Keys, as `[Mod+][Shift+]<KeyboardEvent.key>` (`Mod` is Ctrl, or ⌘ on a Mac): `Space`,
   * `ArrowRight`, `Mod+z`, `Mod+Shift+z`, `Mod+Enter`. Only actions without arguments have keys.
   */
  keys?: readonly string[];
  /** Keys work while typing in a field or the editor too (Ctrl+Enter sends from the request field). */
  keysWhileTyping?: boolean;
  /** Whether the action exists in an embed (a read-only view in a slide). */
  embed: boolean;
  /** Whether it can run now (its button is disabled, its key does nothing otherwise). */
  enabled?(): boolean;
  run(...args: Args): void | Promise<unknown>;
}

export function defineAction<Args extends unknown[] = []>(spec: ActionSpec<Args>): ActionSpec<Args> {
  return spec;
}

/** Whether an action can run in this mode now. */
export function available(action: Pick<ActionSpec<never[]>, 'embed' | 'enabled'>, mode: AppMode): boolean {
  return (mode === 'full' || action.embed) && (action.enabled?.() ?? true);
}

const IS_MAC = /Mac|iPhone|iPad/.test(globalThis.navigator?.userAgent ?? '');

/** The binding a key event stands for, in the notation of `ActionSpec.keys`. */
export function bindingOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string {
  const named = event.key.length > 1;
  const key = event.key === ' ' ? 'Space' : named ? event.key : event.key.toLowerCase();
  const parts: string[] = [];
  if (IS_MAC ? event.metaKey : event.ctrlKey) parts.push('Mod');
  if (event.altKey) parts.push('Alt');
  // Shift counts with named keys and letters; for other characters it is part of the character (`?`).
  if (event.shiftKey && key !== 'Space' && (named || /^[a-z]$/.test(key))) parts.push('Shift');
  return [...parts, key].join('+');
}

/** A binding as a person reads it in a tooltip: `Ctrl+Shift+Z`, `Space`, `→`. */
export function describeBinding(binding: string): string {
  const arrows: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', ArrowUp: '↑', ArrowDown: '↓' };
  return binding
    .split('+')
    .map((part) => (part === 'Mod' ? (IS_MAC ? '⌘' : 'Ctrl') : (arrows[part] ?? (part.length === 1 ? part.toUpperCase() : part))))
    .join('+');
}

/** An action's tooltip: its label and its first key, `Step forward (→)`. */
export function tooltipOf(action: Pick<ActionSpec<never[]>, 'label' | 'keys'>): string {
  const key = action.keys?.[0];
  return key ? `${action.label} (${describeBinding(key)})` : action.label;
}
