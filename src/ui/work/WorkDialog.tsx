/**
 * My work: the documents the user made, saved in this browser (work slots), newest first, with
 * when each was last saved and its size. Open one, rename it, delete it (undoable), or start a new
 * empty document. A slot open in another tab opens as a copy (that tab keeps saving its own).
 */
import { useEffect, useRef, useState } from 'react';
import { actions } from '../../app/actions/index';
import { useDocument } from '../../app/stores/document';
import { MAX_NAME_LENGTH, useWorkSlots } from '../../app/stores/work-slots';
import type { SlotMeta } from '../../app/stores/work-slots';

/** "today, 14:05", "yesterday, 09:12" or "3 Mar 2026, 17:40". */
export function savedWhen(at: number, now = Date.now()): string {
  if (!at) return 'unknown time';
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = (d: Date) => d.toDateString();
  if (day(date) === day(new Date(now))) return `today, ${time}`;
  if (day(date) === day(new Date(now - 86_400_000))) return `yesterday, ${time}`;
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}

/** A size as people read it: "812 bytes", "12.4 KB", "1.0 MB". */
export function sizeText(chars: number): string {
  if (chars < 1024) return `${chars} bytes`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}

function Rename({ meta, onDone }: { meta: SlotMeta; onDone(): void }) {
  const [name, setName] = useState(meta.name);
  return (
    <form
      className="work-rename"
      onSubmit={(e) => {
        e.preventDefault();
        actions.renameWork.run(meta.id, name);
        onDone();
      }}
    >
      <input
        // The user asked to rename it: the field takes the focus.
        autoFocus
        value={name}
        maxLength={MAX_NAME_LENGTH}
        aria-label={`New name for “${meta.name}”`}
        data-testid="work-rename-input"
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          // Escape leaves the name as it was; the dialog stays open.
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
      />
      <button type="submit" disabled={!name.trim()}>
        Save name
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function Slot({ meta, here, elsewhere }: { meta: SlotMeta; here: boolean; elsewhere: boolean }) {
  const [renaming, setRenaming] = useState(false);
  const title = `work-title-${meta.id}`;
  return (
    <li className={here ? 'work-slot here' : 'work-slot'} aria-labelledby={title} data-testid="work-slot" data-name={meta.name}>
      <div className="work-info">
        {renaming ? (
          <Rename meta={meta} onDone={() => setRenaming(false)} />
        ) : (
          <span className="work-name" id={title}>
            {meta.name}
          </span>
        )}
        <span className="work-meta muted">
          saved {savedWhen(meta.updatedAt)} · {sizeText(meta.size)}
          {here ? <strong className="work-tag"> · on screen</strong> : null}
          {elsewhere ? <strong className="work-tag"> · open in another tab</strong> : null}
        </span>
      </div>
      {renaming ? null : (
        <div className="work-buttons">
          <button
            type="button"
            className="primary"
            disabled={here}
            onClick={() => actions.openWork.run(meta.id)}
            title={elsewhere ? 'Open a copy: the other tab keeps saving this one' : actions.openWork.label}
            data-testid="work-open"
          >
            {elsewhere ? 'Open a copy' : 'Open'}
          </button>
          <button type="button" onClick={() => setRenaming(true)} data-testid="work-rename">
            Rename
          </button>
          <button
            type="button"
            disabled={here || elsewhere}
            onClick={() => actions.deleteWork.run(meta.id)}
            title={here || elsewhere ? 'It is open: open another document there first' : actions.deleteWork.label}
            data-testid="work-delete"
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

export function WorkDialog({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const slots = useWorkSlots((s) => s.slots);
  const others = useWorkSlots((s) => s.others);
  const deleted = useWorkSlots((s) => s.deleted);
  const slotId = useDocument((s) => s.slotId);
  const elsewhere = new Set(Object.values(others));

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="work-dialog" onClose={onClose} aria-labelledby="work-title" data-testid="work-dialog">
      <h2 id="work-title" className="share-title">
        My work
      </h2>
      <p className="muted work-intro">Saved in this browser as you type. A scenario or a shared link is saved here once you change it.</p>
      {slots.length ? (
        <ul className="work-list" aria-label="Saved work, newest first">
          {slots.map((meta) => (
            <Slot key={meta.id} meta={meta} here={meta.id === slotId} elsewhere={elsewhere.has(meta.id) && meta.id !== slotId} />
          ))}
        </ul>
      ) : (
        <p className="work-empty">Nothing saved yet: change the YAML, or make a what-if change, and it is saved here.</p>
      )}
      <p role="status" className="work-status">
        {deleted ? (
          <>
            Deleted “{deleted.meta.name}”.{' '}
            <button type="button" onClick={() => actions.undoDeleteWork.run()} data-testid="work-undo-delete">
              Undo
            </button>
          </>
        ) : null}
      </p>
      <form method="dialog" className="share-footer">
        <button type="button" onClick={() => actions.newWork.run()} data-testid="work-new">
          New empty document
        </button>
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
