/**
 * Field errors as k8s.io/apimachinery/pkg/util/validation/field/errors.go renders them:
 * `<field>: <Type>: <value>: <detail>`. The API server joins them into
 * `<Kind> "<name>" is invalid: [...]`.
 */

/**
 * field.ErrorType (errors.go): the machine-readable strings, which are also the metav1.CauseType
 * of the StatusCause the API server returns for each field error.
 */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** ErrorType.String() (errors.go): the words the message shows for each type. */
export function errorTypeText(type: FieldErrorType): string {
  switch (type) {
    case 'FieldValueNotFound':
      return 'Not found';
    case 'FieldValueRequired':
      return 'Required value';
    case 'FieldValueDuplicate':
      return 'Duplicate value';
    case 'FieldValueInvalid':
    case 'FieldValueTypeInvalid':
      return 'Invalid value';
    case 'FieldValueNotSupported':
      return 'Unsupported value';
    case 'FieldValueForbidden':
      return 'Forbidden';
    case 'FieldValueTooLong':
      return 'Too long';
    case 'FieldValueTooMany':
      return 'Too many';
    case 'InternalError':
      return 'Internal error';
  }
}

/**
 * What a diagnostic is, for tools: a field.ErrorType when the API server's validation said it, or
 * one of svcscope's categories for what is not a field.Error:
 * - `Warning`: what the API server sends as a Warning header (a deprecated apiVersion, an unknown
 *   field under kubectl's default `--validate=warn`, pkg/api/pod/warnings.go's warnings);
 * - `Hint`: svcscope's own explanation of something Kubernetes accepts silently but that will not
 *   behave as hoped (a selector that matches nothing, a field that is ignored, a Pod left Pending);
 * - `DecodeError`: kubectl cannot turn the text into an object to send (YAML syntax, not a
 *   mapping, no `kind`/`apiVersion`, `no matches for kind "X" in version "Y"`);
 * - `NotFound`, `RequestEntityTooLarge`: metav1.StatusReason of an API server answer without field
 *   causes (`namespaces "x" not found`, a request over the size limit).
 */
export type DiagnosticType = FieldErrorType | 'Warning' | 'Hint' | 'DecodeError' | 'NotFound' | 'RequestEntityTooLarge';

export interface FieldError {
  field: string;
  type: DiagnosticType;
  /** The rendered message, `field: Type: value: detail`. */
  message: string;
  severity: 'error' | 'warning';
  /**
   * The bad value (field.Error's BadValue), as JSON-compatible data, when the error has one:
   * Required and Forbidden carry none (upstream's BadValue is "" and is not printed).
   */
  value?: unknown;
  /** The bad value as the message prints it (`"web"`, `0`, `[]string{"10.0.0.1"}`), when it prints one. */
  renderedValue?: string;
  /** field.Error's Detail: the message after the value. */
  detail?: string;
  /**
   * Where the error belongs in the manifest, when that is not the path the API server prints:
   * ValidateIngressCreate reports the class annotation as `annotations.kubernetes.io/ingress.class`
   * (field.NewPath("annotations").Child(...)), whose text is at
   * `metadata.annotations[kubernetes.io/ingress.class]`.
   */
  at?: string;
}

/**
 * Renders a value the way field.Error's ErrorBody does for the common scalar cases (%q for strings,
 * %v for ints and bools); a nil value becomes the string "null", printed with %q as `"null"`.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '"null"';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A copy of a bad value that survives JSON and structuredClone (no functions, cycles or undefined). */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

interface Parts {
  value?: unknown;
  rendered?: string;
  detail?: string;
}

