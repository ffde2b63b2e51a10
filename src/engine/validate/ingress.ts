/**
 * Ingress checks from kubernetes/pkg/apis/networking/validation/validation.go
 * (ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath, validateIngressBackend,
 * and ValidateIngressCreate's class annotation check).
 * networking.k8s.io/v1beta1 objects (the seed's 13-8 and 13-9) are checked with the same rules,
 * with errors placed on the fields they spell (`backend.serviceName`, `backend.servicePort`).
 */
import type { IngressV1Input, IngressV1beta1Input } from '../model/schemas';
import type { FieldError } from './field-errors';
import { fieldError } from './field-errors';
import { invalidEach } from './common';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain } from './names';
import { isIP } from '../net/ipv4';
import { INGRESS_CLASS_ANNOTATION } from '../ingress/ingress-class';

export const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'] as const;
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

type V1Backend = NonNullable<NonNullable<IngressV1Input['spec']>['defaultBackend']>;
type V1beta1Backend = NonNullable<NonNullable<IngressV1beta1Input['spec']>['backend']>;

function validateServiceName(name: string | undefined, path: string): FieldError[] {
  if (!name) return [fieldError.required(path, '')];
  return invalidEach(path, name, isDNS1035Label(name));
}

function validateResource(resource: { kind?: string; name?: string }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!resource.kind) errs.push(fieldError.required(`${path}.kind`, ''));
  if (!resource.name) errs.push(fieldError.required(`${path}.name`, ''));
  return errs;
}

export function validateBackendV1(backend: V1Backend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (backend.resource && backend.service) return [fieldError.invalid(path, '', 'cannot set both resource and service backends')];
  if (backend.resource) return validateResource(backend.resource, `${path}.resource`);
  if (!backend.service) return [fieldError.invalid(path, '', 'resource or service backend is required')];
  errs.push(...validateServiceName(backend.service.name, `${path}.service.name`));
  const portName = backend.service.port?.name ?? '';
  const portNumber = backend.service.port?.number ?? 0;
  if (portName && portNumber) errs.push(fieldError.invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidEach(`${path}.service.port.name`, portName, isValidPortName(portName)));
  else if (portNumber) errs.push(...invalidEach(`${path}.service.port.number`, portNumber, isValidPortNum(portNumber)));
  else errs.push(fieldError.required(path, 'port name or number is required'));
  return errs;
}

/**
 * networking.k8s.io/v1beta1 backends are converted to v1 before validation
 * (Convert_v1beta1_IngressBackend_To_networking_IngressBackend): `serviceName`/`servicePort` make
 * a service backend, and validateIngressBackend words its errors on the v1beta1 field names
 * (serviceNameFieldPath, numberPortField, namedPortField). A missing port is reported on the
 * backend itself, as in v1.
 */
export function validateBackendV1beta1(backend: V1beta1Backend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const port = backend.servicePort;
  const hasService = (backend.serviceName ?? '') !== '' || (port !== undefined && port !== 0 && port !== '');
  if (backend.resource && hasService) return [fieldError.invalid(path, '', 'cannot set both resource and service backends')];
  if (backend.resource) return validateResource(backend.resource, `${path}.resource`);
  if (!hasService) return [fieldError.invalid(path, '', 'resource or service backend is required')];
  errs.push(...validateServiceName(backend.serviceName, `${path}.serviceName`));
  if (port === undefined || port === 0 || port === '') errs.push(fieldError.required(path, 'port name or number is required'));
  else if (typeof port === 'string') errs.push(...invalidEach(`${path}.servicePort`, port, isValidPortName(port)));
  else errs.push(...invalidEach(`${path}.servicePort`, port, isValidPortNum(port)));
  return errs;
}

function validateHost(host: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isIP(host)) errs.push(fieldError.invalid(path, host, 'must be a DNS name, not an IP address'));
  if (host.includes('*')) errs.push(...invalidEach(path, host, isWildcardDNS1123Subdomain(host)));
  else errs.push(...invalidEach(path, host, isDNS1123Subdomain(host)));
  return errs;
}

