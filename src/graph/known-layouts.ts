/**
 * elkjs's answers for the first graph of every built-in scenario (and of the document a first
 * visit opens), computed ahead by `npm run layouts` into known-layouts.json: the first graph is
 * then drawn without waiting for elkjs's worker to load its 1.6 MB and lay it out (about 300 ms
 * of a first load). An answer is used only for the very input it was computed from (the ELK
 * graph's JSON, hashed), so any other graph, or this one once the code changes, goes to elkjs;
 * src/worker/known-layouts.test.ts fails when the file no longer matches what elkjs answers.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { ElkLayouter } from './layout';
import known from './known-layouts.json';

/** What is kept of an answer: each child's place, and the extent. */
export interface KnownLayout {
  children: Record<string, number[]>;
  width: number;
  height: number;
}

/** The key of an ELK input: its JSON's SHA-256, 24 hex digits. */
export function layoutKey(graph: ElkNode): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(graph)))).slice(0, 24);
}

export function knownLayout(answer: ElkNode): KnownLayout {
  return {
    children: Object.fromEntries((answer.children ?? []).map((c) => [c.id, [c.x ?? 0, c.y ?? 0]])),
    width: answer.width ?? 0,
    height: answer.height ?? 0,
  };
}

/** `elk`, answering the inputs in `table` at once. */
export function withKnownLayouts(elk: ElkLayouter, table: Readonly<Record<string, KnownLayout>> = known): ElkLayouter {
  return {
    layout: async (graph) => {
      const answer = table[layoutKey(graph)];
      if (!answer) return elk.layout(graph);
      return {
        ...graph,
        children: (graph.children ?? []).map((c) => ({ ...c, x: answer.children[c.id]?.[0] ?? 0, y: answer.children[c.id]?.[1] ?? 0 })),
        width: answer.width,
        height: answer.height,
      };
    },
  };
}
