/** "Send request": from a pod or the external client, to a URL, a name or an IP:port; presets per Service. */
import { useMemo } from 'react';
import { useSimulation } from '../../app/stores/simulation';
import { useAnimation } from '../../app/stores/animation';
import { actions } from '../../app/actions/index';
import { tooltipOf } from '../../app/keys';
import { EXTERNAL_CLIENT_IP } from '../../graph/build';
import { clientPods, formatTo, presets } from '../../app/request-presets';
import type { SendRequest } from '../../engine/index';
import { namespaceOf, DEFAULT_NAMESPACE } from '../../engine/index';

const EXTERNAL = `external:${EXTERNAL_CLIENT_IP}`;

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
  const objects = useSimulation((s) => s.snapshot?.objects);
  const request = useAnimation((s) => s.request);
  const to = useAnimation((s) => s.toText);
  const from = fromKey(request.from);
  const pods = useMemo(() => clientPods(objects ?? []), [objects]);
  const choices = useMemo(() => presets(objects ?? []), [objects]);

  const fromMissing = from.startsWith('pod:') && !pods.some((p) => fromKey({ pod: p.metadata.name, namespace: namespaceOf(p) }) === from);

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
          <option value={EXTERNAL}>external client {EXTERNAL_CLIENT_IP}</option>
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
        To{' '}
        <input
          value={to}
          onChange={(e) => void actions.setTarget.run(e.target.value)}
          list="request-presets"
          placeholder="http://my-service/ · 10.96.0.12:80 · ping 10.244.1.2"
          data-testid="request-to"
          spellCheck={false}
        />
        <datalist id="request-presets">
          {choices.map((c) => (
            <option key={`${c.label}|${formatTo(c.request.to)}`} value={formatTo(c.request.to)}>
              {c.label}
            </option>
          ))}
        </datalist>
      </label>
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
      <button type="submit" className="primary" data-testid="send" title={tooltipOf(actions.send)}>
        Send
      </button>
      <button type="button" onClick={() => void actions.sendMany.run()} data-testid="send-many" title={actions.sendMany.label}>
        ×100
      </button>
    </form>
  );
}
