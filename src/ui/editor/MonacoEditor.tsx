/**
 * The YAML editor: Monaco with monaco-yaml (completion, hover, schema checks for the simulated
 * kinds), the engine's diagnostics as markers, and two-way selection with the graph. Loaded
 * lazily: this module and Monaco arrive after the graph is on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { configureMonacoYaml } from 'monaco-yaml';
import * as monaco from './monaco';
import { TabFocus } from 'monaco-editor/esm/vs/editor/browser/config/tabFocus.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker?worker';
import type { Diagnostic, SourceLocation } from '../../engine/index';
import { engine } from '../../app/engine-client';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

const MODEL_URI = monaco.Uri.parse('file:///cluster.yaml');

const yamlOptions = { enableSchemaRequest: false, validate: true, completion: true, hover: true };
const monacoYaml = configureMonacoYaml(monaco, yamlOptions);
// The schema is built in the engine worker from the same definitions the simulated API server decodes with.
void engine()
  .call((api) => api.editorSchema())
  .then((schema) =>
    monacoYaml.update({
      ...yamlOptions,
      schemas: [{ fileMatch: ['cluster.yaml'], uri: 'https://svcscope.dev/schemas/kubernetes.json', schema }],
    }),
  )
  .catch(() => undefined); // without the schema the editor still highlights and the engine still checks

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

export interface MonacoEditorProps {
  value: string;
  onChange(value: string): void;
  diagnostics: readonly Diagnostic[];
  /** The source range to reveal and highlight (the selected graph element's object). */
  reveal?: SourceLocation;
  onCursorLine(line: number): void;
  dark: boolean;
  readOnly?: boolean;
}

/** Monaco's key for "Toggle Tab Key Moves Focus": Ctrl+M, on a Mac Ctrl+Shift+M. */
const TAB_FOCUS_KEY = /Mac|iPhone|iPad/.test(globalThis.navigator?.userAgent ?? '') ? '⌃⇧M' : 'Ctrl+M';

/** Monaco's "Tab moves focus" mode: one global switch (its context key and options follow it). */
function setTabMovesFocus(moves: boolean) {
  if (TabFocus.getTabFocusMode() !== moves) TabFocus.setTabFocusMode(moves);
}

/**
 * Monaco's light theme with the YAML colours that fall under WCAG AA's 4.5:1 on the highlight of
 * the selected object's lines darkened (keys #008080 3.8:1, numbers #098658 and comments #008000
 * 4.1:1 on #dee7fa), and the dark theme's comments; found by axe-core in e2e/accessibility.spec.ts.
 */
const LIGHT_THEME = 'svcscope-light';
monaco.editor.defineTheme(LIGHT_THEME, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'type', foreground: '006666' },
    { token: 'number', foreground: '06704a' },
    { token: 'comment', foreground: '065f3e' },
  ],
  colors: {},
});
/** Monaco's dark theme with comments (#608b4e, 4.2:1 on #1e1e1e) lightened. */
const DARK_THEME = 'svcscope-dark';
monaco.editor.defineTheme(DARK_THEME, { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '7ca668' }], colors: {} });

/** A key that writes into the text: a character, Enter, Backspace, Delete, or a paste. */
function editsText(e: monaco.IKeyboardEvent): boolean {
  const key = e.browserEvent.key;
  if ((e.ctrlKey || e.metaKey) && !e.altKey) return key === 'v' || key === 'x';
  if (e.ctrlKey || e.metaKey) return false;
  return key.length === 1 || key === 'Backspace' || key === 'Delete';
}

