import { beforeEach, describe, expect, it } from 'vitest';
import { useDocument } from './document';
import type { DocumentState } from './document';

const A = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n';
const B = A.replace('port: 80', 'port: 81');

describe('what-if undo and redo', () => {
  beforeEach(() => useDocument.getState().load({ yaml: A }));

  it('takes back runtime actions and YAML edits in reverse order, and redoes them', () => {
    const doc = useDocument.getState();
    doc.act({ type: 'setNodeReady', node: 'node-2', ready: false });
    doc.edit(B, 'port 81');
    doc.act({ type: 'restartPod', pod: 'web' });
    const s = () => useDocument.getState();
    s().undo();
    expect(s().actions).toEqual([{ type: 'setNodeReady', node: 'node-2', ready: false }]);
    s().undo();
    expect(s().yaml).toBe(A);
    s().undo();
    expect(s().actions).toEqual([]);
    s().redo();
    s().redo();
    expect(s().yaml).toBe(B);
    expect(s().actions).toHaveLength(1);
    s().redo();
    expect(s().actions.map((a) => a.type)).toEqual(['setNodeReady', 'restartPod']);
  });

  it('undoes an action after a reload, when the autosave has made history and actions separate copies', () => {
    useDocument.getState().act({ type: 'setPodReady', pod: 'web-1', namespace: 'default', ready: false });
    useDocument.getState().act({ type: 'setNodeReady', node: 'node-2', ready: false });
    const saved = JSON.parse(JSON.stringify({ actions: useDocument.getState().actions, history: useDocument.getState().history })) as Pick<
      DocumentState,
      'actions' | 'history'
    >;
    useDocument.setState(saved);
    useDocument.getState().undo();
    expect(useDocument.getState().actions).toEqual([{ type: 'setPodReady', pod: 'web-1', namespace: 'default', ready: false }]);
    useDocument.getState().undo();
    expect(useDocument.getState().actions).toEqual([]);
  });

  it('never overwrites typing done after an edit: that edit is left to the editor undo', () => {
    useDocument.getState().edit(B, 'port 81');
    useDocument.getState().setYaml(`${B}# my note\n`);
    useDocument.getState().undo();
    expect(useDocument.getState().yaml).toBe(`${B}# my note\n`);
    expect(useDocument.getState().history).toEqual([]);
  });
});
