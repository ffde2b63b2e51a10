import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/**
 * The layers (README "Layout"): data flows engine → worker → state → ui. Each zone lists what a
 * folder may NOT import, by path (so `../../ui/x` from a nested folder is caught as well as `../ui/x`).
 */
const LAYERS = [
  {
    target: './src/engine',
    from: './src',
    except: ['./engine'],
    message: 'The engine is pure TypeScript: it imports only itself and small libraries.',
  },
  {
    target: './src/graph',
    from: ['./src/state', './src/ui', './src/worker', './src/app'],
    message: 'The graph model is data: no stores, React or worker.',
  },
  {
    target: './src/share',
    from: ['./src/state', './src/ui', './src/worker', './src/app'],
    message: 'The share codec is data: no stores, React or worker.',
  },
  {
    target: './src/scenarios',
    from: ['./src/state', './src/ui', './src/worker', './src/app'],
    message: 'Scenarios are data: no stores, React or worker.',
  },
  {
    target: './src/document',
    from: ['./src/state', './src/ui', './src/worker', './src/app'],
    message: 'Document edits are data: no stores, React or worker.',
  },
  {
    target: './src/worker',
    from: ['./src/state', './src/ui', './src/app'],
    message: 'The worker hosts the engine; it knows nothing of the UI.',
  },
  {
    target: './src/app',
    from: ['./src/ui'],
    message: 'The app controller owns state and actions; React components read it, not the reverse.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench/results.json',
      'e2e/fixtures/slidev/dist',
      'e2e/fixtures/slidev/node_modules',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: LAYERS }] },
  },
  {
    // Engine tests may run the engine over the built-in scenarios' YAML (data, not code the engine uses)
    // and use the shared test support (property-test run counts).
    files: ['src/engine/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: LAYERS.map((zone) =>
            zone.target === './src/engine' ? { ...zone, except: ['./engine', './scenarios', './test-support'] } : zone,
          ),
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The engine runs in a worker and in Node: no React, no DOM-only modules, no app libraries.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'react/*', '@xyflow/*', 'monaco-editor', 'monaco-yaml', 'zustand', 'comlink'] },
      ],
      // What the simulation keeps beside the objects lives on the ClusterState (src/engine/derived.ts),
      // not in module variables keyed by a cluster's state or store.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > VariableDeclaration NewExpression[callee.name=/^(Weak)?Map$/] TSTypeReference[typeName.name=/^(ClusterState|ObjectStore)$/]',
          message: 'Keep state derived from a cluster on its ClusterState (src/engine/derived.ts), not in a module-level map.',
        },
      ],
    },
  },
);
