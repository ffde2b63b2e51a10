/**
 * kube-proxy's service health check server, as a user sees it: a request to a node's
 * healthCheckNodePort of a LoadBalancer Service with externalTrafficPolicy: Local is answered by
 * kube-proxy itself, 200 on the node that runs a ready endpoint and 503 elsewhere
 * (pkg/proxy/healthcheck/service_health.go), with the response shown in the Trace tab.
 */
import { expect, test } from '@playwright/test';
import { outcome, replaceDocument, startFresh } from './support';
import { deploymentYaml } from '../src/engine/test-support/fixtures';

test.beforeEach(async ({ page }) => startFresh(page));

const YAML = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 32000
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
---
${deploymentYaml({ name: 'web', replicas: 1, containerPort: 8080 })}`;

test("a node's healthCheckNodePort is answered by kube-proxy: 200 where the one pod runs, 503 on the other nodes", async ({ page }) => {
  await page.goto('/');
  await replaceDocument(page, YAML);
  await expect(page.getByTestId('problem-count')).toHaveText(/^0 errors/);
  await page.getByTestId('request-from').selectOption({ label: 'external client 192.0.2.10' });
  const statuses: string[] = [];
  for (const node of ['192.168.49.2', '192.168.49.3', '192.168.49.4']) {
    await page.getByTestId('request-to').fill(`http://${node}:32000/healthz`);
    await page.getByTestId('send').click();
    const line = await outcome(page);
    const response = page.getByTestId('http-response');
    await expect(response).toContainText('Response from kube-proxy');
    await expect(response).toContainText('Content-Type: application/json');
    await expect(response).toContainText('"name": "web"');
    if (/^✓/.test(line)) {
      expect(line).toContain('kube-proxy');
      expect(line).toContain('not a pod');
      await expect(response).toContainText('HTTP/1.1 200 OK');
      await expect(response).toContainText('"localEndpoints": 1');
      statuses.push('200');
    } else {
      await expect(response).toContainText('HTTP/1.1 503 Service Unavailable');
      await expect(response).toContainText('"localEndpoints": 0');
      statuses.push('503');
    }
  }
  expect(statuses.sort()).toEqual(['200', '503', '503']);
});
