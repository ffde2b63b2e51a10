/** My work: the user's own documents (work slots), opened, renamed, deleted, and a new empty one. */
import { defineAction } from './registry';
import { clearRequest } from './scenario';
import { newDocument, openSlot } from '../autosave';
import { useDocument } from '../stores/document';
import { useView } from '../stores/view';
import { useWorkSlots } from '../stores/work-slots';

/** The slot a scenario or a link replaced in this tab, while it is still saved. */
function previousWork(): string | undefined {
  const { slotId, previousSlot } = useDocument.getState();
  if (slotId !== undefined || previousSlot === undefined) return undefined;
  return useWorkSlots.getState().slots.some((m) => m.id === previousSlot) ? previousSlot : undefined;
}

export const work = {
  showWork: defineAction({
    id: 'show-work',
    label: 'My work: the documents you made, saved in this browser',
    keys: ['Mod+o'],
    keysWhileTyping: true,
    embed: false,
    run: () => {
      useWorkSlots.getState().refresh();
      useView.setState({ work: true });
    },
  }),
  closeWork: defineAction({ id: 'close-work', label: 'Close', embed: false, run: () => useView.setState({ work: false }) }),
  openWork: defineAction<[string]>({
    id: 'open-work',
    label: 'Open this work',
    embed: false,
    run: (id) => {
      if (!openSlot(id)) return;
      clearRequest();
      useView.setState({ work: false });
    },
  }),
  backToWork: defineAction({
    id: 'back-to-work',
    label: 'Back to my work',
    embed: false,
    enabled: () => previousWork() !== undefined,
    run: () => {
      const id = previousWork();
      if (id && openSlot(id)) clearRequest();
    },
  }),
  renameWork: defineAction<[string, string]>({
    id: 'rename-work',
    label: 'Rename',
    embed: false,
    run: (id, name) => {
      if (!useWorkSlots.getState().rename(id, name)) return;
      // The document on screen is listed under its new name.
      const saved = useWorkSlots.getState().slots.find((m) => m.id === id)?.name;
      if (saved && useDocument.getState().slotId === id) useDocument.setState({ saveAs: saved });
    },
  }),
  deleteWork: defineAction<[string]>({
    id: 'delete-work',
    label: 'Delete (can be undone)',
    embed: false,
    run: (id) => void useWorkSlots.getState().remove(id),
  }),
  undoDeleteWork: defineAction({
    id: 'undo-delete-work',
    label: 'Undo the deletion',
    embed: false,
    enabled: () => useWorkSlots.getState().deleted !== undefined,
    run: () => void useWorkSlots.getState().undoRemove(),
  }),
  newWork: defineAction({
    id: 'new-work',
    label: 'New empty document',
    embed: false,
    run: () => {
      newDocument();
      clearRequest();
      useView.setState({ work: false });
    },
  }),
};
