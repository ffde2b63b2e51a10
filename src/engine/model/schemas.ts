/**
 * The shape of each supported kind, as the API server decodes it (types only; the semantic
 * rules live in validate/). One schema serves three ends: decoding user YAML with type errors,
 * TypeScript types for what was decoded, and JSON Schemas for the editor (z.toJSONSchema).
 *
 * Objects are `looseObject`: fields we do not simulate are kept, and unknown fields are reported
 * separately as warnings (see decode/unknown-fields.ts), so a typo never makes an object vanish.
 */
import { z } from 'zod';

const int = z.number().int();
const stringMap = z.record(z.string(), z.string());
export const intOrString = z.union([int, z.string()]);
const anything = z.unknown();

export const protocolSchema = z.string().describe('TCP (default), UDP or SCTP');

export const ownerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const objectMetaSchema = z.looseObject({
  name: z.string().optional().describe('Unique within the namespace; part of DNS names for Services'),
  generateName: z.string().optional(),
  namespace: z.string().optional().describe('Defaults to "default"'),
  labels: stringMap.optional().describe('Selected by Services and Deployments'),
  annotations: stringMap.optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: int.optional(),
  creationTimestamp: z.union([z.string(), z.null()]).optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: int.optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
  managedFields: anything.optional(),
  selfLink: z.string().optional(),
});

const typeMeta = { apiVersion: z.string(), kind: z.string(), metadata: objectMetaSchema.optional() };

// ---- Service -------------------------------------------------------------------------------

export const servicePortSchema = z.looseObject({
  name: z.string().optional().describe('Required when the Service has more than one port; becomes the SRV record name'),
  protocol: protocolSchema.optional(),
  appProtocol: z.string().optional(),
  port: int.describe('The port the Service listens on (its ClusterIP:port)'),
  targetPort: intOrString.optional().describe('The pod port (number or container port name); defaults to port'),
  nodePort: int.optional().describe('The port opened on every node for NodePort/LoadBalancer Services'),
});

export const loadBalancerIngressSchema = z.looseObject({
  ip: z.string().optional(),
  hostname: z.string().optional(),
  ipMode: z.string().optional(),
  ports: anything.optional(),
});

export const serviceSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      type: z.string().optional().describe('ClusterIP (default), NodePort, LoadBalancer or ExternalName'),
      selector: stringMap.optional().describe('Pods with these labels become the endpoints'),
      ports: z.array(servicePortSchema).optional(),
      clusterIP: z.string().optional().describe('Allocated from the service CIDR when empty; "None" makes a headless Service'),
      clusterIPs: z.array(z.string()).optional(),
      externalIPs: z.array(z.string()).optional(),
      externalName: z.string().optional().describe('The DNS name an ExternalName Service is a CNAME for'),
      externalTrafficPolicy: z.string().optional().describe('Cluster (default) or Local'),
      internalTrafficPolicy: z.string().optional(),
      healthCheckNodePort: int.optional(),
      sessionAffinity: z.string().optional().describe('None (default) or ClientIP'),
      sessionAffinityConfig: z.looseObject({ clientIP: z.looseObject({ timeoutSeconds: int.optional() }).optional() }).optional(),
      loadBalancerIP: z.string().optional(),
      loadBalancerSourceRanges: z.array(z.string()).optional(),
      loadBalancerClass: z.string().optional(),
      allocateLoadBalancerNodePorts: z.boolean().optional(),
      publishNotReadyAddresses: z.boolean().optional(),
      ipFamilies: z.array(z.string()).optional(),
      ipFamilyPolicy: z.string().optional(),
      trafficDistribution: z.string().optional(),
    })
    .optional(),
  status: z
    .looseObject({
      loadBalancer: z.looseObject({ ingress: z.array(loadBalancerIngressSchema).optional() }).optional(),
      conditions: anything.optional(),
    })
    .optional(),
});

// ---- Pod -----------------------------------------------------------------------------------

export const containerPortSchema = z.looseObject({
  name: z.string().optional(),
  containerPort: int,
  protocol: protocolSchema.optional(),
  hostPort: int.optional(),
  hostIP: z.string().optional(),
});

export const probeSchema = z.looseObject({
  httpGet: anything.optional(),
  tcpSocket: anything.optional(),
  exec: anything.optional(),
  grpc: anything.optional(),
  initialDelaySeconds: int.optional(),
  periodSeconds: int.optional(),
  timeoutSeconds: int.optional(),
  successThreshold: int.optional(),
  failureThreshold: int.optional(),
  terminationGracePeriodSeconds: int.optional(),
});

