/** Every kind the simulated API server serves, at which apiVersions, and how it is checked and stored. */
import * as schemas from '../model/schemas';
import type { Kind } from '../model/types';
import { fieldError } from '../validate/field-errors';
import { invalidEach } from '../validate/common';
import { validateEndpointSubsets } from '../validate/endpoints';
import { validateIngressCreate, validateIngressSpec } from '../validate/ingress';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../validate/names';
import { validatePodSpec } from '../validate/pod';
import { validateServiceSpec } from '../validate/service';
import { validateWorkloadSpec } from '../validate/workload';
import type { KindHandler } from './kind';
import { defineKind } from './kind';
import { admitPod } from './registry/pod';
import { admitService, prepareService, validateServiceUpdateAgainstStored } from './registry/service';
import { admitDeployment, admitReplicaSet } from './registry/workloads';
import * as gatewaySchemas from '../model/gateway-schemas';
import { validateGRPCRoute, validateGateway, validateGatewayClass, validateHTTPRoute, validateReferenceGrant } from '../validate/gateway';
import { admitGRPCRoute, admitGateway, admitGatewayClass, admitHTTPRoute, admitReferenceGrant } from './registry/gateway';
import { admitEndpointSlice, admitEndpoints, admitIngress, admitIngressClass, admitNamespace } from './registry/network';

const INGRESS_V1BETA1_WARNING =
  'networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress (simulated here as if converted)';

export const KINDS: readonly KindHandler[] = [
  defineKind({
    kind: 'Namespace',
    apiVersions: ['v1'],
    schema: () => schemas.namespaceSchema,
    nameCheck: isDNS1123Label, // ValidateNamespaceName
    validate: () => [],
    admit: admitNamespace,
  }),
  defineKind({
    kind: 'Service',
    apiVersions: ['v1'],
    schema: () => schemas.serviceSchema,
    nameCheck: isDNS1035Label, // ValidateServiceName: Service names become DNS labels
    prepare: prepareService,
    validate: validateServiceSpec,
    validateUpdate: validateServiceUpdateAgainstStored,
    // normalizeClusterIPs copies `clusterIP` into `clusterIPs`: errors there belong to the field written.
    writtenAs: { 'spec.clusterIPs': 'spec.clusterIP', 'spec.clusterIPs[0]': 'spec.clusterIP' },
    admit: admitService,
  }),
  defineKind({
    kind: 'Pod',
    apiVersions: ['v1'],
    schema: () => schemas.podSchema,
    nameCheck: isDNS1123Subdomain, // ValidatePodName
    validate: (pod) => validatePodSpec(pod.spec, 'spec', { requireImage: true }),
    admit: admitPod,
  }),
  defineKind({
    kind: 'Deployment',
    apiVersions: ['apps/v1'],
    schema: () => schemas.deploymentSchema,
    nameCheck: isDNS1123Subdomain,
    validate: (d) => validateWorkloadSpec(d.spec, 'deployment'),
    admit: admitDeployment,
  }),
  defineKind({
    kind: 'ReplicaSet',
    apiVersions: ['apps/v1'],
    schema: () => schemas.replicaSetSchema,
    nameCheck: isDNS1123Subdomain,
    validate: (rs) => validateWorkloadSpec(rs.spec, 'replicaset'),
    admit: admitReplicaSet,
  }),
  defineKind({
    kind: 'Endpoints',
    apiVersions: ['v1'],
    // Since Kubernetes 1.33 the API server sends this warning for every v1 Endpoints request.
    deprecated: { v1: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice' },
    schema: () => schemas.endpointsSchema,
    nameCheck: isDNS1123Subdomain, // ValidateEndpointsName
    validate: validateEndpointSubsets,
    admit: admitEndpoints,
  }),
  defineKind({
    kind: 'EndpointSlice',
    apiVersions: ['discovery.k8s.io/v1'],
    schema: () => schemas.endpointSliceSchema,
    nameCheck: isDNS1123Subdomain,
    validate: (slice) => {
      const type = slice.addressType ?? '';
      return ['IPv4', 'IPv6', 'FQDN'].includes(type) ? [] : [fieldError.notSupported('addressType', type, ['FQDN', 'IPv4', 'IPv6'])];
    },
    admit: admitEndpointSlice,
  }),
  defineKind({
    kind: 'Ingress',
    apiVersions: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'],
    deprecated: {
      'networking.k8s.io/v1beta1': INGRESS_V1BETA1_WARNING,
      'extensions/v1beta1': INGRESS_V1BETA1_WARNING.replace('networking.k8s.io/v1beta1', 'extensions/v1beta1').replace('v1.19+', 'v1.14+'),
    },
    schema: (apiVersion) => (apiVersion === 'networking.k8s.io/v1' ? schemas.ingressV1Schema : schemas.ingressV1beta1Schema),
    nameCheck: isDNS1123Subdomain,
    validate: (ingress, apiVersion) => validateIngressSpec(ingress.spec, apiVersion === 'networking.k8s.io/v1' ? 'v1' : 'v1beta1'),
    validateCreate: (ingress) => validateIngressCreate(ingress.metadata?.annotations, ingress.spec),
    admit: admitIngress,
  }),
  defineKind({
    kind: 'IngressClass',
    apiVersions: ['networking.k8s.io/v1'],
    schema: () => schemas.ingressClassSchema,
    nameCheck: isDNS1123Subdomain,
    validate: (ic) => {
      const controller = ic.spec?.controller ?? '';
      if (!controller) return [fieldError.required('spec.controller', '')];
      return invalidEach(
        'spec.controller',
        controller,
        controller.includes('/') ? [] : ['must be a domain-prefixed path (such as "acme.io/foo")'],
      );
    },
    admit: admitIngressClass,
  }),
  // Gateway API (kubernetes-sigs/gateway-api config/crd/standard): the versions each CRD serves,
  // the storage version first. The CRDs' validation is in validate/gateway.ts.
  defineKind({
    kind: 'GatewayClass',
    apiVersions: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    schema: () => gatewaySchemas.gatewayClassSchema,
    nameCheck: isDNS1123Subdomain,
    validate: validateGatewayClass,
    admit: admitGatewayClass,
  }),
  defineKind({
    kind: 'Gateway',
    apiVersions: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    schema: () => gatewaySchemas.gatewaySchema,
    nameCheck: isDNS1123Subdomain,
    validate: validateGateway,
    admit: admitGateway,
  }),
  defineKind({
    kind: 'HTTPRoute',
    apiVersions: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    schema: () => gatewaySchemas.httpRouteSchema,
    nameCheck: isDNS1123Subdomain,
    validate: validateHTTPRoute,
    admit: admitHTTPRoute,
  }),
  defineKind({
    kind: 'GRPCRoute',
    apiVersions: ['gateway.networking.k8s.io/v1'],
    schema: () => gatewaySchemas.grpcRouteSchema,
    nameCheck: isDNS1123Subdomain,
    validate: validateGRPCRoute,
    admit: admitGRPCRoute,
  }),
  defineKind({
    kind: 'ReferenceGrant',
    apiVersions: ['gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1'],
    schema: () => gatewaySchemas.referenceGrantSchema,
    nameCheck: isDNS1123Subdomain,
    validate: validateReferenceGrant,
    admit: admitReferenceGrant,
  }),
];

export function kindHandler(kind: string): KindHandler | undefined {
  return KINDS.find((k) => k.kind === kind);
}

export const SUPPORTED_KINDS: readonly Kind[] = KINDS.map((k) => k.kind);
