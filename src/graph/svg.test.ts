import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import { buildGraph } from './build';
import { layoutGraph } from './layout';
import { elkInProcess } from './elk-in-process';
import { graphToSvg, SVG_THEMES, xmlText } from './svg';
import { absoluteBoxes } from './boxes';
import { packetAnchor } from './route';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';

async function laidOut(yaml: string) {
  return layoutGraph(buildGraph(createCluster(yaml).objects()), elkInProcess());
}

describe('the graph as a vector SVG for slides', () => {
  it('draws every element of seed example 13-1 as rectangles and text, every edge as a path, and no HTML', async () => {
    const graph = await laidOut(`${simpleService}\n---\n${deployment}`);
    const svg = graphToSvg(graph);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="[-\d.]+ [-\d.]+ \d+ \d+"/);
    expect(svg).not.toContain('foreignObject');
    for (const node of graph.nodes) expect(svg).toContain(`<g data-id="${xmlText(node.id)}">`);
    // Every edge a path around the elements (route.ts): straight legs only, as on screen.
    const edges = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="[^"]+" stroke-width="1.2"[^>]*marker-end/g)].map(
      (m) => m[1] ?? '',
    );
    expect(edges).toHaveLength(graph.edges.length);
    for (const d of edges) expect(d).toMatch(/^M-?\d+ -?\d+( L-?\d+ -?\d+)+$/);
    const service = graph.nodes.find((n) => n.type === 'service');
    expect(service).toBeDefined();
    expect(svg).toContain(`>${service?.title}</text>`);
    expect(svg).toContain(`>${service?.lines[0]}</text>`);
    // Every element lies inside the view box.
    const [vx = 0, vy = 0, vw = 0, vh = 0] = (svg.match(/viewBox="([^"]+)"/)?.[1] ?? '').split(' ').map(Number);
    for (const [, x, y, w, h] of svg.matchAll(/<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
      expect(Number(x)).toBeGreaterThanOrEqual(vx);
      expect(Number(y)).toBeGreaterThanOrEqual(vy);
      expect(Number(x) + Number(w)).toBeLessThanOrEqual(vx + vw + 0.5);
      expect(Number(y) + Number(h)).toBeLessThanOrEqual(vy + vh + 0.5);
    }
  });

  it('escapes markup in what users write (an Ingress path), so the file cannot carry elements of its own', async () => {
    const graph = await laidOut(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: "/<script>x</script>&"\n        pathType: ImplementationSpecific\n        backend: {service: {name: web, port: {number: 80}}}\n',
    );
    expect(graph.nodes.some((n) => n.lines.some((l) => l.includes('<script>')))).toBe(true);
    const svg = graphToSvg(graph);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp;');
  });

  it('uses the dark colours when asked and cuts long lines with an ellipsis', async () => {
    const long = 'a'.repeat(60);
    const graph = await laidOut(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {x: ${long}}\nspec:\n  selector: {app: ${long}}\n  ports: [{port: 80}]\n`,
    );
    const svg = graphToSvg(graph, SVG_THEMES.dark);
    expect(svg).toContain(`fill="${SVG_THEMES.dark.background}"`);
    expect(svg).not.toContain(`selector app=${long}<`);
    expect(svg).toMatch(/selector app=a+…</);
  });

  it("leaves the theme's background rectangle out when transparent, and only that", async () => {
    const graph = await laidOut(`${simpleService}\n---\n${deployment}`);
    const opaque = graphToSvg(graph, SVG_THEMES.dark);
    const transparent = graphToSvg(graph, SVG_THEMES.dark, undefined, { transparent: true });
    const background = `fill="${SVG_THEMES.dark.background}"`;
    expect(opaque).toContain(background);
    expect(transparent).not.toContain(background);
    expect(opaque.split('\n').filter((line) => !transparent.split('\n').includes(line))).toEqual([
      expect.stringMatching(/^<rect [^>]*fill="#14171d"\/>$/),
    ]);
  });

  it("draws the request's path up to the current hop: outlines in order, the current one marked, a line through them, the caption under the graph", async () => {
    const graph = await laidOut(`${simpleService}\n---\n${deployment}`);
    const service = graph.nodes.find((n) => n.type === 'service');
    const pod = graph.nodes.find((n) => n.type === 'pod');
    if (!service || !pod) throw new Error('seed 13-1 has a Service and pods');
    const caption = 'KUBE-SEP-XYZ rewrites the destination 10.96.0.1:80 to 10.244.1.3:8080, pod default/random-generator (DNAT). '.repeat(
      3,
    );
    const plain = graphToSvg(graph);
    const svg = graphToSvg(graph, SVG_THEMES.light, { path: [service.id, pod.id], caption });
    expect(plain).not.toContain('data-trail');
    // The trail from the Service's anchor (its left edge, level with its title) to the pod's, around what lies between.
    const trail = /<path d="([^"]+)"[^>]*data-trail="true"/.exec(svg)?.[1] ?? '';
    const points = [...trail.matchAll(/[ML](-?\d+) (-?\d+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    const boxes = absoluteBoxes(graph);
    const anchorOf = (id: string) => packetAnchor(boxes.get(id) ?? { x: 0, y: 0, width: 0, height: 0 });
    expect(points[0]).toEqual({ x: Math.round(anchorOf(service.id).x), y: Math.round(anchorOf(service.id).y) });
    expect(points.at(-1)).toEqual({ x: Math.round(anchorOf(pod.id).x), y: Math.round(anchorOf(pod.id).y) });
    expect(svg.match(/stroke="#e8590c" stroke-width="[24]"/g)).toHaveLength(2);
    expect(svg.match(/data-current="true"/g)).toHaveLength(1);
    // The caption is wrapped into lines that fit the picture, and the picture grew to hold them.
    const lines = [...svg.matchAll(/<text x="[-\d.]+" y="[-\d.]+" font-size="15"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1] ?? '');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(caption.trim());
    const height = (s: string) => Number(s.match(/height="(\d+)"/)?.[1]);
    expect(height(svg)).toBeGreaterThan(height(plain));
  });
});
