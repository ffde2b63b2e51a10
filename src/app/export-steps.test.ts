import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { slug, stepFileName, stepsZipName, zipSteps } from './export-steps';
import { CATALOG } from '../scenarios/catalog';

describe('the zip of every guided step', () => {
  it('names each picture after its step: two-digit number from 01, then the title as lowercase words joined by dashes', () => {
    expect(stepFileName(0, 'Ask by name')).toBe('01-ask-by-name.png');
    expect(stepFileName(9, 'The fully qualified name')).toBe('10-the-fully-qualified-name.png');
    expect(stepFileName(2, "Scale down to one pod: what's left?")).toBe('03-scale-down-to-one-pod-what-s-left.png');
    expect(slug('  NodePort → kube-proxy (iptables)  ')).toBe('nodeport-kube-proxy-iptables');
    expect(slug('Café crème')).toBe('cafe-creme');
    expect(slug('→ …')).toBe('step');
    expect(slug('a'.repeat(60)).length).toBe(48);
    expect(stepsZipName('clusterip')).toBe('clusterip-steps.zip');
  });

  it('gives every step of every built-in scenario a distinct, safe file name', () => {
    for (const scenario of CATALOG) {
      const names = scenario.steps.map((s, i) => stepFileName(i, s.title));
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.png$/);
    }
  });

  it('packs the pictures into a zip that unzips to the same files, in step order', () => {
    const files = [
      { name: '01-ask-by-name.png', png: new Uint8Array([137, 80, 78, 71, 1]) },
      { name: '02-the-fully-qualified-name.png', png: new Uint8Array([137, 80, 78, 71, 2]) },
    ];
    const unzipped = unzipSync(zipSteps(files));
    expect(Object.keys(unzipped)).toEqual(files.map((f) => f.name));
    expect([...(unzipped['02-the-fully-qualified-name.png'] ?? [])]).toEqual([137, 80, 78, 71, 2]);
  });
});
