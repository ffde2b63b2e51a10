/**
 * ingress-nginx's validating admission webhook (CheckIngress, internal/ingress/controller/controller.go),
 * for the check it makes by default: `strict-validate-path-type` (ConfigMap option, default true
 * since v1.12) denies an Exact or Prefix path that is not `/` followed by letters, digits, `.`, `_`,
 * `-` and `/` (inspector.ValidatePathType, internal/ingress/inspector/inspector.go and rules.go):
 * regular expressions belong in ImplementationSpecific paths. Ingresses of another class are let
 * through: the webhook ignores what its controller does not serve.
 */
import type { Ingress } from '../model/types';
import type { ClusterState } from '../state';
import type { FieldError } from '../validate/field-errors';
import { controllerPresent } from './controller';
import { ingressClassDecision } from './ingress-class';

/** The webhook's name in the chart's ValidatingWebhookConfiguration. */
export const NGINX_WEBHOOK = 'validate.nginx.ingress.kubernetes.io';

/** validPathType (rules.go): `(?i)^/[[:alnum:]._\-/]*$`. */
const VALID_PATH_TYPE = /^\/[A-Za-z0-9._\-/]*$/;

/** inspector.ValidatePathType: one message per offending path, in order (errors.Join). */
export function invalidPathTypes(ingress: Ingress): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  (ingress.spec.rules ?? []).forEach((rule, i) => {
    (rule.http?.paths ?? []).forEach((p, j) => {
      const path = p.path ?? '';
      if (path === '' || p.pathType === 'ImplementationSpecific') return;
      if (!VALID_PATH_TYPE.test(path)) {
        out.push({ field: `spec.rules[${i}].http.paths[${j}].path`, message: `path ${path} cannot be used with pathType ${p.pathType}` });
      }
    });
  });
  return out;
}

/**
 * The webhook's answer for an Ingress about to be stored: none, or the API server's error for a
 * denial (`admission webhook "<name>" denied the request: <reason>`), placed on the first bad path.
 */
export function ingressNginxAdmission(state: ClusterState, ingress: Ingress): FieldError[] {
  if (!controllerPresent(state)) return [];
  if (!ingressClassDecision(ingress, state.store.list('IngressClass'), true).served) return [];
  const invalid = invalidPathTypes(ingress);
  const [first] = invalid;
  if (!first) return [];
  const reason = `ingress contains invalid paths: ${invalid.map((e) => e.message).join('\n')}`;
  return [
    {
      field: first.field,
      type: 'FieldValueForbidden',
      severity: 'error',
      message: `admission webhook "${NGINX_WEBHOOK}" denied the request: ${reason}`,
    },
  ];
}