/** field.Error.Error(): `<field>: <ErrorBody>`, with ErrorBody as errors.go builds it. */
function make(field: string, type: FieldErrorType, parts: Parts, severity: 'error' | 'warning' = 'error'): FieldError {
  const prefix = field ? `${field}: ` : '';
  const valuePart = parts.rendered !== undefined ? `: ${parts.rendered}` : '';
  const detailPart = parts.detail ? `: ${parts.detail}` : '';
  return {
    field,
    type,
    message: `${prefix}${errorTypeText(type)}${valuePart}${detailPart}`,
    severity,
    ...('value' in parts ? { value: plain(parts.value) } : {}),
    ...(parts.rendered !== undefined ? { renderedValue: parts.rendered } : {}),
    ...(parts.detail ? { detail: parts.detail } : {}),
  };
}

/** The constructors of errors.go (field.Invalid, field.Required, ...), with the same message text. */
export const fieldError = {
  invalid: (field: string, value: unknown, detail: string): FieldError =>
    make(field, 'FieldValueInvalid', { value, rendered: renderValue(value), detail }),
  /** As `invalid`, with the value already rendered (e.g. Go's `map[string]string{...}`); `value` is the raw value when known. */
  invalidRendered: (field: string, rendered: string, detail: string, value?: unknown): FieldError =>
    make(field, 'FieldValueInvalid', { ...(value !== undefined ? { value } : {}), rendered, detail }),
  /** field.TypeInvalid: the value does not have the type the schema asks for (rendered as `Invalid value`). */
  typeInvalid: (field: string, value: unknown, detail: string): FieldError =>
    make(field, 'FieldValueTypeInvalid', { value, rendered: renderValue(value), detail }),
  /** field.Required: no value is printed. */
  required: (field: string, detail = ''): FieldError => make(field, 'FieldValueRequired', { detail }),
  duplicate: (field: string, value: unknown): FieldError => make(field, 'FieldValueDuplicate', { value, rendered: renderValue(value) }),
  /** As `duplicate`, with the value already rendered (e.g. Go's `core.ServicePort{...}`). */
  duplicateRendered: (field: string, rendered: string, value?: unknown): FieldError =>
    make(field, 'FieldValueDuplicate', { ...(value !== undefined ? { value } : {}), rendered }),
  /** field.Forbidden: no value is printed. */
  forbidden: (field: string, detail: string): FieldError => make(field, 'FieldValueForbidden', { detail }),
  notSupported: (field: string, value: unknown, supported: readonly string[]): FieldError =>
    make(field, 'FieldValueNotSupported', {
      value,
      rendered: renderValue(value),
      detail: supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '',
    }),
  /** field.TooLong: the value is kept but not printed (it is too long to show). */
  tooLong: (field: string, max: number, value?: unknown): FieldError =>
    make(field, 'FieldValueTooLong', { ...(value !== undefined ? { value } : {}), detail: `may not be more than ${max} bytes` }),
  /** field.TooMany: the actual count is the value (omitted when negative), then `must have at most N items`. */
  tooMany: (field: string, actual: number, max: number): FieldError =>
    make(field, 'FieldValueTooMany', {
      ...(actual >= 0 ? { value: actual, rendered: String(actual) } : {}),
      detail: max >= 0 ? `must have at most ${max} items` : 'has too many items',
    }),
  notFound: (field: string, value: unknown): FieldError => make(field, 'FieldValueNotFound', { value, rendered: renderValue(value) }),
  /** field.InternalError: the error text is the detail; no value is printed. */
  internal: (field: string, error: string): FieldError => make(field, 'InternalError', { detail: error }),
  /** An API server Warning header whose text already names what it is about (no field prefix). */
  note: (field: string, text: string): FieldError => ({ field, type: 'Warning', message: text, severity: 'warning' }),
  /** An API server Warning header in pkg/api/pod/warnings.go's shape: `<field>: <text>`. */
  apiWarning: (field: string, text: string): FieldError => ({
    field,
    type: 'Warning',
    message: field ? `${field}: ${text}` : text,
    severity: 'warning',
  }),
  /** svcscope's own hint, for things the API server accepts but that will not behave as hoped. */
  warning: (field: string, text: string): FieldError => ({
    field,
    type: 'Hint',
    message: field ? `${field}: ${text}` : text,
    severity: 'warning',
  }),
};
