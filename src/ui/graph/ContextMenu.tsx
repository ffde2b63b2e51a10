/** The what-if menu of a graph element (right-click, or Shift+F10 / the context-menu key on a selected element). */
import { useEffect, useRef } from 'react';
import type { WhatIf } from '../panels/what-if-actions';

export function ContextMenu({
  x,
  y,
  title,
  actions,
  onClose,
}: {
  x: number;
  y: number;
  title: string;
  actions: WhatIf[];
  onClose(): void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  // Where the keyboard was before the menu took it (the graph element): Escape gives it back.
  const opener = useRef<Element | null>(null);
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
      style={{ left: x, top: y }}
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
