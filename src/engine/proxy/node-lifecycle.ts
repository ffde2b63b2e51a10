/**
 * A node failing and coming back, as the node lifecycle controller
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go) handles it: when the kubelet stops
 * posting status the node's Ready condition becomes Unknown (NodeStatusUnknown) and every pod on
 * it is marked Ready=False (MarkPodsNotReady), so the endpoints controller moves them to
 * notReadyAddresses and kube-proxy everywhere stops sending to them. When the node is back, the
 * kubelet reports its pods ready again. Eviction after the 300 s toleration is not simulated.
 */
import type { Node } from '../model/types';
import type { ClusterState } from '../state';
import { refreshReadiness } from '../controllers/kubelet';
import { reconcileEndpointControllers } from '../controllers/endpoint-controllers';
import { podReadyCondition } from '../model/podutil';

export function setNodeReady(state: ClusterState, nodeName: string, ready: boolean): void {
  const node = state.store.get('Node', nodeName);
  if (!node) throw new Error(`nodes "${nodeName}" not found`);
  if (state.isNodeReady(nodeName) === ready) return;
  state.tick();
  const condition: Node['status']['conditions'][number] = ready
    ? { type: 'Ready', status: 'True', reason: 'KubeletReady' }
    : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' };
  state.store.put({ ...node, status: { ...node.status, conditions: [condition] } });
  state.record({
    type: ready ? 'Normal' : 'Warning',
    reason: ready ? 'NodeReady' : 'NodeNotReady',
    kind: 'Node',
    name: nodeName,
    message: `Node ${nodeName} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
  });
  for (const pod of state.store.list('Pod')) {
    if (pod.spec.nodeName !== nodeName) continue;
    const readyCondition = podReadyCondition(pod);
    // Coming back, only the pods the failure made unready are re-evaluated (their own probes may still fail).
    if (ready && readyCondition?.reason !== 'NodeNotReady') continue;
    const before = JSON.stringify(pod.status.conditions);
    refreshReadiness(state, pod);
    if (JSON.stringify(pod.status.conditions) !== before) state.store.put(pod);
  }
  reconcileEndpointControllers(state);
}
