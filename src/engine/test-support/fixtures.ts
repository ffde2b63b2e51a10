/** Manifests tests share: one Deployment of identical pods, the shape most discovery tests start from. */

export interface DeploymentFixture {
  name?: string;
  replicas?: number;
  containerPort?: number;
  /** Give the container a readiness probe (its failure message names the container). */
  readinessProbe?: boolean;
}

/** `apiVersion: apps/v1` Deployment NAME (default `web`) labelled `app: NAME`, one container on containerPort. */
export function deploymentYaml({
  name = 'web',
  replicas = 2,
  containerPort = 8080,
  readinessProbe = false,
}: DeploymentFixture = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: ${name}
        image: nginx
        ports: [{containerPort: ${containerPort}}]${readinessProbe ? `\n        readinessProbe: {httpGet: {path: /, port: ${containerPort}}}` : ''}
`;
}