function validatePath(path: string | undefined, pathType: string | undefined, at: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = path ?? '';
  if (pathType === undefined) return [fieldError.required(`${at}.pathType`, 'pathType must be specified')];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!p.startsWith('/')) errs.push(fieldError.invalid(`${at}.path`, p, 'must be an absolute path'));
    for (const seq of INVALID_PATH_SEQUENCES) {
      if (p.includes(seq)) errs.push(fieldError.invalid(`${at}.path`, p, `must not contain '${seq}'`));
    }
    for (const suffix of INVALID_PATH_SUFFIXES) {
      if (p.endsWith(suffix)) errs.push(fieldError.invalid(`${at}.path`, p, `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (p.length > 0 && !p.startsWith('/')) errs.push(fieldError.invalid(`${at}.path`, p, 'must be an absolute path'));
  } else {
    errs.push(fieldError.notSupported(`${at}.pathType`, pathType, PATH_TYPES));
  }
  return errs;
}

type AnySpec = NonNullable<IngressV1Input['spec']> | NonNullable<IngressV1beta1Input['spec']>;

export function validateIngressSpec(spec: AnySpec | undefined, version: 'v1' | 'v1beta1'): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec ?? {};
  const defaultKey = version === 'v1' ? 'defaultBackend' : 'backend';
  const defaultBackend = (s as Record<string, unknown>)[defaultKey];
  const rules = s.rules ?? [];
  if (rules.length === 0 && defaultBackend === undefined) {
    // field.Invalid(spec, spec.Rules, ...): Go prints the empty rules slice with %#v.
    const rendered = s.rules === undefined ? '[]networking.IngressRule(nil)' : '[]networking.IngressRule{}';
    errs.push(fieldError.invalidRendered('spec', rendered, `either \`${defaultKey}\` or \`rules\` must be specified`, s.rules ?? null));
  }
  const checkBackend = (backend: unknown, at: string): FieldError[] =>
    version === 'v1' ? validateBackendV1(backend as V1Backend, at) : validateBackendV1beta1(backend as V1beta1Backend, at);
  if (defaultBackend !== undefined) errs.push(...checkBackend(defaultBackend, `spec.${defaultKey}`));
  rules.forEach((rule, i) => {
    const at = `spec.rules[${i}]`;
    if (rule.host) errs.push(...validateHost(rule.host, `${at}.host`));
    if (rule.http) {
      const paths = rule.http.paths ?? [];
      if (paths.length === 0) errs.push(fieldError.required(`${at}.http.paths`, ''));
      paths.forEach((p, j) => {
        const pathAt = `${at}.http.paths[${j}]`;
        // networking.k8s.io/v1beta1 defaults pathType to ImplementationSpecific (SetDefaults_HTTPIngressPath).
        const pathType = p.pathType ?? (version === 'v1beta1' ? 'ImplementationSpecific' : undefined);
        errs.push(...validatePath(p.path, pathType, pathAt));
        // validateHTTPIngressPath returns at a missing pathType, before looking at the backend.
        if (pathType !== undefined) errs.push(...checkBackend(p.backend, `${pathAt}.backend`));
      });
    }
  });
  (s.tls ?? []).forEach((tls, i) => {
    (tls.hosts ?? []).forEach((host, j) => {
      const at = `spec.tls[${i}].hosts[${j}]`;
      if (host.includes('*')) errs.push(...invalidEach(at, host, isWildcardDNS1123Subdomain(host)));
      else errs.push(...invalidEach(at, host, isDNS1123Subdomain(host)));
    });
  });
  // `if spec.IngressClassName != nil`: an empty ingressClassName is checked (and fails) too.
  if (s.ingressClassName !== undefined) {
    errs.push(...invalidEach('spec.ingressClassName', s.ingressClassName, isDNS1123Subdomain(s.ingressClassName)));
  }
  return errs;
}

/**
 * ValidateIngressCreate (pkg/apis/networking/validation/validation.go): on create only, the
 * deprecated `kubernetes.io/ingress.class` annotation and `spec.ingressClassName` may both be set
 * only if they are equal. The error names the path `annotations.kubernetes.io/ingress.class`
 * (field.NewPath("annotations").Child(annotationIngressClass), without `metadata.`) and is placed
 * on the annotation's value. ValidateIngressUpdate has no such check: an update may make them
 * differ (ingress-nginx then goes by the annotation).
 */
export function validateIngressCreate(annotations: Readonly<Record<string, string>> | undefined, spec: AnySpec | undefined): FieldError[] {
  const annotation = annotations?.[INGRESS_CLASS_ANNOTATION];
  const className = spec?.ingressClassName;
  if (annotation === undefined || className === undefined || annotation === className) return [];
  return [
    {
      ...fieldError.invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'),
      at: `metadata.annotations[${INGRESS_CLASS_ANNOTATION}]`,
    },
  ];
}
