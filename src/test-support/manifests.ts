/**
 * Manifests the tests share: a Service `web` selecting the pods of a Deployment `web` (the shape
 * most of the seed chapter's examples take).
 */
export interface WebApp {
  replicas: number;
  /** The Service's port (80 unless given). */
  port?: number;
  /** The Service's targetPort; left out (the port itself) unless given. */
  targetPort?: number;
  /** The containers' port; none declared unless given. */
  containerPort?: number;
  /** The containers' port's name, with containerPort. */
  portName?: string;
  /** A `tier` label on the pod template: changing it replaces every pod. */
  tier?: string;
}

export function webService({ port = 80, targetPort }: Omit<WebApp, 'replicas'>): string {
  return `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: ${port}${targetPort !== undefined ? `, targetPort: ${targetPort}` : ''}}]
`;
}

export function webDeployment({ replicas, containerPort, portName, tier }: WebApp): string {
  const ports = containerPort !== undefined ? `, ports: [{${portName ? `name: ${portName}, ` : ''}containerPort: ${containerPort}}]` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web${tier !== undefined ? `, tier: ${tier}` : ''}}}
    spec: {containers: [{name: app, image: nginx${ports}}]}
`;
}

/** The Service and the Deployment, in one document. */
export function webApp(app: WebApp): string {
  return `${webService(app)}---\n${webDeployment(app)}`;
}
