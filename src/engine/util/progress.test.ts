/**
 * The engine's signs of life for a host watching for a hang (the app's worker heartbeat): a step
 * per object applied and per Service whose endpoints are published, and the length of each text
 * the parser reads in one go. One object's own work is one step however long it runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { onProgress } from './progress';

function service(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}}\nspec:\n  selector: {app: a${i}}\n  ports: [{port: 80}]\n`;
}

afterEach(() => onProgress(undefined));

describe('progress of a long simulation', () => {
  it('reports a step for each object applied and each Service the endpoint controllers publish', () => {
    const yaml = Array.from({ length: 200 }, (_, i) => service(i)).join('---\n');
    let steps = 0;
    onProgress(() => (steps += 1));
    createCluster(yaml);
    // 200 applied, then each of the 200 Services (and the cluster's own) through two controllers.
    expect(steps).toBeGreaterThanOrEqual(600);
  });

  it('an edit applied to the living cluster reports its steps too (Cluster.sync)', () => {
    const yaml = Array.from({ length: 50 }, (_, i) => service(i)).join('---\n');
    const cluster = createCluster(yaml);
    let steps = 0;
    onProgress(() => (steps += 1));
    cluster.sync(yaml.replace('port: 80', 'port: 81'));
    expect(steps).toBeGreaterThanOrEqual(50);
  });

  it('announces the length of each text the YAML parser reads in one go (one large mapping)', () => {
    const data = Array.from({ length: 5000 }, (_, i) => `  key-${i}: "value-${i}"`).join('\n');
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${data}\n`;
    const announced: number[] = [];
    onProgress((chars) => announced.push(chars));
    createCluster(yaml);
    expect(Math.max(...announced)).toBe(yaml.length);
  });

  it('one object is one step, however many pods it makes (a typo like replicas: 100000 is not taken for progress)', () => {
    const deployment = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const count = (yaml: string) => {
      let steps = 0;
      onProgress(() => (steps += 1));
      createCluster(yaml);
      return steps;
    };
    expect(count(deployment(300))).toBe(count(deployment(1)));
  });
});
