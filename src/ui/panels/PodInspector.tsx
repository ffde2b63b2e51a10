/** A pod as discovery sees it from inside: its service env vars, its resolv.conf, a DNS console. */
import type { Pod } from '../../engine/index';
import { useWorker } from './useWorker';
import { DnsConsole } from './DnsConsole';
import { namespaceOf } from '../../engine/index';

/** The kubelet's service link variables (envvars.go): `*_SERVICE_HOST`, `*_SERVICE_PORT*`, `*_PORT*`. */
const SERVICE_LINK = /_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

export function PodInspector({ pod }: { pod: Pod }) {
  const name = pod.metadata.name;
  const namespace = namespaceOf(pod);
  const { value, error } = useWorker((api) => api.pod(name, namespace), `pod:${namespace}/${name}`);
  const env = Object.entries(value?.env ?? {});
  const started = pod.status.startTime;
  // Every pod gets the `kubernetes` Service's variables (a "master service", kubelet_pods.go getServiceEnvVarMap).
  const fromOthers = env.filter(([k]) => !k.startsWith('KUBERNETES_'));
  return (
    <div className="pod-inspector">
      <h4>Environment variables from Services{started ? ` (set when its containers started, ${started})` : ''}</h4>
      {error ? <p className="outcome failed">{error}</p> : null}
      {value && fromOthers.length === 0 ? (
        <p className="muted" data-testid="env-empty">
          {env.length ? 'Only the kubernetes Service’s variables, which every pod gets: ' : 'None: '}
          no other Service with a ClusterIP existed in {namespace} when this pod started
          {pod.spec.enableServiceLinks ? '' : ' (or enableServiceLinks: false)'}. Restart it to pick up the Services that exist now.
        </p>
      ) : null}
      {env.length ? (
        <table className="env" data-testid="env">
          <tbody>
            {env.map(([k, v]) => (
              <tr key={k} className={SERVICE_LINK.test(k) ? 'service-link' : ''}>
                <td>{k}</td>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h4>/etc/resolv.conf</h4>
      <pre data-testid="resolv-conf">{value?.resolvConf ?? ''}</pre>
      <h4>DNS console</h4>
      <DnsConsole pod={name} namespace={namespace} />
    </div>
  );
}
