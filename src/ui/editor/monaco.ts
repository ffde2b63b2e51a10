/**
 * The parts of Monaco the YAML editor uses: the core editor with its standalone features
 * (edcore.main: find, folding, suggest, hover, command palette; no other languages) and YAML
 * highlighting. monaco-editor is pinned to 0.52.2: from 0.53 `editor.createWebWorker` needs a
 * Worker instance, which monaco-yaml's worker manager does not pass yet
 * (microsoft/monaco-editor#5310, remcohaszing/monaco-yaml#282).
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';

export * from 'monaco-editor/esm/vs/editor/editor.api.js';
