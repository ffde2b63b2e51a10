import type { ClusterObject } from '../engine/index';

/** The facts about an object that matter for service discovery, in one line. */
export function describeObject(obj: ClusterObject): string {
  switch (obj.kind) {
    case 'Service': {
      const ports = obj.spec.ports
        .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}→${p.targetPort}`)
        .join(', ');
      const lb = obj.status.loadBalancer.ingress?.map((i) => i.ip ?? i.hostname).join(', ');
      const address = obj.spec.type === 'ExternalName' ? `CNAME ${obj.spec.externalName ?? ''}` : `clusterIP ${obj.spec.clusterIP ?? ''}`;
      return `${obj.spec.type} ${address}${ports ? ` ports ${ports}` : ''}${lb ? ` external ${lb}` : ''}`;
    }
    case 'Pod': {
      const ready = obj.status.conditions.find((c) => c.type === 'Ready')?.status === 'True';
      return `${obj.status.phase} on ${obj.spec.nodeName ?? '-'} IP ${obj.status.podIP ?? '-'} ${ready ? 'ready' : 'not ready'}`;
    }
    case 'Endpoints': {
      const ready = obj.subsets.flatMap((s) => (s.addresses ?? []).flatMap((a) => (s.ports ?? [{ port: 0 }]).map((p) => `${a.ip}:${p.port}`)));
      const notReady = obj.subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip));
      return `${ready.join(', ') || '<none>'}${notReady.length ? ` (not ready: ${notReady.join(', ')})` : ''}`;
    }
    case 'Deployment':
    case 'ReplicaSet':
      return `${obj.status.readyReplicas}/${obj.spec.replicas} ready`;
    case 'Node':
      return `${obj.status.addresses[0]?.address ?? ''} pods ${obj.spec.podCIDR}`;
    case 'Ingress':
      return `${(obj.spec.rules ?? []).length} rule(s)${obj.spec.defaultBackend?.service ? `, default backend ${obj.spec.defaultBackend.service.name}` : ''}`;
    default:
      return '';
  }
}

export function ObjectTable({ objects }: { objects: readonly ClusterObject[] }) {
  return (
    <table className="objects" data-testid="object-table">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Namespace/Name</th>
          <th>Facts</th>
        </tr>
      </thead>
      <tbody>
        {objects.map((obj) => (
          <tr key={`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`} data-kind={obj.kind}>
            <td>{obj.kind}</td>
            <td>
              {obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}
              {obj.metadata.name}
            </td>
            <td>{describeObject(obj)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
