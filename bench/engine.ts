/** Engine figures, in Node: createCluster for 10/50/200 services x 10 pods, send() traces per second. */
import type { EngineSession } from '../src/worker/session';
import { createCluster } from '../src/engine/index';
import { parseSource } from '../src/document/source';
import { against, median } from './report';
import type { Row } from './report';

/**
 * `services` Deployments of `podsPerService` pods, each with a ClusterIP Service selecting them.
 * The first document is svc-0's Service, so its `port: 80` ends line 10 (the browser bench types there).
 */
export function scenario(services: number, podsPerService: number): string {
  const docs: string[] = [];
  for (let i = 0; i < services; i++) {
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
spec:
  selector: {app: app-${i}}
  ports:
  - name: http
    targetPort: http
    port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${podsPerService}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

/** The line ending in svc-0's `port: 80` in `scenario(...)` (1-based). */
export const FIRST_PORT_LINE = 10;
/** Lines of one Service + Deployment pair, separators included: svc-i's port is on FIRST_PORT_LINE + i * LINES_PER_SERVICE. */
export const LINES_PER_SERVICE = 21;

/**
 * The text after the `n`th keystroke of an edit: svc-0's port takes a new value each time, as
 * when typing, so the engine parses that document anew (and may reuse the others, as in the app).
 */
export function edited(yaml: string, n: number): string {
  return yaml.replace('    port: 80\n', `    port: ${1000 + n}\n`);
}

let keystrokes = 0;

function time(fn: (yaml: string) => void, yaml: string, runs: number): number {
  for (let i = 0; i < 3; i++) fn(edited(yaml, keystrokes++)); // warm-up: the app's worker is long-lived, so its code is hot
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = edited(yaml, keystrokes++);
    const t0 = performance.now();
    fn(text);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** A ConfigMap whose `data` holds `keys` keys: a large `kubectl get cm -o yaml` (a kind svcscope does not simulate). */
export function manyKeys(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  key-${i}: "value-${i}"`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${data}\n`;
}

function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Parsing is linear in the document's size: a parse of a 50,000-key mapping (median of 3), and how
 * much longer it takes than half as many keys (2 when linear, 4 when quadratic as the yaml
 * library's own duplicate-key check was: 129 s for 50,000 keys in createCluster).
 */
function keyScalingRows(group: string, what: string, parse: (yaml: string) => void): Row[] {
  const median3 = (yaml: string): number => median([0, 1, 2].map(() => timeOnce(() => parse(yaml))));
  const half = median3(manyKeys(25_000));
  const full = median3(manyKeys(50_000));
  return [
    against(
      {
        group,
        figure: `${what}, one 50,000-key mapping${group === 'engine' ? ' (1.3 MB)' : ''}`,
        value: Math.round(full),
        unit: 'ms',
        note: 'median of 3',
      },
      '<',
      3000,
    ),
    against(
      {
        group,
        figure: `${group === 'engine' ? 'parsing' : what} growth, 50,000 keys / 25,000 keys`,
        value: Math.round((full / half) * 100) / 100,
        unit: 'x',
        note: `${Math.round(half)} ms for 25,000 keys; linear is 2, quadratic 4`,
      },
      '<=',
      2.5,
    ),
  ];
}

function parseRows(): Row[] {
  return keyScalingRows('engine', 'createCluster', (yaml) => createCluster(yaml));
}

/**
 * The page's own parse of the document (src/document/source.ts, before a what-if or a scenario's
 * edit), on the page's thread: one 50,000-key mapping, and its growth from 25,000 keys. With the
 * yaml library's duplicate-key check it was quadratic (minutes for 50,000 keys).
 */
export function documentRows(): Row[] {
  return keyScalingRows('editor', 'parseSource (page thread)', (yaml) => {
    if (!parseSource(yaml).ok) throw new Error('the mapping was refused');
  });
}

/**
 * A 10 MB paste reaching the engine: sync refuses it (the API server's 3 MiB request limit)
 * before parsing or copying it. The editor's own refusal is measured in the browser rows.
 */
function oversizeRow(): Row {
  const huge = manyKeys(1).replace('data:\n', `data:\n${'  k: "v"\n'.repeat(1_200_000)}`);
  const cluster = createCluster(scenario(10, 10));
  const samples = [0, 1, 2, 3, 4].map(() =>
    timeOnce(() => {
      if (!cluster.sync(huge)?.some((d) => d.message.startsWith('Request entity too large')))
        throw new Error('the 10 MB text was not refused');
    }),
  );
  return against(
    {
      group: 'engine',
      figure: `sync() refusing a ${(huge.length / 1024 / 1024).toFixed(1)} MB paste (3 MiB limit)`,
      value: Math.round(median(samples)),
      unit: 'ms',
      note: 'median of 5; the length is checked before the text is parsed',
    },
    '<',
    100,
  );
}

export function engineRows(): Row[] {
  const rows: Row[] = [...parseRows(), oversizeRow()];
  for (const services of [10, 50, 200]) {
    const yaml = scenario(services, 10);
    const runs = services >= 200 ? 5 : 9;
    const ms = time((text) => createCluster(text, { nodes: 10 }), yaml, runs);
    const row = {
      group: 'engine',
      figure: `createCluster, ${services} services x 10 pods`,
      value: Math.round(ms),
      unit: 'ms',
      note: `median of ${runs}; each run edits one Service (a keystroke)`,
    };
    // The engine's share of the 50 ms edit-to-redraw budget (the browser row below is the real figure).
    rows.push(services === 50 ? against(row, '<', 50) : row);
  }
  const cluster = createCluster(scenario(50, 10), { nodes: 10 });
  const client = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')?.metadata.name ?? '';
  const names = Array.from({ length: 50 }, (_, i) => `svc-${i}:80`);
  const ips = names.map((t) => `${cluster.get('Service', t.split(':')[0] ?? '')?.spec.clusterIP ?? ''}:80`);
  for (const [label, list] of [
    ['by ClusterIP', ips],
    ['by name (with the DNS hop)', names],
  ] as const) {
    const n = 20000;
    let ok = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) if (cluster.send({ from: { pod: client }, to: list[i % list.length] ?? '' }).ok) ok++;
    const perSecond = n / ((performance.now() - t0) / 1000);
    if (ok !== n) throw new Error(`only ${ok} of ${n} traces succeeded`);
    rows.push(
      against(
        { group: 'engine', figure: `send() ${label}, 50 services / 500 pods`, value: Math.round(perSecond), unit: 'traces/s' },
        '>=',
        10000,
      ),
    );
  }
  return rows;
}

/** A Service without selector and its manual Endpoints with `addresses` outside addresses (issue 14: 500 took 27 s to lay out). */
export function manualEndpoints(addresses: number): string {
  const ips = Array.from({ length: addresses }, (_, i) => `  - ip: 172.20.${Math.floor(i / 256)}.${i % 256}`);
  return `apiVersion: v1
kind: Service
metadata: {name: external-db}
spec:
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external-db}
subsets:
- addresses:
${ips.join('\n')}
  ports: [{name: pg, port: 5432}]
`;
}

/**
 * Large imports, simulated and laid out as the worker does it for a fresh document
 * (EngineSession.simulate: createCluster, the graph, the elkjs layout), each against the 3 s
 * target: the graph folds what would drown it (GROUPING in src/graph/build.ts).
 */
async function scaleRows(session: { simulate: (input: SimInput) => Promise<SimSnapshot> }): Promise<Row[]> {
  const cases = [
    { figure: 'simulate + lay out a 1,000-address manual Endpoints', yaml: manualEndpoints(1000), options: {} },
    // 10,000 pods need 40 nodes' /24 pod blocks (253 pods each): 64 nodes, the most svcscope runs.
    { figure: 'simulate + lay out 1,000 Services / 10,000 pods (64 nodes)', yaml: scenario(1000, 10), options: { nodes: 64 } },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const snapshot = await session.simulate({ yaml: c.yaml, options: c.options, actions: [], showSystem: false });
    const ms = performance.now() - t0;
    const errors = snapshot.diagnostics.filter((d) => d.severity === 'error' || d.message.includes('stay Pending'));
    if (errors.length > 0) throw new Error(`${c.figure}: ${errors[0]?.message ?? ''}`);
    rows.push(
      against(
        {
          group: 'engine',
          figure: c.figure,
          value: Math.round(ms),
          unit: 'ms',
          note: `simulate ${Math.round(snapshot.timings.simulateMs)} ms + graph/layout ${Math.round(snapshot.timings.layoutMs)} ms; ${snapshot.graph.nodes.length} elements, ${snapshot.graph.edges.length} edges; one run`,
        },
        '<',
        3000,
      ),
    );
  }
  return rows;
}

type SimInput = { yaml: string; options: Record<string, unknown>; actions: never[]; showSystem: boolean };
type SimSnapshot = {
  diagnostics: { severity: string; message: string }[];
  graph: { nodes: unknown[]; edges: unknown[] };
  timings: { simulateMs: number; layoutMs: number };
};

/**
 * The worker's work per edit, in Node: EngineSession.simulate (src/worker/session.ts) is what the
 * worker runs for each edit: createCluster, then the graph and its elkjs layout.
 */
/**
 * Keystrokes as the app's worker answers them: simulateDelta against the snapshot last sent (the
 * edit applied to the living cluster, the graph, its layout and the diff), after `warm` not counted.
 */
async function edits(
  session: EngineSession,
  yaml: string,
  options: Record<string, unknown>,
  runs: number,
  warm: number,
): Promise<{ total: number[]; simulate: number[]; layout: number[] }> {
  const input = { yaml, options, actions: [], showSystem: false }; // the app's default options, as in the browser rows
  let held = (await session.simulateDelta(input, undefined)).snapshot?.revision;
  const out = { total: [] as number[], simulate: [] as number[], layout: [] as number[] };
  for (let i = 0; i < warm + runs; i++) {
    const t0 = performance.now();
    const update = await session.simulateDelta({ ...input, yaml: edited(yaml, keystrokes++) }, held);
    const ms = performance.now() - t0;
    const timings = update.delta?.timings ?? update.snapshot?.timings;
    held = update.delta?.revision ?? update.snapshot?.revision;
    if (i < warm || !timings) continue;
    out.total.push(ms);
    out.simulate.push(timings.simulateMs);
    out.layout.push(timings.layoutMs);
  }
  return out;
}

export async function workerRows(): Promise<Row[]> {
  const { EngineSession } = await import('../src/worker/session');
  const { elkInProcess } = await import('../src/graph/elk-in-process');
  const { total, simulate, layout } = await edits(new EngineSession(elkInProcess()), scenario(50, 10), {}, 9, 3);
  const large = await edits(new EngineSession(elkInProcess()), scenario(1000, 10), { nodes: 64 }, 3, 1);
  return [
    ...(await scaleRows(new EngineSession(elkInProcess()))),
    against(
      {
        group: 'engine',
        figure: 'worker work per keystroke (edit applied, graph, layout, delta), 1,000 Services / 10,000 pods, 64 nodes (grouped)',
        value: Math.round(median(large.total)),
        unit: 'ms',
        note: `simulate ${Math.round(median(large.simulate))} ms + graph/layout ${Math.round(median(large.layout))} ms, median of 3`,
      },
      '<',
      150,
    ),
    against(
      {
        group: 'engine',
        figure: 'worker work per keystroke (edit applied, graph, layout, delta), 50 services / 500 pods',
        value: Math.round(median(total)),
        unit: 'ms',
        note: `simulate ${Math.round(median(simulate))} ms + graph/layout ${Math.round(median(layout))} ms, median of 9`,
      },
      '<',
      50,
    ),
  ];
}
