/**
 * "Migrate to Gateway API": the Ingresses on the left, the Gateway and HTTPRoutes ingress2gateway
 * makes of them on the right, the ingress-nginx annotations that do not come across, and the same
 * request through both with the outcomes side by side, the differences marked. Escape closes
 * (a modal <dialog>). It reads the migration store and runs actions; the worker does the rest.
 */
import { useEffect, useRef } from 'react';
import { actions, tooltipOf } from '../../app/actions/index';
import { useMigration } from '../../app/stores/migration';
import type { ComparedField, MigrationComparison, MigrationOutcome, MigrationPlan } from '../../app/stores/migration';
import { useSimulation } from '../../app/stores/simulation';
import { RetirementNotice } from './RetirementNotice';

type Row = { label: string; field?: ComparedField; value(o: MigrationOutcome): string | undefined };

const ROWS: readonly Row[] = [
  { label: 'Sent to', value: (o) => o.sent },
  { label: 'Answer', field: 'answer', value: (o) => o.answer },
  { label: 'Served by', value: (o) => o.servedBy },
  { label: 'Backend', field: 'backend', value: (o) => o.backend },
  { label: 'Pod', value: (o) => o.pod },
  { label: 'Path at the backend', field: 'backendPath', value: (o) => o.backendPath },
  { label: 'Location', field: 'location', value: (o) => o.location },
  { label: 'Why it failed', value: (o) => o.reason },
];

