/**
 * The few globals the engine uses that every runtime it runs in (a browser worker, Node 20+) has,
 * without the DOM or WebWorker libraries: the engine's own type check (tsconfig.engine.json)
 * sees only these, so a DOM API used in the engine fails to compile.
 */
declare function structuredClone<T>(value: T): T;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const performance: { now(): number };