export const containerSchema = z.looseObject({
  name: z.string().optional(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(containerPortSchema).optional(),
  env: anything.optional(),
  envFrom: anything.optional(),
  resources: anything.optional(),
  resizePolicy: anything.optional(),
  restartPolicy: z.string().optional(),
  volumeMounts: anything.optional(),
  volumeDevices: anything.optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  lifecycle: anything.optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: anything.optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
});

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema).optional(),
  initContainers: z.array(containerSchema).optional(),
  ephemeralContainers: anything.optional(),
  volumes: anything.optional(),
  restartPolicy: z.string().optional(),
  terminationGracePeriodSeconds: int.optional(),
  activeDeadlineSeconds: int.optional(),
  dnsPolicy: z.string().optional(),
  dnsConfig: anything.optional(),
  nodeSelector: stringMap.optional(),
  nodeName: z.string().optional().describe('Pins the pod to a node; otherwise the scheduler spreads pods'),
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  shareProcessNamespace: z.boolean().optional(),
  securityContext: anything.optional(),
  imagePullSecrets: anything.optional(),
  hostname: z.string().optional().describe('With subdomain, gives the pod a DNS name under a headless Service'),
  subdomain: z.string().optional(),
  setHostnameAsFQDN: z.boolean().optional(),
  affinity: anything.optional(),
  schedulerName: z.string().optional(),
  tolerations: anything.optional(),
  hostAliases: anything.optional(),
  priorityClassName: z.string().optional(),
  priority: int.optional(),
  preemptionPolicy: z.string().optional(),
  readinessGates: anything.optional(),
  runtimeClassName: z.string().optional(),
  enableServiceLinks: z.boolean().optional().describe('false: no Service environment variables are injected'),
  overhead: anything.optional(),
  topologySpreadConstraints: anything.optional(),
  os: anything.optional(),
  hostUsers: z.boolean().optional(),
  schedulingGates: anything.optional(),
  resourceClaims: anything.optional(),
  resources: anything.optional(),
});

export const podConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  lastProbeTime: anything.optional(),
  lastTransitionTime: anything.optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const podSchema = z.looseObject({
  ...typeMeta,
  spec: podSpecSchema.optional(),
  status: z
    .looseObject({
      phase: z.string().optional(),
      conditions: z.array(podConditionSchema).optional(),
      podIP: z.string().optional(),
      podIPs: anything.optional(),
      hostIP: z.string().optional(),
      hostIPs: anything.optional(),
      startTime: anything.optional(),
      containerStatuses: anything.optional(),
      initContainerStatuses: anything.optional(),
      ephemeralContainerStatuses: anything.optional(),
      qosClass: z.string().optional(),
      message: z.string().optional(),
      reason: z.string().optional(),
      nominatedNodeName: z.string().optional(),
      observedGeneration: anything.optional(),
      resize: anything.optional(),
    })
    .optional(),
});

export const podTemplateSchema = z.looseObject({
  metadata: objectMetaSchema.optional(),
  spec: podSpecSchema.optional(),
});

// ---- Deployment / ReplicaSet ---------------------------------------------------------------

export const labelSelectorSchema = z.looseObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z.array(z.looseObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
});

const workloadSpec = {
  replicas: int.optional().describe('Number of pods (default 1)'),
  selector: labelSelectorSchema.optional(),
  template: podTemplateSchema.optional(),
  minReadySeconds: int.optional(),
};

export const deploymentSchema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      ...workloadSpec,
      strategy: anything.optional(),
      revisionHistoryLimit: int.optional(),
      paused: z.boolean().optional(),
      progressDeadlineSeconds: int.optional(),
    })
    .optional(),
  status: anything.optional(),
});

export const replicaSetSchema = z.looseObject({
  ...typeMeta,
  spec: z.looseObject(workloadSpec).optional(),
  status: anything.optional(),
});

// ---- Endpoints / EndpointSlice -------------------------------------------------------------

export const objectReferenceSchema = z.looseObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});

export const endpointAddressSchema = z.looseObject({
  ip: z.string().optional(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: objectReferenceSchema.optional(),
});

export const endpointPortSchema = z.looseObject({
  name: z.string().optional(),
  port: int,
  protocol: protocolSchema.optional(),
  appProtocol: z.string().optional(),
});

export const endpointsSchema = z.looseObject({
  ...typeMeta,
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(endpointAddressSchema).optional(),
        notReadyAddresses: z.array(endpointAddressSchema).optional(),
        ports: z.array(endpointPortSchema).optional(),
      }),
    )
    .optional(),
});

