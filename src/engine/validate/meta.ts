import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { invalidEach, validateLabels } from './common';
import { isDNS1123Label, isQualifiedName } from './names';

export type NameCheck = (name: string) => string[];

interface MetaInput {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** TotalAnnotationSizeLimitB in apimachinery's ValidateAnnotations. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateObjectMeta (k8s.io/apimachinery/pkg/api/validation/objectmeta.go). */
export function validateObjectMeta(meta: MetaInput | undefined, namespaced: boolean, nameCheck: NameCheck): FieldError[] {
  const errs: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName) {
    // generateName is checked with the trailing-dash allowance the apiserver's MaskTrailingDash gives it.
    const masked = m.generateName.endsWith('-') && m.generateName.length > 1 ? m.generateName.slice(0, -1) : m.generateName;
    errs.push(...invalidEach('metadata.generateName', m.generateName, nameCheck(masked)));
  }
  if (!m.name) {
    if (!m.generateName) errs.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else {
    errs.push(...invalidEach('metadata.name', m.name, nameCheck(m.name)));
  }
  if (namespaced) {
    if (m.namespace !== undefined && m.namespace !== '') {
      errs.push(...invalidEach('metadata.namespace', m.namespace, isDNS1123Label(m.namespace)));
    }
  } else if (m.namespace) {
    // ValidateObjectMeta would say `Forbidden: not allowed on this type`, but the API server never
    // lets it: rest.BeforeCreate clears the namespace of a cluster-scoped object first. The object
    // is accepted, without the namespace.
    errs.push(fieldError.warning('metadata.namespace', 'is ignored: this kind is cluster-scoped, so the API server clears it'));
  }
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(m.annotations ?? {})) {
    errs.push(...invalidEach('metadata.annotations', key, isQualifiedName(key.toLowerCase())));
    annotationBytes += key.length + value.length;
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push(fieldError.tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT));
  }
  return errs;
}
