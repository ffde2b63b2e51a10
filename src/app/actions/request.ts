/** Requests: the request fields, Send, ×100, and a request waiting for its scenario's simulation. */
import type { ClusterOptions, SendRequest, SimulationAction } from '../../engine/index';
import type { SimulationInput } from '../../worker/protocol';
import { defineAction } from './registry';
import { engine } from '../engine-client';
import { useAnimation } from '../stores/animation';
import type { QueuedRequest } from '../stores/animation';
import { useSettings } from '../stores/settings';
import { useSimulation } from '../stores/simulation';
import { formatTo, parseHostHeader, requestFromFields, withProtocol } from '../request-presets';
import type { Protocol } from '../request-presets';

/** The request the fields describe now. */
function requestInFields(): SendRequest {
  const { request, toText } = useAnimation.getState();
  return requestFromFields(request, toText);
}

const hasTarget = () => useAnimation.getState().toText.trim() !== '';

/** Traces the request in the worker and starts the animation from the origin. */
async function sendRequest(request: SendRequest, play = true, showTrace = true): Promise<void> {
  useAnimation.setState({ request, toText: formatTo(request.to, request.protocol), error: undefined, spread: undefined });
  try {
    const result = await engine().call((api) => api.send(request));
    useAnimation.setState({ result, step: -1, playing: play });
    if (showTrace) useSettings.getState().set({ panel: 'trace' });
  } catch (error) {
    useAnimation.setState({ error: error instanceof Error ? error.message : String(error), playing: false });
  }
}

/** Sends many requests (new connections) and counts where they land. */
async function sendMany(request: SendRequest, count: number): Promise<void> {
  useAnimation.setState({ request, toText: formatTo(request.to, request.protocol), error: undefined });
  try {
    const spread = await engine().call((api) => api.sendMany(request, count));
    useAnimation.setState({ spread });
    useSettings.getState().set({ panel: 'trace' });
  } catch (error) {
    useAnimation.setState({ error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Puts the request in the fields and sends it once the document (`yaml` with its `options` and
 * `actions`) is simulated — at once when that is already on screen (a step that changes nothing
 * but the request). A step that changes only an option (kube-proxy's mode) waits for its new cluster.
 */
export function queueRequest(
  request: SendRequest,
  autoplay: boolean,
  doc: { yaml: string; options: ClusterOptions; actions: readonly SimulationAction[] },
): void {
  const { yaml, options, actions } = doc;
  const queued: QueuedRequest = { request, autoplay, yaml, options, actions, panel: useSettings.getState().panel };
  useAnimation.setState({ request, toText: formatTo(request.to, request.protocol), queued });
  const { settledInput, stale } = useSimulation.getState();
  if (settledInput && isFor(queued, settledInput)) void sendQueuedFor(settledInput, stale);
}

/** Whether the queued request belongs to this input's document. */
function isFor(queued: QueuedRequest, input: SimulationInput): boolean {
  return (
    queued.yaml === input.yaml &&
    JSON.stringify(queued.options) === JSON.stringify(input.options) &&
    JSON.stringify(queued.actions) === JSON.stringify(input.actions)
  );
}

/**
 * A simulation is on screen: the request queued for its document goes now; the Trace tab opens
 * unless the user chose another tab while it waited.
 */
export async function sendQueuedFor(input: SimulationInput, broken: boolean): Promise<void> {
  const queued = useAnimation.getState().queued;
  if (!queued || broken || !isFor(queued, input)) return;
  useAnimation.setState({ queued: undefined });
  await sendRequest(queued.request, queued.autoplay, useSettings.getState().panel === queued.panel);
}

/** The request with an optional field set, or left out when the value is empty (the default applies). */
function withOptional<K extends 'method' | 'host'>(request: SendRequest, key: K, value: string | undefined): SendRequest {
  const rest = { ...request };
  delete rest[key];
  return value ? { ...rest, [key]: value } : rest;
}

export const requests = {
  send: defineAction({
    id: 'send',
    label: 'Send one request',
    keys: ['Mod+Enter'],
    keysWhileTyping: true,
    embed: true,
    enabled: hasTarget,
    run: () => sendRequest(requestInFields()),
  }),
  sendRequest: defineAction<[SendRequest]>({ id: 'send-request', label: 'Send this request', embed: true, run: (r) => sendRequest(r) }),
  sendMany: defineAction<[number?]>({
    id: 'send-many',
    label: '100 new connections: watch the load spread over the pods',
    embed: false,
    enabled: hasTarget,
    run: (count = 100) => sendMany(requestInFields(), count),
  }),
  setRequest: defineAction<[SendRequest]>({
    id: 'set-request',
    label: 'Put a request in the fields',
    embed: true,
    run: (request) => useAnimation.setState({ request, toText: formatTo(request.to, request.protocol) }),
  }),
  setTarget: defineAction<[string]>({
    id: 'set-target',
    label: 'Where the request goes',
    embed: false,
    run: (toText) => useAnimation.setState({ toText }),
  }),
  setSource: defineAction<[SendRequest['from']]>({
    id: 'set-source',
    label: 'Where the request comes from',
    embed: false,
    run: (from) => useAnimation.setState((s) => ({ request: { ...s.request, from } })),
  }),
  setMethod: defineAction<[string]>({
    id: 'set-method',
    label: 'The HTTP method (curl -X)',
    embed: false,
    run: (method) => {
      const m = method.trim().toUpperCase();
      useAnimation.setState((s) => ({ request: withOptional(s.request, 'method', m !== 'GET' ? m : undefined) }));
    },
  }),
  setHostHeader: defineAction<[string]>({
    id: 'set-host-header',
    label: "The Host header (curl -H 'Host: …'); empty: the URL's host",
    embed: false,
    run: (text) => useAnimation.setState((s) => ({ request: withOptional(s.request, 'host', parseHostHeader(text)) })),
  }),
  setProtocol: defineAction<[Protocol]>({
    id: 'set-protocol',
    label: 'The transport protocol: TCP, UDP or SCTP',
    embed: false,
    // The "To" text carries it as its scheme (udp://…), so the field and the request agree.
    run: (protocol) =>
      useAnimation.setState((s) => {
        const toText = withProtocol(s.toText, protocol);
        return { toText, request: requestFromFields(s.request, toText) };
      }),
  }),
};
