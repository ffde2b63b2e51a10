/**
 * Which controller serves an Ingress.
 *
 * - The API server's DefaultIngressClass admission plugin
 *   (plugin/pkg/admission/network/defaultingressclass/admission.go) sets `spec.ingressClassName`
 *   on create when neither it nor the `kubernetes.io/ingress.class` annotation is set, to the
 *   IngressClass annotated `ingressclass.kubernetes.io/is-default-class: "true"` (the newest one
 *   when several are, ties broken by name).
 * - ingress-nginx (internal/ingress/controller/store, ingressclass) serves an Ingress whose
 *   deprecated `kubernetes.io/ingress.class` annotation equals its `--ingress-class` (`nginx`);
 *   otherwise one whose `spec.ingressClassName` names an IngressClass with
 *   `spec.controller: k8s.io/ingress-nginx`. An Ingress with no class at all is ignored (unless
 *   `--watch-ingress-without-class`, which is off by default).
 */
import type { Ingress, IngressClass } from '../model/types';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** ingress-nginx's --ingress-class default, the value the deprecated annotation must have. */
export const NGINX_CLASS_NAME = 'nginx';

/** The default IngressClass, as the admission plugin picks it. */
export function defaultIngressClass(classes: readonly IngressClass[]): IngressClass | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => {
    const ta = a.metadata.creationTimestamp;
    const tb = b.metadata.creationTimestamp;
    if (ta !== tb) return ta > tb ? -1 : 1; // newest first
    return a.metadata.name < b.metadata.name ? -1 : 1;
  });
  return defaults[0];
}

export type ClassDecision = { served: true; why: string } | { served: false; why: string; className?: string };

export function ingressClassDecision(ingress: Ingress, classes: readonly IngressClass[], controllerPresent: boolean): ClassDecision {
  const annotation = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (!controllerPresent) {
    const className = annotation ?? ingress.spec.ingressClassName;
    return {
      served: false,
      why: 'the cluster has no ingress controller (option ingressController: none)',
      ...(className ? { className } : {}),
    };
  }
  if (annotation !== undefined) {
    return annotation === NGINX_CLASS_NAME
      ? { served: true, why: `annotation ${INGRESS_CLASS_ANNOTATION}: ${annotation}` }
      : {
          served: false,
          className: annotation,
          why: `annotation ${INGRESS_CLASS_ANNOTATION}: "${annotation}" is not ingress-nginx's class "${NGINX_CLASS_NAME}"`,
        };
  }
  const name = ingress.spec.ingressClassName;
  if (name === undefined) {
    return {
      served: false,
      why: 'it has no ingressClassName, and no IngressClass was the default when it was created; ingress-nginx ignores Ingresses without a class',
    };
  }
  const ingressClass = classes.find((c) => c.metadata.name === name);
  if (!ingressClass) return { served: false, className: name, why: `IngressClass "${name}" does not exist` };
  if (ingressClass.spec.controller !== NGINX_CONTROLLER) {
    return {
      served: false,
      className: name,
      why: `IngressClass "${name}" belongs to controller ${ingressClass.spec.controller ?? '(none)'}, which does not run in this cluster`,
    };
  }
  return { served: true, why: `ingressClassName: ${name} (controller ${NGINX_CONTROLLER})` };
}
