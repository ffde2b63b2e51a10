/**
 * Duplicate keys of YAML mappings in one pass, for the engine's parser and the editor's document
 * edits (src/document/source.ts). Both parse with the yaml library's `uniqueKeys` check off.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node as YamlNode } from 'yaml';

/**
 * Duplicate keys in any mapping of the document, found in one pass with a set of keys per
 * mapping. The yaml library's own check (`uniqueKeys`) compares each key with every earlier one
 * of its mapping (compose/util-map-includes.js mapIncludes), quadratic in the mapping's size: a
 * 50,000-key ConfigMap took minutes. This one keeps its semantics (two scalar keys are equal when
 * their values are ===; other keys never are) and its diagnostic: "Map keys must be unique" where
 * the repeated key starts, worded as the library's prettifyError words it. The API server's
 * decoder refuses such a body too (sigs.k8s.io/yaml strict decoding: `key "x" already set in map`).
 */
export function duplicateKeys(contents: YamlNode | null, lines: LineCounter): { offset: number; line: number; col: number }[] {
  const found: { offset: number; line: number; col: number }[] = [];
  const stack: unknown[] = contents ? [contents] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) {
            const offset = key.range?.[0] ?? 0;
            const { line, col } = lines.linePos(offset);
            found.push({ offset, line, col });
          } else seen.add(key.value);
        }
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
