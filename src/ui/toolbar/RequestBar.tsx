/**
 * "Send request": from a pod or an external client, to a URL, a name or an IP:port (a `udp://` or
 * `sctp://` scheme sets the protocol); presets per Service; "⋯" opens the rest of the request
 * (method, Host header, protocol), and the button shows what the request sets there.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useSimulation } from '../../app/stores/simulation';
import { useAnimation } from '../../app/stores/animation';
import { actions } from '../../app/actions/index';
import { tooltipOf } from '../../app/keys';
import { EXTERNAL_CLIENT_IP } from '../../graph/build';
import {
  formatTo,
  METHODS,
  offeredPresets,
  PROTOCOLS,
  requestFromFields,
  requestOptionsSummary,
  sendingPods,
} from '../../app/request-presets';
import type { Protocol } from '../../app/request-presets';
import type { SendRequest } from '../../engine/index';
import { namespaceOf, DEFAULT_NAMESPACE } from '../../engine/index';

function fromKey(from: SendRequest['from']): string {
  return 'pod' in from ? `pod:${namespaceOf(from)}/${from.pod}` : `external:${from.external}`;
}

function parseFrom(key: string): SendRequest['from'] {
  if (key.startsWith('pod:')) {
    const [namespace, pod] = key.slice(4).split('/');
    return { pod: pod ?? '', namespace: namespace || DEFAULT_NAMESPACE };
  }
  return { external: key.slice('external:'.length) || EXTERNAL_CLIENT_IP };
}

export function RequestBar() {
  // Derived in a selector that keeps its answer while it is the same: a keystroke's simulation
  // does not render the request bar again unless a pod changed (the presets render on their own).
  const pods = useSimulation((s) => sendingPods(s.snapshot?.objects));
  const request = useAnimation((s) => s.request);
  const from = fromKey(request.from);

  const fromMissing = from.startsWith('pod:') && !pods.some((p) => fromKey({ pod: p.metadata.name, namespace: namespaceOf(p) }) === from);
  const externals = useAnimation((s) => s.externalClients);

  return (
    <form
      className="request-bar"
      aria-label="Send a request"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.send.run();
      }}
    >
      <label>
        From{' '}
        <select value={from} onChange={(e) => void actions.setSource.run(parseFrom(e.target.value))} data-testid="request-from">
          {externals.map((ip) => (
            <option key={ip} value={`external:${ip}`}>
              external client {ip}
            </option>
          ))}
          {fromMissing ? <option value={from}>{from.slice(4)} (gone)</option> : null}
          {pods.map((p) => {
            const key = fromKey({ pod: p.metadata.name, namespace: namespaceOf(p) });
            return (
              <option key={key} value={key}>
                pod {p.metadata.name}
              </option>
            );
          })}
        </select>
      </label>
      <label className="request-to">
        To <TargetInput />
      </label>
      <Presets />
      <RequestOptions />
      <button type="submit" className="primary" data-testid="send" title={tooltipOf(actions.send)}>
        Send
      </button>
      <button type="button" onClick={() => void actions.sendMany.run()} data-testid="send-many" title={actions.sendMany.label}>
        ×100
      </button>
    </form>
  );
}

/** Where the request goes: its own component, so that presets changing (an edited port) do not render it again. */
function TargetInput() {
  const to = useAnimation((s) => s.toText);
  return (
    <input
      value={to}
      onChange={(e) => void actions.setTarget.run(e.target.value)}
      list="request-presets"
      placeholder="http://my-service/ · 10.96.0.12:80 · ping 10.244.1.2"
      data-testid="request-to"
      spellCheck={false}
    />
  );
}

/**
 * The ready-made requests: the To field's suggestions and the Presets menu. Keyed by place, so an
 * edit that changes a preset's address (a Service's port) updates its option rather than
 * replacing it.
 */
function Presets() {
  const choices = useSimulation((s) => offeredPresets(s.snapshot?.objects));
  return (
    <>
      <datalist id="request-presets">
        {choices.map((c, i) => (
          <option key={`${c.label}|${i}`} value={formatTo(c.request.to)}>
            {c.label}
          </option>
        ))}
      </datalist>
      <select
        aria-label="Presets"
        value=""
        onChange={(e) => {
          const chosen = choices[Number(e.target.value)];
          if (chosen) void actions.setRequest.run(chosen.request);
        }}
        data-testid="request-presets"
      >
        <option value="">Presets…</option>
        {choices.map((c, i) => (
          <option key={`${c.label}|${i}`} value={i}>
            {c.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The request's method, Host header and protocol: a button that shows what is set, and a popover. */
function RequestOptions() {
  const request = useAnimation((s) => s.request);
  const toText = useAnimation((s) => s.toText);
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const sent = requestFromFields(request, toText);
  const protocol: Protocol = typeof sent.to === 'string' ? (sent.protocol ?? 'TCP') : 'TCP';
  const summary = requestOptionsSummary(request);

  useEffect(() => {
    if (!open) return;
    popover.current?.querySelector<HTMLElement>('select, input')?.focus();
    const away = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!popover.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="request-options">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={summary ? `Request options: ${summary}` : 'Request options: method, Host header, protocol'}
        title={summary ? `Request options: ${summary}` : 'Request options: method, Host header, protocol'}
        className={summary ? 'request-options-set' : undefined}
        onClick={() => setOpen(!open)}
        data-testid="request-options"
      >
        {summary || '⋯'}
      </button>
      {open ? (
        <div
          ref={popover}
          id={id}
          role="group"
          aria-label="Request options"
          className="request-options-popover"
          data-testid="request-options-popover"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <label>
            Method{' '}
            <select
              value={(request.method ?? 'GET').toUpperCase()}
              onChange={(e) => void actions.setMethod.run(e.target.value)}
              data-testid="request-method"
            >
              {[...new Set([...METHODS, (request.method ?? 'GET').toUpperCase()])].map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            Host header{' '}
            <input
              value={request.host ?? ''}
              onChange={(e) => void actions.setHostHeader.run(e.target.value)}
              placeholder="the URL's host"
              spellCheck={false}
              data-testid="request-host"
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  close();
                }
              }}
            />
          </label>
          <label>
            Protocol{' '}
            <select
              value={protocol}
              onChange={(e) => void actions.setProtocol.run(e.target.value as Protocol)}
              data-testid="request-protocol"
            >
              {PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={close}>
            Done
          </button>
        </div>
      ) : null}
    </div>
  );
}
