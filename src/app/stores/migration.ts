/**
 * The "Migrate to Gateway API" view (issue 17): whether it is open, the plan the worker made of the
 * Ingresses on screen (ingress2gateway's Gateway and HTTPRoutes, the annotations with no
 * equivalent), the request typed in it, and the last comparison of that request through both.
 * Transient: not saved.
 */
import { create } from 'zustand';
import type { MigrationComparison, MigrationPlan } from '../../worker/protocol';

export type { ComparedField, MigrationComparison, MigrationOutcome, MigrationPlan } from '../../worker/protocol';

export interface MigrationState {
  open: boolean;
  plan?: MigrationPlan;
  /** The snapshot revision the plan was made for: a newer snapshot asks for a new plan. */
  planRevision?: number;
  /** The request's target and Host header as typed in the view. */
  target: string;
  /** The target is the request bar's, taken when the view opened: the plan replaces it unless it goes to an Ingress. */
  fromRequestBar?: boolean;
  host: string;
  comparison?: MigrationComparison;
  busy: boolean;
  error?: string;
  /** What "Apply the Gateway version" did, when it ran. */
  applied?: string;
}

export const useMigration = create<MigrationState>()(() => ({ open: false, target: '', host: '', busy: false }));
