/** The what-if actions of the selected element, as buttons (the keyboard way to the context menu's actions). */
import type { WhatIf } from '../../app/what-if-menu';

export function ActionsBar({ actions }: { actions: WhatIf[] }) {
  if (!actions.length) return null;
  return (
    <div className="actions-bar" role="toolbar" aria-label="What if…">
      {actions.map((a) => (
        <button key={a.id} type="button" onClick={() => void a.run()} data-testid={`action-${a.id}`}>
          {a.label}
        </button>
      ))}
    </div>
  );
}
