/**
 * `npm run bench`: engine figures on this machine, printed as a table and written to
 * bench/results.json. Each figure is the median of several runs after a warm-up.
 */
import { writeFileSync } from 'node:fs';
import { createCluster } from '../src/engine/index';

interface Row {
  figure: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

function scenario(services: number, podsPerService: number): string {
  const docs: string[] = [];
  for (let i = 0; i < services; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${podsPerService}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: svc-${i}}
spec:
  selector: {app: app-${i}}
  ports: [{name: http, port: 80, targetPort: http}]`);
  }
  return docs.join('\n---\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) fn(); // warm-up: the app's worker is long-lived, so its code is hot
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const rows: Row[] = [];
for (const services of [10, 50, 200]) {
  const yaml = scenario(services, 10);
  const ms = time(() => createCluster(yaml, { nodes: 10 }), services >= 200 ? 3 : 7);
  const row: Row = { figure: `createCluster, ${services} services x 10 pods`, value: Math.round(ms), unit: 'ms' };
  if (services === 50) {
    row.target = '< 50 ms (edit-to-redraw budget at 50 services)';
    row.met = ms < 50;
  }
  rows.push(row);
}

{
  const cluster = createCluster(scenario(50, 10), { nodes: 10 });
  const client = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')?.metadata.name ?? '';
  const targets = Array.from({ length: 50 }, (_, i) => `svc-${i}:80`);
  const ips = targets.map((t) => `${cluster.get('Service', t.split(':')[0] ?? '')?.spec.clusterIP ?? ''}:80`);
  for (const [label, list] of [
    ['by ClusterIP', ips],
    ['by name (with DNS)', targets],
  ] as const) {
    const n = 20000;
    let ok = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) if (cluster.send({ from: { pod: client }, to: list[i % list.length] ?? '' }).ok) ok++;
    const perSecond = n / ((performance.now() - t0) / 1000);
    if (ok !== n) throw new Error(`only ${ok} of ${n} traces succeeded`);
    rows.push({ figure: `send() traces/s ${label}, 50 services / 500 pods`, value: Math.round(perSecond), unit: 'traces/s', target: '>= 10000', met: perSecond >= 10000 });
  }
}

const width = Math.max(...rows.map((r) => r.figure.length));
console.log(`${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit       target`);
for (const r of rows) {
  const verdict = r.met === undefined ? '' : r.met ? 'met' : 'NOT met';
  console.log(`${r.figure.padEnd(width)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(9)}  ${r.target ?? ''} ${verdict}`);
}
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
