/**
 * "Migrate to Gateway API" (issue 17): the view with the Ingresses and what ingress2gateway makes
 * of them side by side, the same request sent through both (in the worker: the Ingress in the
 * cluster on screen, the Gateway in a cluster of the document with the converted objects applied),
 * and "Apply the Gateway version", an undoable edit of the YAML like the other what-ifs.
 */
import { defineAction } from './registry';
import { editSpec } from './what-if';
import { engine } from '../engine-client';
import { useAnimation } from '../stores/animation';
import { useMigration } from '../stores/migration';
import type { MigrationPlan } from '../stores/migration';
import { useSimulation } from '../stores/simulation';
import { parseHostHeader, requestFromFields } from '../request-presets';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a typed target names an Ingress's address or one of its rule hosts. */
function goesToAnIngress(target: string, plan: MigrationPlan): boolean {
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:?#\s]+)/i.exec(target.trim())?.[1]?.toLowerCase();
  const hosts = new Set([
    ...plan.ingresses.flatMap((i) => (i.address ? [i.address] : [])),
    ...plan.suggestions.map((s) => /^http:\/\/([^/]+)/.exec(s)?.[1] ?? ''),
  ]);
  return host !== undefined && hosts.has(host);
}

/** The request bar's request stays when it goes to an Ingress; otherwise the plan's first Ingress path is offered. */
function offerTarget(plan: MigrationPlan): void {
  const { target, fromRequestBar } = useMigration.getState();
  const keep = target !== '' && (!fromRequestBar || goesToAnIngress(target, plan));
  useMigration.setState({ fromRequestBar: false, ...(keep ? {} : { target: plan.suggestions[0] ?? '', host: '' }) });
}

/** Asks the worker for the plan of the cluster on screen, unless the one held is for it. */
async function loadPlan(): Promise<void> {
  const revision = useSimulation.getState().snapshot?.revision;
  const held = useMigration.getState();
  if (held.plan && held.planRevision === revision) return offerTarget(held.plan);
  useMigration.setState({ busy: true, error: undefined });
  try {
    const plan = await engine().call((api) => api.migrationPlan());
    useMigration.setState({ plan, planRevision: revision, busy: false });
    offerTarget(plan);
  } catch (error) {
    useMigration.setState({ busy: false, error: message(error) });
  }
}

/** The request in the view: the request bar's source, with the target and Host header typed here. */
function requestInView() {
  const { target, host } = useMigration.getState();
  const base = { ...useAnimation.getState().request };
  delete base.host;
  const request = requestFromFields(base, target);
  const header = parseHostHeader(host);
  return header ? { ...request, host: header } : request;
}

async function compare(): Promise<void> {
  const request = requestInView();
  useMigration.setState({ busy: true, error: undefined });
  try {
    const comparison = await engine().call((api) => api.compareMigration(request));
    useMigration.setState({ comparison, busy: false });
  } catch (error) {
    useMigration.setState({ busy: false, error: message(error), comparison: undefined });
  }
}

async function applyGatewayVersion(): Promise<boolean> {
  const plan = useMigration.getState().plan;
  if (!plan?.yaml) return false;
  const done = await editSpec({ type: 'apply', yaml: plan.yaml });
  if (done)
    useMigration.setState({
      applied: `Added to the YAML: ${plan.objects.join(', ')}. The Ingresses stay; ↶ undoes it.`,
      comparison: undefined,
    });
  return done;
}

export const migration = {
  openMigration: defineAction({
    id: 'open-migration',
    label: 'Migrate to Gateway API: the Ingresses and their Gateway API version side by side, the same request through both',
    keys: ['g'],
    embed: false,
    // The request bar's request is the view's first request; the view asks for the plan once shown.
    run: () => {
      const { request, toText } = useAnimation.getState();
      useMigration.setState({
        open: true,
        target: toText.trim(),
        host: request.host ?? '',
        fromRequestBar: true,
        comparison: undefined,
        applied: undefined,
        error: undefined,
      });
    },
  }),
  closeMigration: defineAction({
    id: 'close-migration',
    label: 'Close',
    embed: false,
    run: () => useMigration.setState({ open: false }),
  }),
  refreshMigration: defineAction({
    id: 'refresh-migration',
    label: 'Convert the Ingresses on screen again',
    embed: false,
    run: () => loadPlan(),
  }),
  setMigrationTarget: defineAction<[string]>({
    id: 'set-migration-target',
    label: 'The request to send through both',
    embed: false,
    run: (target) => useMigration.setState({ target }),
  }),
  setMigrationHost: defineAction<[string]>({
    id: 'set-migration-host',
    label: "The Host header (curl -H 'Host: …'); empty: the URL's host",
    embed: false,
    run: (host) => useMigration.setState({ host }),
  }),
  compareMigration: defineAction({
    id: 'compare-migration',
    label: 'Send the same request through the Ingress and through the Gateway',
    embed: false,
    enabled: () => useMigration.getState().target.trim() !== '' && !useMigration.getState().plan?.problem,
    run: () => compare(),
  }),
  applyGatewayVersion: defineAction({
    id: 'apply-gateway-version',
    label: 'Apply the Gateway version: add the Gateway and HTTPRoutes to the YAML (the Ingresses stay; undo with ↶)',
    embed: false,
    enabled: () => {
      const plan = useMigration.getState().plan;
      return !!plan?.yaml && !plan.applied;
    },
    run: () => applyGatewayVersion(),
  }),
};