function Outcomes({ comparison }: { comparison: MigrationComparison }) {
  const { ingress, gateway, differences } = comparison;
  const section = useRef<HTMLElement>(null);
  // A new comparison is what the learner asked for: bring it into view (the body scrolls at 1280x720).
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'nearest' });
  }, [comparison]);
  const rows = ROWS.filter((r) => r.value(ingress) !== undefined || r.value(gateway) !== undefined);
  return (
    <section ref={section} aria-labelledby="migration-outcomes" data-testid="migration-outcomes">
      <h3 id="migration-outcomes">
        The same request, both ways:{' '}
        <span
          className={differences.length || !comparison.throughIngress ? 'differs-summary' : 'same-summary'}
          data-testid="migration-verdict"
        >
          {!comparison.throughIngress
            ? 'this request does not go through the Ingress (see below)'
            : differences.length
              ? `${differences.length} difference${differences.length > 1 ? 's' : ''} (marked ≠)`
              : 'same answer, backend and path'}
        </span>
      </h3>
      <table className="migration-table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Through the Ingress (ingress-nginx)</th>
            <th scope="col">Through the Gateway (Envoy Gateway)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const differs = r.field !== undefined && differences.includes(r.field);
            return (
              <tr key={r.label} className={differs ? 'differs' : undefined} data-testid={differs ? 'migration-differs' : undefined}>
                <th scope="row">
                  {differs ? <span aria-label="differs">≠ </span> : null}
                  {r.label}
                </th>
                <td data-testid={`migration-ingress-${r.label}`}>{r.value(ingress) ?? '—'}</td>
                <td data-testid={`migration-gateway-${r.label}`}>{r.value(gateway) ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">{comparison.note}</p>
    </section>
  );
}

function Note({ note }: { note: MigrationPlan['notes'][number] }) {
  return (
    <>
      {note.ingress ? `Ingress ${note.ingress}${note.field ? ` ${note.field}` : ''}: ` : ''}
      {note.message}
    </>
  );
}

export function MigrationDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const plan = useMigration((s) => s.plan);
  const target = useMigration((s) => s.target);
  const host = useMigration((s) => s.host);
  const comparison = useMigration((s) => s.comparison);
  const busy = useMigration((s) => s.busy);
  const error = useMigration((s) => s.error);
  const applied = useMigration((s) => s.applied);
  const revision = useSimulation((s) => s.snapshot?.revision);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  // A new cluster on screen (an edit, "Apply the Gateway version", undo): convert it again.
  useEffect(() => {
    void actions.refreshMigration.run();
  }, [revision]);

  const warnings = plan?.notes.filter((n) => n.severity === 'warning') ?? [];
  const infos = plan?.notes.filter((n) => n.severity !== 'warning') ?? [];
  const canCompare = !busy && target.trim() !== '' && !plan?.problem;
  const canApply = !busy && !!plan?.yaml && !plan.applied;

  return (
    <dialog
      ref={dialog}
      className="migration-dialog"
      onClose={() => actions.closeMigration.run()}
      aria-labelledby="migration-title"
      data-testid="migration-dialog"
    >
      <header className="migration-header">
        <h2 id="migration-title">Migrate to Gateway API</h2>
        <form method="dialog">
          <button type="submit" aria-label="Close (Escape)" title="Close (Escape)" data-testid="migration-close">
            ✕
          </button>
        </form>
      </header>
      <div className="migration-body">
        <RetirementNotice />
        {plan?.problem ? (
          <p className="notice" data-testid="migration-problem">
            {plan.problem}
          </p>
        ) : null}
        {plan && !plan.problem ? (
          <>
            <div className="migration-columns">
              <section aria-labelledby="migration-now">
                <h3 id="migration-now">Now: {plan.ingresses.length === 1 ? 'the Ingress' : `${plan.ingresses.length} Ingresses`}</h3>
                {plan.ingresses.map((i) => (
                  <figure key={`${i.namespace}/${i.name}`} className="migration-yaml">
                    <figcaption>
                      Ingress {i.namespace}/{i.name}
                      {i.address ? ` · ${i.address}` : ''}
                      {i.line ? ` · line ${i.line}` : ''}
                    </figcaption>
                    <pre tabIndex={0} data-testid="migration-ingress-yaml">
                      {i.yaml}
                    </pre>
                  </figure>
                ))}
              </section>
              <section aria-labelledby="migration-gateway">
                <h3 id="migration-gateway">Gateway API: what ingress2gateway makes of it</h3>
                <figure className="migration-yaml">
                  <figcaption>
                    {plan.objects.join(', ')}
                    {plan.applied ? ' · already in the YAML' : ''}
                  </figcaption>
                  <pre tabIndex={0} data-testid="migration-gateway-yaml">
                    {plan.yaml}
                  </pre>
                </figure>
              </section>
            </div>
            <section aria-labelledby="migration-unconverted" className="migration-notes">
              <h3 id="migration-unconverted">ingress-nginx annotations with no equivalent</h3>
              {plan.unconverted.length ? (
                <ul data-testid="migration-unconverted">
                  {plan.unconverted.map((u) => (
                    <li key={`${u.ingress}/${u.annotation}`}>
                      <code>
                        {u.annotation}: {u.value}
                      </code>{' '}
                      on Ingress {u.ingress}: {u.why}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted" data-testid="migration-unconverted">
                  None: every ingress-nginx annotation here has a Gateway API equivalent.
                </p>
              )}
              {warnings.length ? (
                <>
                  <h3>Where the Gateway version will not behave like ingress-nginx</h3>
                  <ul data-testid="migration-warnings">
                    {warnings.map((n, i) => (
                      <li key={i}>
                        <Note note={n} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {infos.length ? (
                <details>
                  <summary>
                    {infos.length} more note{infos.length > 1 ? 's' : ''} from the conversion
                  </summary>
                  <ul data-testid="migration-notes">
                    {infos.map((n, i) => (
                      <li key={i}>
                        <Note note={n} />
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </section>
            <form
              className="migration-request"
              onSubmit={(e) => {
                e.preventDefault();
                void actions.compareMigration.run();
              }}
            >
              <label>
                Request
                <input
                  value={target}
                  onChange={(e) => actions.setMigrationTarget.run(e.target.value)}
                  placeholder="http://203.0.113.250/path"
                  spellCheck={false}
                  data-testid="migration-target"
                />
              </label>
              <label>
                Host header
                <input
                  value={host}
                  onChange={(e) => actions.setMigrationHost.run(e.target.value)}
                  placeholder="(the URL's host)"
                  spellCheck={false}
                  data-testid="migration-host"
                />
              </label>
              <button
                type="submit"
                className="primary"
                disabled={!canCompare}
                title={actions.compareMigration.label}
                data-testid="migration-send"
              >
                Send through both
              </button>
              {plan.suggestions.length ? (
                <span className="migration-suggestions">
                  Try:{' '}
                  {plan.suggestions.map((s) => (
                    <button key={s} type="button" className="chip" onClick={() => actions.setMigrationTarget.run(s)}>
                      {s.replace(/^http:\/\//, '')}
                    </button>
                  ))}
                </span>
              ) : null}
            </form>
            {comparison ? <Outcomes comparison={comparison} /> : null}
          </>
        ) : null}
        {error ? (
          <p className="notice" role="alert" data-testid="migration-error">
            {error}
          </p>
        ) : null}
      </div>
      <footer className="migration-footer">
        <p className="muted" role="status">
          {applied ??
            (busy
              ? 'Working…'
              : 'Apply writes the Gateway and HTTPRoutes into the YAML; the Ingresses stay until you delete them, and ↶ undoes it.')}
        </p>
        <button
          type="button"
          onClick={() => void actions.applyGatewayVersion.run()}
          disabled={!canApply}
          title={tooltipOf(actions.applyGatewayVersion)}
          data-testid="migration-apply"
        >
          {plan?.applied ? 'The Gateway version is applied' : 'Apply the Gateway version'}
        </button>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </footer>
    </dialog>
  );
}
