import type { Diagnostic } from '../engine/index';

export function DiagnosticsList({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) {
    return (
      <p className="muted" data-testid="diagnostics">
        No problems: every object was accepted.
      </p>
    );
  }
  return (
    <ul className="diagnostics" data-testid="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={`${d.line}:${d.column}:${i}`} className={`diagnostic ${d.severity}`}>
          <span className="where">
            {d.severity} {d.line}:{d.column}
          </span>{' '}
          {d.kind && d.name ? <span className="subject">{`${d.kind} "${d.name}": `}</span> : null}
          <span className="message">{d.message}</span>
        </li>
      ))}
    </ul>
  );
}