export default function MonacoEditor({ value, onChange, diagnostics, reveal, onCursorLine, dark, readOnly }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | undefined>(undefined);
  const callbacks = useRef({ onChange, onCursorLine });
  const applying = useRef(false);
  /** The text as the last edit in this editor left it (what the store is about to hand back as `value`). */
  const typed = useRef<string | undefined>(undefined);
  /**
   * Whether the user chose to type in the YAML: a click in the editor, Enter or a key that edits.
   * Until then (the editor reached with Tab, as when tabbing through the page) Tab moves on and
   * never indents; Escape gives Tab back to moving on.
   */
  const [typing, setTyping] = useState(false);
  const pointerDown = useRef(false);
  useEffect(() => {
    callbacks.current = { onChange, onCursorLine };
  }, [onChange, onCursorLine]);

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel(value, 'yaml', MODEL_URI);
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      renderWhitespace: 'boundary',
      quickSuggestions: { other: true, comments: false, strings: true },
      // YAML's structure is its indentation: sticky lines and folding read it in this thread,
      // rather than asking the YAML worker for the document's outline (368 KB for 50 Services)
      // and folding ranges after every keystroke, on a machine whose two cores the engine needs.
      stickyScroll: { enabled: true, defaultModel: 'indentationModel' },
      foldingStrategy: 'indentation',
      // Nor does the YAML worker parse the whole document again after each keystroke for what
      // Kubernetes YAML does not use: monaco-yaml's code lens (a link to the JSON Schema), document
      // links ($ref and URLs), completion from the document's words (the schema completes the
      // fields), the light bulb's code actions asked at every cursor move (Ctrl+. still asks).
      // The schema's completion waits for a pause in typing, not to race the simulation of the
      // keystroke for the two cores.
      codeLens: false,
      links: false,
      wordBasedSuggestions: 'off',
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.Off },
      quickSuggestionsDelay: 150,
      // Colouring bracket pairs parses the document's brackets again after each keystroke, in
      // the frame that shows it; YAML's brackets are a rare flow mapping, matched without it.
      bracketPairColorization: { enabled: false },
      ariaLabel: 'Cluster YAML',
    });
    editorRef.current = editor;
    decorations.current = editor.createDecorationsCollection();
    const changes = model.onDidChangeContent(() => {
      if (applying.current) return;
      typed.current = model.getValue();
      callbacks.current.onChange(typed.current);
    });
    const cursor = editor.onDidChangeCursorPosition((e) => {
      if (e.source === 'mouse' || e.source === 'keyboard') callbacks.current.onCursorLine(e.position.lineNumber);
    });
    const choose = (chosen: boolean) => {
      setTabMovesFocus(!chosen);
      setTyping(chosen);
    };
    const hostElement = host.current;
    const onPointerDown = () => {
      pointerDown.current = true;
      if (editor.hasTextFocus()) choose(true);
    };
    hostElement.addEventListener('pointerdown', onPointerDown, true);
    const focus = editor.onDidFocusEditorText(() => {
      choose(pointerDown.current);
      pointerDown.current = false;
    });
    const keys = editor.onKeyDown((e) => {
      const choseToType = !TabFocus.getTabFocusMode();
      if (choseToType) {
        if (e.keyCode === monaco.KeyCode.Escape) choose(false);
        return;
      }
      if (e.keyCode === monaco.KeyCode.Enter && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
        // Enter starts typing where the cursor is; it does not break the line it stands on.
        e.preventDefault();
        e.stopPropagation();
        choose(true);
      } else if (editsText(e)) choose(true);
    });
    return () => {
      hostElement.removeEventListener('pointerdown', onPointerDown, true);
      focus.dispose();
      keys.dispose();
      changes.dispose();
      cursor.dispose();
      editor.dispose();
      model.dispose();
    };
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Text replaced from outside (a scenario, a what-if action): keep it undoable with pushEditOperations.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    // The text typed here coming back needs no reading of the whole model to be recognised.
    if (!model || value === typed.current || model.getValue() === value) return;
    applying.current = true;
    editorRef.current?.pushUndoStop();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    editorRef.current?.pushUndoStop();
    applying.current = false;
    // What the model holds now: text typed before this one, coming back (↶ after a what-if), is applied again.
    typed.current = value;
  }, [value]);

  // Each snapshot brings its diagnostics anew, mostly the same as the markers shown: set again,
  // they make Monaco redecorate its lines, so they are set only when they differ from what is shown
  // (positions as Monaco tracks them through the edits since).
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const wanted = diagnostics.map((d) => ({
      severity: SEVERITY[d.severity],
      message: d.field ? `${d.message}\n(${d.field})` : d.message,
      source: d.kind && d.name ? `${d.kind} ${d.name}` : 'svcscope',
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.endLine,
      endColumn: d.endLine !== d.line ? d.endColumn : Math.max(d.endColumn, d.column + 1),
    }));
    const shown = monaco.editor.getModelMarkers({ owner: 'svcscope', resource: model.uri });
    const same = (m: monaco.editor.IMarker, w: (typeof wanted)[number]) =>
      (Object.keys(w) as (keyof typeof w)[]).every((key) => m[key] === w[key]);
    if (shown.length === wanted.length && wanted.every((w, i) => shown[i] && same(shown[i], w))) return;
    monaco.editor.setModelMarkers(model, 'svcscope', wanted);
  }, [diagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (!reveal) {
      decorations.current?.clear();
      return;
    }
    const range = new monaco.Range(reveal.line, 1, Math.max(reveal.line, reveal.endLine - (reveal.endColumn === 1 ? 1 : 0)), 1);
    decorations.current?.set([
      { range, options: { isWholeLine: true, className: 'yaml-selected', linesDecorationsClassName: 'yaml-selected-gutter' } },
    ]);
    editor.revealRangeInCenterIfOutsideViewport(range);
  }, [reveal]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? DARK_THEME : LIGHT_THEME);
  }, [dark]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: readOnly ?? false });
  }, [readOnly]);

  return (
    <>
      <div ref={host} className="monaco-host" data-testid="monaco-editor" />
      <p className="editor-keys" data-testid="editor-keys">
        {typing
          ? `Tab indents · Esc, then Tab, leaves the editor · ${TAB_FOCUS_KEY} switches Tab`
          : 'Enter or any key to edit · Tab moves on'}
      </p>
    </>
  );
}
