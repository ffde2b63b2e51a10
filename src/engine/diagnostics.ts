/**
 * A diagnostic is what the API server (or kubectl) would tell the user about one
 * manifest, located in the YAML text the user wrote.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourceLocation {
  /** 1-based line of the start of the offending node. */
  line: number;
  /** 1-based column of the start of the offending node. */
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  /**
   * The message as the API server words it, prefixed with its field path when it has one,
   * e.g. `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.
   */
  message: string;
  /** The field path (`spec.ports[0].port`), or '' when the whole object or document is meant. */
  field: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** 0-based index of the YAML document in the text. */
  document?: number;
}

export const START_OF_TEXT: SourceLocation = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `The Service "web" is invalid: spec.ports[0].port: ...` — how kubectl prints a rejected object. */
export function describeDiagnostic(d: Diagnostic): string {
  const subject = d.kind && d.name ? `${d.kind} "${d.name}"` : (d.kind ?? 'document');
  const where = `${d.line}:${d.column}`;
  return `${where} ${d.severity}: ${subject}: ${d.message}`;
}
