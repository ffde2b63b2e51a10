/**
 * What-if changes to the simulated cluster. Runtime events (a pod's readiness, a node failure,
 * a restart, a deletion) are actions replayed after each simulation; spec changes (scale, a
 * Service's type, policy, affinity, selector) rewrite the YAML so the user sees them in the
 * editor. Both are undoable from the toolbar. The YAML edit code is loaded on first use.
 */
import type { SimulationAction } from '../../engine/index';
import type { DocumentEdit } from '../../document/index';
import { useDocument } from '../stores/document';
import { useSimulation } from '../stores/simulation';
import { isObject } from '../../engine/index';
import { defineAction } from './registry';

function runtime(action: SimulationAction): void {
  useDocument.getState().act(action);
  useSimulation.setState({ notice: undefined });
}

/** Applies a spec change to the YAML; says why when it cannot, and what a real cluster would do differently. */
export async function editSpec(edit: DocumentEdit): Promise<boolean> {
  const { applyEdit, describeEdit } = await import('../../document/index');
  const doc = useDocument.getState();
  const result = applyEdit(doc.yaml, edit);
  if (!result.ok) {
    useSimulation.setState({ notice: `${describeEdit(edit)}: ${result.error}` });
    return false;
  }
  if (result.yaml !== doc.yaml) doc.edit(result.yaml, describeEdit(edit));
  useSimulation.setState({ notice: result.note });
  return true;
}

/** Takes a Service away from the endpoints controller, keeping its ClusterIP and current endpoints. */
async function removeSelector(name: string, namespace: string): Promise<boolean> {
  const { selectorRemovalFor } = await import('../../document/index');
  const objects = useSimulation.getState().snapshot?.objects ?? [];
  const service = objects.find((o) => isObject(o, 'Service', name, namespace));
  const endpoints = objects.find((o) => isObject(o, 'Endpoints', name, namespace));
  if (service?.kind !== 'Service') return false;
  return editSpec(selectorRemovalFor(service, endpoints?.kind === 'Endpoints' ? endpoints : undefined));
}

/**
 * The grace period of a graceful deletion: the default terminationGracePeriodSeconds (30), which
 * `kubectl delete pod` uses. In the simulation the pod stays Terminating until deleted again.
 */
export const GRACE_PERIOD_SECONDS = 30;

export const whatIf = {
  setProxyMode: defineAction<['iptables' | 'nftables']>({
    id: 'set-proxy-mode',
    label: "kube-proxy's mode on every node (a cluster option: the cluster is built anew)",
    embed: false,
    run: (proxyMode) => {
      const { options, setOptions } = useDocument.getState();
      setOptions({ ...options, proxyMode });
    },
  }),
  runtime: defineAction<[SimulationAction]>({
    id: 'runtime',
    label: 'A runtime event (readiness, node failure, restart, deletion)',
    embed: false,
    run: (action) => runtime(action),
  }),
  /**
   * `kubectl delete pod NAME` with its grace period: the API server sets deletionTimestamp, the pod
   * is Terminating, its EndpointSlice endpoint turns ready: false, serving: true, terminating:
   * true (KEP-1669), and its ReplicaSet starts a replacement. Undoable like the other runtime events.
   */
  deletePodGracefully: defineAction<[string, string]>({
    id: 'delete-pod-graceful',
    label: 'Delete pod (graceful, Terminating)',
    embed: false,
    run: (pod, namespace) => runtime({ type: 'delete', kind: 'Pod', name: pod, namespace, gracePeriodSeconds: GRACE_PERIOD_SECONDS }),
  }),
  editSpec: defineAction<[DocumentEdit]>({
    id: 'edit-spec',
    label: 'A spec change, written into the YAML',
    embed: false,
    run: (edit) => editSpec(edit),
  }),
  removeSelector: defineAction<[string, string]>({
    id: 'remove-selector',
    label: 'Remove the selector (manual Endpoints, same ClusterIP)',
    embed: false,
    run: (name, namespace) => removeSelector(name, namespace),
  }),
  dismissNotice: defineAction({
    id: 'dismiss-notice',
    label: 'Dismiss',
    embed: true,
    run: () => useSimulation.setState({ notice: undefined }),
  }),
};
