/**
 * Deployment and ReplicaSet checks from kubernetes/pkg/apis/apps/validation/validation.go
 * (ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet) and
 * the label selector rules of apimachinery's metav1 validation.
 */
import type { DeploymentInput, LabelSelectorInput } from '../model/schemas';
import type { LabelSelector } from '../model/types';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { invalidEach, validateLabels, validateNonNegative } from './common';
import { isQualifiedName } from './names';
import { validatePodSpec } from './pod';
import { goStringMap, matchesSelector } from '../util/labels';
import { validateObjectMeta } from './meta';
import { isDNS1123Subdomain } from './names';

export function validateLabelSelector(selector: LabelSelectorInput, path: string): FieldError[] {
  const errs: FieldError[] = [...validateLabels(selector.matchLabels, `${path}.matchLabels`)];
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (!req.values || req.values.length === 0) {
        errs.push(fieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (req.values && req.values.length > 0) {
        errs.push(fieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      errs.push(fieldError.invalid(`${p}.operator`, req.operator, 'not a valid selector operator'));
    }
    errs.push(...invalidEach(`${p}.key`, req.key, isQualifiedName(req.key)));
  });
  return errs;
}

type WorkloadSpecInput = NonNullable<DeploymentInput['spec']>;

/** Both Deployment and ReplicaSet: `kind` words the empty-selector message. */
export function validateWorkloadSpec(spec: WorkloadSpecInput | undefined, kind: 'deployment' | 'replicaset'): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec ?? {};
  errs.push(...validateNonNegative(s.replicas, 'spec.replicas'));
  const selector = s.selector;
  if (!selector) {
    errs.push(fieldError.required('spec.selector', ''));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(fieldError.invalid('spec.selector', selector, `empty selector is invalid for ${kind}`));
    }
  }
  const template = s.template;
  if (!template) {
    errs.push(fieldError.required('spec.template', ''));
    return errs;
  }
  const templateLabels = template.metadata?.labels;
  // ValidatePodTemplateSpecForReplicaSet: LabelSelectorAsSelector gives labels.Nothing() for a
  // missing selector (not Empty, matches nothing), labels.Everything() for an empty one (Empty,
  // not checked). So a missing selector is reported twice: Required, and not matching the labels.
  const selectorIsEmpty =
    selector !== undefined && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  if (!selectorIsEmpty && (!selector || !matchesSelector(selector as LabelSelector, templateLabels))) {
    errs.push(
      fieldError.invalidRendered(
        'spec.template.metadata.labels',
        templateLabels === undefined ? 'map[string]string(nil)' : goStringMap(templateLabels),
        '`selector` does not match template `labels`',
        templateLabels ?? null,
      ),
    );
  }
  errs.push(
    ...validateObjectMeta(
      { labels: templateLabels, annotations: template.metadata?.annotations, name: 'template' },
      false,
      isDNS1123Subdomain,
    ).map((e) => ({ ...e, field: `spec.template.${e.field}`, message: `spec.template.${e.message}` })),
  );
  errs.push(...validatePodSpec(template.spec, 'spec.template.spec', { requireImage: true }));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== undefined && restartPolicy !== 'Always') {
    errs.push(fieldError.notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']));
  }
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fieldError.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}
