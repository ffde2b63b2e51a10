/**
 * A diagnostic is what the API server (or kubectl) would tell the user about one
 * manifest, located in the YAML text the user wrote.
 */
import type { DiagnosticType } from './validate/field-errors';

export type { DiagnosticType, FieldErrorType } from './validate/field-errors';
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
  /**
   * What kind of problem this is, so tools need not parse `message`: the API server's
   * field.ErrorType (`FieldValueInvalid`, `FieldValueRequired`, `FieldValueForbidden`,
   * `FieldValueDuplicate`, `FieldValueNotSupported`, `FieldValueTooLong`, `FieldValueTooMany`,
   * `FieldValueNotFound`, `FieldValueTypeInvalid`, `InternalError`; errors.go), or `Warning` (an
   * API server Warning header), `Hint` (svcscope's own explanation), `DecodeError` (the text is no
   * object kubectl could send: YAML syntax and the like), `NotFound` / `RequestEntityTooLarge`
   * (the API server's status reason when no field is at fault).
   */
  type: DiagnosticType;
  /**
   * The bad value (field.Error's BadValue) as JSON data, when the error has one. Required,
   * Forbidden and InternalError errors carry none, as upstream; TooLong keeps it without printing it.
   */
  value?: unknown;
  /** The bad value as `message` prints it (`"web"`, `0`, `[]string{"None", "10.0.0.1"}`). */
  renderedValue?: string;
  /** The text after the value (field.Error's Detail), e.g. `must be between 1 and 65535, inclusive`. */
  detail?: string;
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
