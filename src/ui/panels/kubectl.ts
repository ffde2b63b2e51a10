/**
 * `kubectl get svc` and `kubectl describe svc` as kubectl prints them (k8s.io/kubectl
 * pkg/describe/describe.go describeService, and the printers in pkg/printers/internalversion
 * printService: PORT(S) as `port[:nodePort]/protocol`, EXTERNAL-IP `<none>`/`<pending>`,
 * Endpoints listed up to three then `+ N more...`).
 */
import type { Endpoints, Service } from '../../engine/index';
import { namespaceOf } from '../../engine/index';

function portsColumn(svc: Service): string {
  return svc.spec.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',') || '<none>';
}

function externalIP(svc: Service): string {
  if (svc.spec.type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  const lb = (svc.status.loadBalancer.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  const ips = [...(svc.spec.externalIPs ?? []), ...lb];
  if (ips.length) return ips.join(',');
  return svc.spec.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

/** kubectl's column layout: each column as wide as its widest cell, three spaces apart. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** The AGE column, from the object's creationTimestamp to the simulated clock. */
export function age(created: string | undefined, now: string | undefined): string {
  if (!created || !now) return '<unknown>';
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(created)) / 1000));
  return s < 120 ? `${s}s` : `${Math.floor(s / 60)}m`;
}

export function kubectlGetService(svc: Service, age: string): string {
  return table([
    ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    [svc.metadata.name, svc.spec.type, svc.spec.clusterIP ?? '<none>', externalIP(svc), portsColumn(svc), age],
  ]);
}

function formatEndpoints(endpoints: Endpoints | undefined, portName: string | undefined): string {
  if (!endpoints) return '<none>';
  const list: string[] = [];
  for (const subset of endpoints.subsets) {
    const port = (subset.ports ?? []).find((p) => (p.name ?? '') === (portName ?? '')) ?? subset.ports?.[0];
    for (const a of subset.addresses ?? []) list.push(port ? `${a.ip}:${port.port}` : a.ip);
  }
  if (!list.length) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function map(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

export function kubectlDescribeService(svc: Service, endpoints: Endpoints | undefined): string {
  const lines: [string, string][] = [
    ['Name', svc.metadata.name],
    ['Namespace', namespaceOf(svc)],
    ['Labels', map(svc.metadata.labels)],
    ['Annotations', map(svc.metadata.annotations)],
    ['Selector', map(svc.spec.selector)],
    ['Type', svc.spec.type],
  ];
  if (svc.spec.type === 'ExternalName') lines.push(['External Name', svc.spec.externalName ?? '']);
  else lines.push(['IP', svc.spec.clusterIP ?? '<none>']);
  const lb = (svc.status.loadBalancer.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  if (lb.length) lines.push(['LoadBalancer Ingress', lb.join(', ')]);
  for (const p of svc.spec.ports) {
    lines.push(['Port', `${p.name || '<unset>'}  ${p.port}/${p.protocol}`]);
    lines.push(['TargetPort', `${p.targetPort}/${p.protocol}`]);
    if (p.nodePort) lines.push(['NodePort', `${p.name || '<unset>'}  ${p.nodePort}/${p.protocol}`]);
    lines.push(['Endpoints', formatEndpoints(endpoints, p.name)]);
  }
  lines.push(['Session Affinity', svc.spec.sessionAffinity]);
  if (svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer')
    lines.push(['External Traffic Policy', svc.spec.externalTrafficPolicy ?? 'Cluster']);
  if (svc.spec.healthCheckNodePort) lines.push(['HealthCheck NodePort', String(svc.spec.healthCheckNodePort)]);
  const width = Math.max(...lines.map(([k]) => k.length)) + 2;
  return lines.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n');
}
