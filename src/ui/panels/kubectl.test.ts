import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import { kubectlDescribeService, kubectlGetService } from './kubectl';
import { deploymentYaml } from '../../engine/test-support/fixtures';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]
---
${deploymentYaml({ replicas: 4 })}`;

describe('kubectl views of a Service', () => {
  const cluster = createCluster(YAML);
  const svc = cluster.get('Service', 'web')!;

  // printService: PORT(S) is port:nodePort/protocol, EXTERNAL-IP <none> for a NodePort Service.
  it('get svc prints the columns kubectl prints', () => {
    const [header, row] = kubectlGetService(svc, '2m').split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(row?.split(/\s{2,}/)).toEqual(['web', 'NodePort', svc.spec.clusterIP, '<none>', '80:30080/TCP', '2m']);
  });

  // describeService lists at most three endpoints, then "+ N more...".
  it('describe svc shows ports, node port, endpoints (three, then + N more...) and policies', () => {
    const text = kubectlDescribeService(svc, cluster.endpoints('web'));
    expect(text).toMatch(/^Annotations: +<none>$/m);
    expect(text).toMatch(/^Selector: +app=web$/m);
    expect(text).toMatch(/^Port: +http {2}80\/TCP$/m);
    expect(text).toMatch(/^TargetPort: +8080\/TCP$/m);
    expect(text).toMatch(/^NodePort: +http {2}30080\/TCP$/m);
    expect(text).toMatch(/^Endpoints: +(10\.244\.\d+\.\d+:8080,){2}10\.244\.\d+\.\d+:8080 \+ 1 more\.\.\.$/m);
    expect(text).toMatch(/^External Traffic Policy: +Cluster$/m);
  });
});
