// monaco-yaml's language worker, re-exported so Vite bundles it as a module worker (monaco-yaml README, "Why doesn't it work with Vite?").
import 'monaco-yaml/yaml.worker.js';
