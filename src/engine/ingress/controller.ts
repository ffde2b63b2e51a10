/**
 * The ingress controller of the simulated cluster: ingress-nginx as its official Helm chart
 * installs it (namespace `ingress-nginx`, Deployment and Service `ingress-nginx-controller`,
 * labels app.kubernetes.io/name=ingress-nginx, app.kubernetes.io/component=controller).
 */
import type { Ingress, Pod, Service } from '../model/types';
import type { ClusterState } from '../state';
import { matchesSet } from '../util/labels';
import { namespacedName } from '../model/meta';

export const CONTROLLER_NAMESPACE = 'ingress-nginx';
export const CONTROLLER_NAME = 'ingress-nginx-controller';
export const CONTROLLER_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

/** nginx.ingress.kubernetes.io annotations the simulation reads (docs/user-guide/nginx-configuration/annotations.md). */
export const ANNOTATIONS = {
  rewriteTarget: 'nginx.ingress.kubernetes.io/rewrite-target',
  useRegex: 'nginx.ingress.kubernetes.io/use-regex',
  sslRedirect: 'nginx.ingress.kubernetes.io/ssl-redirect',
  forceSslRedirect: 'nginx.ingress.kubernetes.io/force-ssl-redirect',
} as const;

/** Where the deprecated class annotation sits, for diagnostics (its key has dots: the field path quotes it). */
export const INGRESS_CLASS_ANNOTATION_FIELD = { key: 'kubernetes.io/ingress.class', field: 'metadata.annotations' } as const;

export interface IngressAnnotations {
  rewriteTarget?: string;
  useRegex: boolean;
  /** ssl-redirect defaults to true: http to a host with TLS gets a 308 to https. */
  sslRedirect: boolean;
  forceSslRedirect: boolean;
}

export function annotationsOf(ingress: Ingress): IngressAnnotations {
  const a = ingress.metadata.annotations ?? {};
  const rewriteTarget = a[ANNOTATIONS.rewriteTarget];
  return {
    ...(rewriteTarget !== undefined && rewriteTarget !== '' ? { rewriteTarget } : {}),
    useRegex: a[ANNOTATIONS.useRegex] === 'true',
    sslRedirect: a[ANNOTATIONS.sslRedirect] !== 'false',
    forceSslRedirect: a[ANNOTATIONS.forceSslRedirect] === 'true',
  };
}

export function controllerPresent(state: ClusterState): boolean {
  return state.options.ingressController !== 'none';
}

export function isControllerPod(pod: Pod): boolean {
  return pod.metadata.namespace === CONTROLLER_NAMESPACE && matchesSet(CONTROLLER_LABELS, pod.metadata.labels);
}

export function controllerService(state: ClusterState): Service | undefined {
  return controllerPresent(state) ? state.store.get('Service', CONTROLLER_NAME, CONTROLLER_NAMESPACE) : undefined;
}

export function controllerPods(state: ClusterState): Pod[] {
  return state.store.list('Pod', CONTROLLER_NAMESPACE).filter(isControllerPod);
}

export function ingressKey(ingress: Ingress): string {
  return namespacedName(ingress);
}
