/** `cluster.iptables(node)`: the tables kube-proxy has written on a node, in iptables-save format. */
import type { ClusterState } from '../state';
import { renderIptablesSave } from './iptables-save';
import { nodeRules } from './runtime';

export function iptablesSave(state: ClusterState, nodeName: string): string {
  if (!state.store.get('Node', nodeName)) throw new Error(`nodes "${nodeName}" not found`);
  return renderIptablesSave(nodeRules(state, nodeName), state.timestamp());
}
