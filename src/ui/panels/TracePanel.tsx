/**
 * The traced request, hop by hop: what happened at each hop and why, the packet's addresses, the
 * rule that decided it. Playback controls (play/pause, step, speed) drive the graph animation.
 */
import { useAnimation } from '../../app/stores/animation';
import { actions } from '../../app/actions/index';
import { tooltipOf } from '../../app/keys';
import { useSettings } from '../../app/stores/settings';
import { useSimulation } from '../../app/stores/simulation';
import type { Hop } from '../../engine/index';
import { namespaceOf } from '../../engine/index';

/** Playback icons as inline SVG (the media-control glyphs are missing from many system fonts). */
function Icon({ name }: { name: 'restart' | 'back' | 'play' | 'pause' | 'forward' }) {
  const paths = {
    restart: 'M3 3h2v10H3zM13 3v10L6 8z',
    back: 'M12 3v10L5 8z',
    play: 'M4 3v10l9-5z',
    pause: 'M4 3h3v10H4zM9 3h3v10H9z',
    forward: 'M4 3v10l7-5zM11 3h2v10h-2z',
  } as const;
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
      <path d={paths[name]} />
    </svg>
  );
}
const SPEEDS = [0.5, 1, 2, 4];

const COMPONENT_LABEL: Record<Hop['component'], string> = {
  client: 'client',
  dns: 'DNS',
  'cloud-lb': 'cloud LB',
  node: 'node',
  'kube-proxy': 'kube-proxy',
  'ingress-controller': 'ingress',
  pod: 'pod',
  external: 'outside',
};

function Outcome() {
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const objects = useSimulation((s) => s.snapshot?.objects);
  if (!result) return null;
  const done = step >= result.placed.places.length - 1;
  const total = result.placed.places.length;
  // A request that fails before its first hop (from a pod that is gone) has nothing to play: its reason at once.
  if (step < 0 && total > 0) return <p className="outcome pending">{total} hops: press Play or → to follow the packet</p>;
  if (!done)
    return (
      <p className="outcome pending">
        Hop {step + 1} of {total}…
      </p>
    );
  const { trace } = result;
  if (!trace.ok) {
    return (
      <p className="outcome failed" data-testid="outcome" role="status">
        ✗ {trace.reason}
      </p>
    );
  }
  if (trace.pod) {
    const pod = objects?.find((o) => o.kind === 'Pod' && o.metadata.name === trace.pod?.name && namespaceOf(o) === trace.pod.namespace);
    const labels = Object.entries(pod?.metadata.labels ?? {})
      .filter(([k]) => k !== 'pod-template-hash')
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return (
      <p className="outcome ok" data-testid="outcome" role="status">
        ✓ reached pod <b>{trace.pod.name}</b> ({trace.pod.ip}:{trace.pod.port} on {trace.pod.node}){labels ? ` · ${labels}` : ''}
        {trace.sourceIpSeenByPod ? ` · sees the client as ${trace.sourceIpSeenByPod}` : ''}
      </p>
    );
  }
  const host = trace.external?.host ?? '';
  // kube-apiserver and kube-proxy's health check server are cluster components on a node's network, not pods.
  const where = CLUSTER_COMPONENTS.has(host) ? 'a cluster component on the node network, not a pod' : 'outside the cluster';
  return (
    <p className="outcome ok" data-testid="outcome" role="status">
      ✓ reached {host} ({trace.external?.ip}:{trace.external?.port}), {where}
    </p>
  );
}

const CLUSTER_COMPONENTS = new Set(['kube-apiserver', 'kube-proxy']);

