/** Undo and redo of what-if actions (inside the editor, Ctrl+Z is Monaco's text undo). */
import { defineAction } from './registry';
import { download } from '../export-image';
import { useDocument } from '../stores/document';

export const history = {
  undo: defineAction({
    id: 'undo',
    label: 'Undo the last what-if action',
    keys: ['Mod+z'],
    embed: false,
    enabled: () => useDocument.getState().history.length > 0,
    run: () => useDocument.getState().undo(),
  }),
  redo: defineAction({
    id: 'redo',
    label: 'Redo',
    keys: ['Mod+Shift+z', 'Mod+y'],
    embed: false,
    enabled: () => useDocument.getState().future.length > 0,
    run: () => useDocument.getState().redo(),
  }),
};

export const editing = {
  downloadYaml: defineAction({
    id: 'download-yaml',
    label: 'Download the YAML as a file',
    embed: false,
    run: () => {
      const url = URL.createObjectURL(new Blob([useDocument.getState().yaml], { type: 'application/yaml' }));
      download(url, 'svcscope.yaml');
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  }),
  typeYaml: defineAction<[string]>({
    id: 'type-yaml',
    label: 'Edit the YAML',
    // An embed with readonly=0 edits too; its document is never saved (storage is read-only there).
    embed: true,
    run: (yaml) => useDocument.getState().setYaml(yaml),
  }),
};
