/** The what-if menu of a graph element (right-click, or Shift+F10 / the context-menu key on a selected element). */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { WhatIf } from '../../app/what-if-menu';

/** Clears the pane's edges by this much. */
const MARGIN = 8;

/**
 * Places the menu in its pane: at the pointer, or (opened from the keyboard) at its element; moved
 * left or up so that it is never clipped at the pane's right or bottom edge.
 */
function place(menu: HTMLElement, anchorId: string, x: number | undefined, y: number | undefined): void {
  const pane = menu.offsetParent ?? menu.parentElement;
  if (!pane) return;
  const paneBox = pane.getBoundingClientRect();
  let left = x;
  let top = y;
  if (left === undefined || top === undefined) {
    const box = pane.querySelector(`[data-id="${CSS.escape(anchorId)}"]`)?.getBoundingClientRect();
    left = (box?.left ?? paneBox.left) - paneBox.left + 20;
    top = (box?.top ?? paneBox.top) - paneBox.top + 20;
  }
  left = Math.max(MARGIN, Math.min(left, paneBox.width - menu.offsetWidth - MARGIN));
  top = Math.max(MARGIN, Math.min(top, paneBox.height - menu.offsetHeight - MARGIN));
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
}

export function ContextMenu({
  anchorId,
  x,
  y,
  title,
  actions,
  onClose,
}: {
  /** The graph element the menu belongs to. */
  anchorId: string;
  /** Where the pointer opened it in the pane; unset when opened from the keyboard. */
  x?: number;
  y?: number;
  title: string;
  actions: WhatIf[];
  onClose(): void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  // Where the keyboard was before the menu took it (the graph element): Escape gives it back.
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    if (menu.current) place(menu.current, anchorId, x, y);
  }, [anchorId, x, y]);
  useEffect(() => {
    opener.current = document.activeElement;
    // The first action, or the menu itself when it has none (so that Escape still reaches it).
    (menu.current?.querySelector<HTMLButtonElement>('button') ?? menu.current)?.focus();
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [onClose]);
  const closeBack = () => {
    onClose();
    if (opener.current instanceof HTMLElement) opener.current.focus();
  };
  const move = (e: React.KeyboardEvent, delta: number) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + delta + items.length) % items.length]?.focus();
    e.preventDefault();
  };
  return (
    <div
      ref={menu}
      className="context-menu"
      role="menu"
      tabIndex={-1}
      aria-label={`What if… ${title}`}
      data-testid="context-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') closeBack();
        else if (e.key === 'Tab') onClose();
        else if (e.key === 'ArrowDown') move(e, 1);
        else if (e.key === 'ArrowUp') move(e, -1);
      }}
    >
      <div className="context-title">What if… {title}</div>
      {actions.length === 0 ? <div className="muted">Nothing to change here.</div> : null}
      {actions.map((a) => (
        <button
          key={a.id}
          type="button"
          role="menuitem"
          data-testid={`what-if-${a.id}`}
          onClick={() => {
            void a.run();
            closeBack();
          }}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