const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The HTTP answer as the client reads it, when the simulation knows its headers and body (kube-proxy's health check). */
function HttpResponse() {
  const http = useAnimation((s) => s.result?.trace.http);
  const step = useAnimation((s) => s.step);
  const total = useAnimation((s) => s.result?.placed.places.length ?? 0);
  if (!http || (!http.headers && !http.body) || step < total - 1) return null;
  const headers = Object.entries(http.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  const text = [`HTTP/1.1 ${http.status} ${REASON_PHRASES[http.status] ?? ''}`.trim(), ...headers, '', http.body ?? ''].join('\n');
  return (
    <details className="http-response" open data-testid="http-response">
      <summary>
        Response from {http.server}: HTTP {http.status}
      </summary>
      <pre>{text}</pre>
    </details>
  );
}

function Spread() {
  const spread = useAnimation((s) => s.spread);
  if (!spread) return null;
  const rows = Object.entries(spread.counts).sort(([a], [b]) => (a < b ? -1 : 1));
  const failures = Object.entries(spread.failures);
  return (
    <div className="spread" data-testid="spread">
      <b>{spread.total} new connections:</b>{' '}
      {rows.map(([pod, n]) => (
        <span key={pod} className="spread-item">
          {pod.replace(/^default\//, '')} <b>{n}</b> ({Math.round((100 * n) / spread.total)}%)
        </span>
      ))}
      {failures.map(([reason, n]) => (
        <span key={reason} className="spread-item failed">
          {n}× {reason}
        </span>
      ))}
    </div>
  );
}

export function TracePanel() {
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const playing = useAnimation((s) => s.playing);
  const error = useAnimation((s) => s.error);
  const speed = useSettings((s) => s.speed);
  const places = result?.placed.places ?? [];

  return (
    <section className="trace-panel" aria-label="Request trace" data-testid="trace-panel">
      <div className="playback">
        <button
          type="button"
          onClick={() => void actions.restart.run()}
          disabled={!result}
          title={tooltipOf(actions.restart)}
          aria-label="Restart"
        >
          <Icon name="restart" />
        </button>
        <button
          type="button"
          onClick={() => void actions.stepBack.run()}
          disabled={!result || step < 0}
          title={tooltipOf(actions.stepBack)}
          aria-label="Step back"
        >
          <Icon name="back" />
        </button>
        <button
          type="button"
          data-testid="play"
          onClick={() => void actions.playPause.run()}
          disabled={!result}
          title={tooltipOf(actions.playPause)}
          aria-label={playing ? 'Pause' : 'Play'}
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          onClick={() => void actions.stepForward.run()}
          disabled={!result || step >= places.length - 1}
          title={tooltipOf(actions.stepForward)}
          aria-label="Step forward"
          data-testid="step-forward"
        >
          <Icon name="forward" />
        </button>
        <label>
          speed{' '}
          <select value={speed} onChange={(e) => void actions.setSpeed.run(Number(e.target.value))} aria-label="Animation speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <Outcome />
        <HttpResponse />
      </div>
      {error ? <p className="outcome failed">{error}</p> : null}
      <Spread />
      {result ? (
        <ol className="hops" data-testid="hops">
          {places.map(({ hop }, i) => (
            <li
              key={i}
              className={`${i === step ? 'current' : ''}${i > step ? ' future' : ''}`}
              onClick={() => void actions.goToHop.run(i)}
            >
              <div className="hop-head">
                <span className={`hop-component c-${hop.component}`}>
                  {/* The Gateway's Envoy proxy plays the ingress controller's part in the trace. */}
                  {hop.component === 'ingress-controller' && result.trace.http?.server === 'envoy-gateway'
                    ? 'Envoy'
                    : COMPONENT_LABEL[hop.component]}
                </span>
                {/* Always there, empty for hops on no node, so the packet column lines up. */}
                <span className="hop-node">{hop.node ?? ''}</span>
                <span className="hop-packet">
                  {hop.nat ? <b className="hop-nat">{hop.nat}</b> : null} {hop.packet.protocol} {hop.packet.src} → {hop.packet.dst}
                </span>
              </div>
              <div className="hop-note">{hop.note}</div>
              {hop.rule ? <pre className="hop-rule">{hop.rule}</pre> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted hint">
          Choose where a request comes from and where it goes, then Send: the packet travels through the cluster hop by hop.
        </p>
      )}
    </section>
  );
}
