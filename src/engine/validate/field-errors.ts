/**
 * Field errors as k8s.io/apimachinery/pkg/util/validation/field/errors.go renders them:
 * `<field>: <Type>: <value>: <detail>`. The API server joins them into
 * `<Kind> "<name>" is invalid: [...]`.
 */
export type FieldErrorType =
  | 'Invalid value'
  | 'Required value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Unsupported value'
  | 'Too many'
  | 'Too long'
  | 'Not found'
  | 'Internal error';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  /** The rendered message, `field: Type: value: detail`. */
  message: string;
  severity: 'error' | 'warning';
  /**
   * Where the error belongs in the manifest, when that is not the path the API server prints:
   * ValidateIngressCreate reports the class annotation as `annotations.kubernetes.io/ingress.class`
   * (field.NewPath("annotations").Child(...)), whose text is at
   * `metadata.annotations[kubernetes.io/ingress.class]`.
   */
  at?: string;
}

/** Renders a value the way field.Error does for the common scalar cases (%q for strings, %d for ints). */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function make(field: string, type: FieldErrorType, body: string, severity: 'error' | 'warning' = 'error'): FieldError {
  const prefix = field ? `${field}: ` : '';
  return { field, type, message: `${prefix}${type}${body}`, severity };
}

export const fieldError = {
  invalid: (field: string, value: unknown, detail: string): FieldError =>
    make(field, 'Invalid value', `: ${renderValue(value)}${detail ? `: ${detail}` : ''}`),
  /** As `invalid`, with the value already rendered (e.g. Go's `map[string]string{...}`). */
  invalidRendered: (field: string, rendered: string, detail: string): FieldError =>
    make(field, 'Invalid value', `: ${rendered}${detail ? `: ${detail}` : ''}`),
  required: (field: string, detail = ''): FieldError => make(field, 'Required value', detail ? `: ${detail}` : ''),
  duplicate: (field: string, value: unknown): FieldError => make(field, 'Duplicate value', `: ${renderValue(value)}`),
  /** As `duplicate`, with the value already rendered (e.g. Go's `core.ServicePort{...}`). */
  duplicateRendered: (field: string, rendered: string): FieldError => make(field, 'Duplicate value', `: ${rendered}`),
  forbidden: (field: string, detail: string): FieldError => make(field, 'Forbidden', `: ${detail}`),
  notSupported: (field: string, value: unknown, supported: readonly string[]): FieldError =>
    make(field, 'Unsupported value', `: ${renderValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`),
  tooLong: (field: string, max: number): FieldError => make(field, 'Too long', `: may not be more than ${max} bytes`),
  notFound: (field: string, value: unknown): FieldError => make(field, 'Not found', `: ${renderValue(value)}`),
  /** A warning placed on a field whose text already says what it is about (no field prefix). */
  note: (field: string, text: string): FieldError => ({ field, type: 'Invalid value', message: text, severity: 'warning' }),
  /** A warning in the same shape, for things the API server accepts but that will not behave as hoped. */
  warning: (field: string, text: string): FieldError => ({
    field,
    type: 'Invalid value',
    message: field ? `${field}: ${text}` : text,
    severity: 'warning',
  }),
};
