/**
 * What a user (or a guided scenario step) does to a running cluster, other than editing the YAML:
 * the runtime events a trainer provokes to show how discovery reacts. The app keeps them as an
 * ordered list beside the document and replays them after each re-simulation, so they can be
 * undone by dropping them from the list.
 */
import type { Kind } from '../model/types';

export type SimulationAction =
  /** `kubectl apply` of more objects, later in simulated time (e.g. a Service after its clients). */
  | { type: 'apply'; yaml: string }
  /**
   * `kubectl delete KIND NAME`; a pod owned by a ReplicaSet is replaced by a new one. With
   * gracePeriodSeconds > 0 a pod is not removed but becomes Terminating (`--grace-period`).
   */
  | { type: 'delete'; kind: Kind; name: string; namespace?: string; gracePeriodSeconds?: number }
  /** The pod's containers restart and get the environment of the Services that exist now. */
  | { type: 'restartPod'; pod: string; namespace?: string }
  /** The pod's readiness probe starts failing (ready: false) or passing again. */
  | { type: 'setPodReady'; pod: string; namespace?: string; ready: boolean }
  /** The node fails (NotReady) or comes back. */
  | { type: 'setNodeReady'; node: string; ready: boolean };
