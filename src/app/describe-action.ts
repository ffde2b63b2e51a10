/** How the UI names a what-if action (timelines, undo tooltips). */
import type { SimulationAction } from '../engine/index';

/** A one-line, kubectl-flavoured description of an action, for timelines and undo menus. */
export function describeAction(action: SimulationAction): string {
  switch (action.type) {
    case 'apply':
      return 'kubectl apply (more objects)';
    case 'delete':
      return `kubectl delete ${action.kind.toLowerCase()} ${action.name}${action.namespace && action.namespace !== 'default' ? ` -n ${action.namespace}` : ''}${action.gracePeriodSeconds !== undefined ? ` --grace-period=${action.gracePeriodSeconds}` : ''}`;
    case 'restartPod':
      return `restart pod ${action.pod}`;
    case 'setPodReady':
      return `readiness probe of ${action.pod} ${action.ready ? 'passes' : 'fails'}`;
    case 'setNodeReady':
      return `node ${action.node} ${action.ready ? 'is Ready again' : 'becomes NotReady'}`;
  }
}
