/**
 * The embed's message API for slide decks (README "Driving an embed from a deck"). A deck page
 * posts commands to the iframe and hears events back, with `window.postMessage`:
 *
 *   iframe.contentWindow.postMessage({ svcscope: 'command', command: 'goToStep', step: 2 }, origin)
 *
 * Commands (each runs the registered action of the same intent, src/app/actions):
 *   goToStep {step} · nextStep · previousStep · play · pause · restart · send {request: {from, to}}
 *   · releaseKeys
 * Events ({svcscope: 'event', event, ...}):
 *   ready {scenario, step, steps} · stepChanged {scenario, step, steps, title} ·
 *   traceFinished {ok, pod?, reason?} · keysReleased
 *
 * Origin check: commands are taken only from the embedding window (`event.source` is the parent)
 * at an allowed origin: the `origin` parameter of the embed's URL when given (a space-separated
 * list), else the origin of the page that embedded it (`document.referrer`). Events go only to
 * that origin. Without either, the API stays silent (a deck with `referrerpolicy="no-referrer"`
 * must say its origin).
 */
import type { SendRequest } from '../engine/index';
import { actions } from './actions/index';
import { useDocument } from './stores/document';
import { lastHop, useAnimation } from './stores/animation';
import { ensureCatalog, useScenarios } from './stores/scenarios';
import { useView } from './stores/view';

export type EmbedCommand =
  | { command: 'goToStep'; step: number }
  | { command: 'nextStep' | 'previousStep' | 'play' | 'pause' | 'restart' | 'releaseKeys' }
  | { command: 'send'; request: SendRequest };

export type EmbedEvent =
  | { event: 'ready' | 'stepChanged'; scenario?: string; step?: number; steps: number; title?: string }
  | { event: 'traceFinished'; ok: boolean; pod?: string; reason?: string }
  | { event: 'keysReleased' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isRequest(value: unknown): value is SendRequest {
  if (!isRecord(value) || !isRecord(value.from)) return false;
  const from = value.from;
  const fromOk = typeof from.pod === 'string' || typeof from.external === 'string' || typeof from.node === 'string';
  const toOk = typeof value.to === 'string' || (isRecord(value.to) && typeof value.to.ping === 'string');
  return fromOk && toOk && (value.protocol === undefined || ['TCP', 'UDP', 'SCTP'].includes(value.protocol as string));
}

/** A message's command, or undefined when it is not one (never throws on hostile input). */
export function parseCommand(data: unknown): EmbedCommand | undefined {
  if (!isRecord(data) || data.svcscope !== 'command' || typeof data.command !== 'string') return undefined;
  switch (data.command) {
    case 'goToStep':
      return Number.isInteger(data.step) && (data.step as number) >= 0 ? { command: 'goToStep', step: data.step as number } : undefined;
    case 'send':
      return isRequest(data.request) ? { command: 'send', request: data.request } : undefined;
    case 'nextStep':
    case 'previousStep':
    case 'play':
    case 'pause':
    case 'restart':
    case 'releaseKeys':
      return { command: data.command };
    default:
      return undefined;
  }
}

/** Runs a command through the actions (the embed's own rules apply: only actions that exist in an embed). */
export function runCommand(command: EmbedCommand): void {
  switch (command.command) {
    case 'goToStep':
      void actions.goToStep.run(command.step);
      return;
    case 'send':
      void actions.sendRequest.run(command.request);
      return;
    case 'nextStep':
      void actions.nextStep.run();
      return;
    case 'previousStep':
      void actions.previousStep.run();
      return;
    case 'play':
      void actions.play.run();
      return;
    case 'pause':
      void actions.pause.run();
      return;
    case 'restart':
      void actions.restart.run();
      return;
    case 'releaseKeys':
      void actions.releaseKeys.run();
      return;
  }
}

/** The origins allowed to drive the embed: the `origin` parameter, else the embedding page's. */
export function allowedOrigins(search: string, referrer: string): string[] {
  const param = new URLSearchParams(search).get('origin');
  const listed = (param ?? '')
    .split(/\s+/)
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        return '';
      }
    })
    .filter((o) => o && o !== 'null');
  if (listed.length) return listed;
  try {
    const origin = referrer ? new URL(referrer).origin : '';
    return origin && origin !== 'null' ? [origin] : [];
  } catch {
    return [];
  }
}

function stepState(): { scenario?: string; step?: number; steps: number; title?: string } {
  const { scenarioId, step } = useDocument.getState();
  const scenario = useScenarios.getState().catalog?.find((s) => s.id === scenarioId);
  const title = scenario && step !== undefined ? scenario.steps[step]?.title : undefined;
  return {
    ...(scenarioId ? { scenario: scenarioId } : {}),
    ...(step !== undefined ? { step } : {}),
    steps: scenario?.steps.length ?? 0,
    ...(title ? { title } : {}),
  };
}

/**
 * Listens to the parent's commands and tells it what happens. `ready` settles once the embed has
 * opened its link. Returns the way to stop.
 */
export function startEmbedApi(ready: Promise<void>): () => void {
  if (typeof window === 'undefined' || window.parent === window) return () => undefined;
  const origins = allowedOrigins(location.search, document.referrer);
  if (!origins.length) return () => undefined;
  const post = (message: EmbedEvent) => {
    for (const origin of origins) window.parent.postMessage({ svcscope: 'event', ...message }, origin);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== window.parent || !origins.includes(event.origin)) return;
    const command = parseCommand(event.data);
    if (command) runCommand(command);
  };
  window.addEventListener('message', onMessage);

  let lastStep = '';
  const stepNow = () => JSON.stringify(stepState());
  let reported: unknown;
  const stops = [
    // A step changed (a command, a key, a new fragment): say which.
    useDocument.subscribe(() => {
      const now = stepNow();
      if (now === lastStep) return;
      lastStep = now;
      post({ event: 'stepChanged', ...stepState() });
    }),
    // The packet reached the last hop of a trace: say how it ended, once per trace.
    useAnimation.subscribe((s) => {
      if (!s.result || s.step < lastHop(s) || reported === s.result) return;
      reported = s.result;
      const { trace } = s.result;
      post({
        event: 'traceFinished',
        ok: trace.ok,
        ...(trace.pod ? { pod: `${trace.pod.namespace}/${trace.pod.name}` } : {}),
        ...(trace.reason ? { reason: trace.reason } : {}),
      });
    }),
    // Escape in the embed gave the keys back to the deck: tell it, so it can take the focus.
    useView.subscribe((s, before) => {
      if (s.keysReleased !== before.keysReleased) post({ event: 'keysReleased' });
    }),
  ];
  // A scenario's step count and titles come with the catalog, which loads lazily: wait for it
  // too, or `ready` would say `steps: 0` for a scenario that has three.
  void ready
    .then(() => (useDocument.getState().scenarioId ? ensureCatalog() : undefined))
    .catch(() => undefined)
    .then(() => {
      lastStep = stepNow();
      post({ event: 'ready', ...stepState() });
    });
  return () => {
    window.removeEventListener('message', onMessage);
    stops.forEach((stop) => stop());
  };
}