export const endpointSliceSchema = z.looseObject({
  ...typeMeta,
  addressType: z.string().optional(),
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()),
        conditions: z
          .looseObject({ ready: z.boolean().optional(), serving: z.boolean().optional(), terminating: z.boolean().optional() })
          .optional(),
        hostname: z.string().optional(),
        targetRef: objectReferenceSchema.optional(),
        nodeName: z.string().optional(),
        zone: z.string().optional(),
        hints: z
          .looseObject({
            forZones: z.array(z.looseObject({ name: z.string() })).optional(),
            forNodes: z.array(z.looseObject({ name: z.string() })).optional(),
          })
          .optional(),
        deprecatedTopology: anything.optional(),
      }),
    )
    .optional(),
  ports: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        protocol: protocolSchema.optional(),
        port: int.optional(),
        appProtocol: z.string().optional(),
      }),
    )
    .optional(),
});

// ---- Namespace -----------------------------------------------------------------------------

export const namespaceSchema = z.looseObject({
  ...typeMeta,
  spec: z.looseObject({ finalizers: z.array(z.string()).optional() }).optional(),
  status: anything.optional(),
});

// ---- Ingress / IngressClass ----------------------------------------------------------------

export const ingressServiceBackendSchema = z.looseObject({
  name: z.string().optional(),
  port: z.looseObject({ name: z.string().optional(), number: int.optional() }).optional(),
});

export const typedLocalObjectReferenceSchema = z.looseObject({
  apiGroup: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
});

/** networking.k8s.io/v1 IngressBackend */
export const ingressBackendV1Schema = z.looseObject({
  service: ingressServiceBackendSchema.optional(),
  resource: typedLocalObjectReferenceSchema.optional(),
});

/** networking.k8s.io/v1beta1 IngressBackend, as the seed's examples 13-8 and 13-9 use it */
export const ingressBackendV1beta1Schema = z.looseObject({
  serviceName: z.string().optional(),
  servicePort: intOrString.optional(),
  resource: typedLocalObjectReferenceSchema.optional(),
});

function ingressRules<B extends z.ZodType>(backend: B) {
  return z
    .array(
      z.looseObject({
        host: z.string().optional(),
        http: z
          .looseObject({
            paths: z.array(z.looseObject({ path: z.string().optional(), pathType: z.string().optional(), backend })),
          })
          .optional(),
      }),
    )
    .optional();
}

const ingressTLS = z.array(z.looseObject({ hosts: z.array(z.string()).optional(), secretName: z.string().optional() })).optional();

const ingressStatus = z
  .looseObject({ loadBalancer: z.looseObject({ ingress: z.array(loadBalancerIngressSchema).optional() }).optional() })
  .optional();

export const ingressV1Schema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      ingressClassName: z.string().optional(),
      defaultBackend: ingressBackendV1Schema.optional(),
      tls: ingressTLS,
      rules: ingressRules(ingressBackendV1Schema),
    })
    .optional(),
  status: ingressStatus,
});

export const ingressV1beta1Schema = z.looseObject({
  ...typeMeta,
  spec: z
    .looseObject({
      ingressClassName: z.string().optional(),
      backend: ingressBackendV1beta1Schema.optional(),
      tls: ingressTLS,
      rules: ingressRules(ingressBackendV1beta1Schema),
    })
    .optional(),
  status: ingressStatus,
});

export const ingressClassSchema = z.looseObject({
  ...typeMeta,
  spec: z.looseObject({ controller: z.string().optional(), parameters: anything.optional() }).optional(),
});

export type ServiceInput = z.infer<typeof serviceSchema>;
export type PodInput = z.infer<typeof podSchema>;
export type PodSpecInput = z.infer<typeof podSpecSchema>;
export type DeploymentInput = z.infer<typeof deploymentSchema>;
export type ReplicaSetInput = z.infer<typeof replicaSetSchema>;
export type EndpointsInput = z.infer<typeof endpointsSchema>;
export type EndpointSliceInput = z.infer<typeof endpointSliceSchema>;
export type NamespaceInput = z.infer<typeof namespaceSchema>;
export type IngressV1Input = z.infer<typeof ingressV1Schema>;
export type IngressV1beta1Input = z.infer<typeof ingressV1beta1Schema>;
export type IngressClassInput = z.infer<typeof ingressClassSchema>;
export type LabelSelectorInput = z.infer<typeof labelSelectorSchema>;
