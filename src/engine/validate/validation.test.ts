/**
 * Table-driven validation tests: each invalid object is rejected (or warned about) with the
 * field path and message the Kubernetes API server would give, located at the line and column of
 * the offending value (or, for a missing field, of the nearest parent key present in the text).
 *
 * Line and column are 1-based and counted by hand in the YAML below; the `yaml` tag drops the
 * newline after the backtick and the common indentation, so line 1 is the `apiVersion:` line and
 * column 1 the left edge of the manifest.
 *
 * Kubernetes sources cited in case names are paths in kubernetes/kubernetes (staging/src/k8s.io/...
 * for apimachinery and apiserver).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClusterOptions, Diagnostic, Kind } from '../index';
import { createCluster } from '../index';
import { yaml } from '../test-support/yaml';

interface ObjectRef {
  kind: Kind;
  name: string;
  namespace?: string;
}

interface Case {
  /** What is wrong, and the Kubernetes source whose behaviour the case follows. */
  name: string;
  yaml: string;
  options?: ClusterOptions;
  field: string;
  /** The whole message (`message`) or a distinctive part of it (`contains`). */
  message?: string;
  contains?: string;
  /**
   * Kubernetes words this message without the field path in front: a kubectl or decoding error
   * (NoKindMatchError, "Object 'Kind' is missing"), an admission error (namespaces "x" not found)
   * or an API warning (unknown field, deprecated apiVersion). Every other message is a
   * field.Error, `<field>: <type>: <detail>` (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go).
   */
  bare?: true;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** How many error diagnostics the text gives in all (default: 1 for an error case, 0 for a warning case). */
  errors?: number;
  /** Objects that must not exist afterwards: an error means the API server rejected the object. */
  rejected?: ObjectRef[];
  /** Objects that must exist afterwards: a warning alone does not stop an object. */
  stored?: ObjectRef[];
}

const DNS1035_DETAIL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const RFC1123_LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters';
const RFC1123_SUBDOMAIN = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters';

const cases: Case[] = [
  // ---------------------------------------------------------------- Service: names and ports
  {
    name: 'Service: uppercase name is not a DNS-1035 label (pkg/apis/core/validation/validation.go ValidateServiceName = NameIsDNS1035Label)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: Web
      spec:
        ports:
        - port: 80
    `,
    field: 'metadata.name',
    message: `metadata.name: Invalid value: "Web": ${DNS1035_DETAIL}`,
    line: 4,
    column: 9,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'Web' }],
  },
  {
    name: 'Service: name starting with a digit is not a DNS-1035 label (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDNS1035Label)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: 1web
      spec:
        ports:
        - port: 80
    `,
    field: 'metadata.name',
    message: `metadata.name: Invalid value: "1web": ${DNS1035_DETAIL}`,
    line: 4,
    column: 9,
    severity: 'error',
    rejected: [{ kind: 'Service', name: '1web' }],
  },
  {
    name: 'Service: port 0, and the targetPort SetDefaults_Service copies from it (pkg/apis/core/validation/validation.go validateServicePort, IsValidPortNum)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 0
    `,
    field: 'spec.ports[0].port',
    message: 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    line: 7,
    column: 11,
    errors: 2,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Service: port 70000, and the targetPort SetDefaults_Service copies from it (pkg/apis/core/validation/validation.go validateServicePort, IsValidPortNum)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 70000
    `,
    field: 'spec.ports[0].port',
    message: 'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    line: 7,
    column: 11,
    errors: 2,
    severity: 'error',
  },
  {
    name: 'Service: missing port name on a multi-port Service, placed on the port item (pkg/apis/core/validation/validation.go validateServicePort requireName)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - name: http
          port: 80
        - port: 443
    `,
    field: 'spec.ports[1].name',
    message: 'spec.ports[1].name: Required value',
    line: 9,
    column: 5,
    severity: 'error',
  },
  {
    name: 'Service: duplicate port name (pkg/apis/core/validation/validation.go validateServicePort)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - name: http
          port: 80
        - name: http
          port: 8080
    `,
    field: 'spec.ports[1].name',
    message: 'spec.ports[1].name: Duplicate value: "http"',
    line: 9,
    column: 11,
    severity: 'error',
  },
  {
    name: 'Service: duplicate port+protocol, printed as Go prints the core.ServicePort key (pkg/apis/core/validation/validation.go ValidateService)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - name: http
          port: 80
        - name: web
          port: 80
    `,
    field: 'spec.ports[1]',
    message:
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    line: 9,
    column: 5,
    severity: 'error',
  },
  {
    name: 'Service: unsupported protocol (pkg/apis/core/validation/validation.go validateServicePort, supportedPortProtocols)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 80
          protocol: HTTP
    `,
    field: 'spec.ports[0].protocol',
    message: 'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    line: 8,
    column: 15,
    severity: 'error',
  },
  {
    name: 'Service: targetPort name with an underscore (pkg/apis/core/validation/validation.go ValidatePortNumOrName, IsValidPortName)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 80
          targetPort: http_web
    `,
    field: 'spec.ports[0].targetPort',
    message: 'spec.ports[0].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    line: 8,
    column: 17,
    severity: 'error',
  },
  {
    name: 'Service: targetPort name longer than 15 characters (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsValidPortName)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 80
          targetPort: metrics-endpoint
    `,
    field: 'spec.ports[0].targetPort',
    message: 'spec.ports[0].targetPort: Invalid value: "metrics-endpoint": must be no more than 15 characters',
    line: 8,
    column: 17,
    severity: 'error',
  },
  {
    name: 'Service: no ports on a ClusterIP Service, placed on spec (pkg/apis/core/validation/validation.go ValidateService)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
    `,
    field: 'spec.ports',
    message: 'spec.ports: Required value',
    line: 5,
    column: 1,
    severity: 'error',
  },
  {
    name: 'Service: unsupported type (pkg/apis/core/validation/validation.go ValidateService, supportedServiceType)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: Ingress
        ports:
        - port: 80
    `,
    field: 'spec.type',
    message: 'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    line: 6,
    column: 9,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Service: node ports
  {
    name: "Service: nodePort on a ClusterIP Service is Forbidden (pkg/apis/core/validation/validation.go ValidateService, type 'ClusterIP')",
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 80
          nodePort: 30080
    `,
    field: 'spec.ports[0].nodePort',
    message: "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    line: 8,
    column: 15,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Service: nodePort outside 30000-32767 (pkg/registry/core/service/portallocator/allocator.go ErrNotInRange, via storage/alloc.go)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: NodePort
        ports:
        - port: 80
          nodePort: 8080
    `,
    field: 'spec.ports[0].nodePort',
    message:
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    line: 9,
    column: 15,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Service: nodePort already allocated by an earlier Service (pkg/registry/core/service/portallocator/allocator.go ErrAllocated)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: a
      spec:
        type: NodePort
        ports:
        - port: 80
          nodePort: 30080
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: b
      spec:
        type: NodePort
        ports:
        - port: 80
          nodePort: 30080
    `,
    field: 'spec.ports[0].nodePort',
    message: 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    line: 19,
    column: 15,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'b' }],
    stored: [{ kind: 'Service', name: 'a' }],
  },
  // ---------------------------------------------------------------- Service: cluster IPs
  {
    name: 'Service: clusterIP outside the service CIDR (pkg/registry/core/service/ipallocator ErrNotInRange, via storage/alloc.go)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        clusterIP: 10.0.0.50
        ports:
        - port: 80
    `,
    field: 'spec.clusterIPs',
    message:
      'spec.clusterIPs: Invalid value: []string{"10.0.0.50"}: failed to allocate IP 10.0.0.50: the provided IP (10.0.0.50) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    line: 6,
    column: 14,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Service: clusterIP already allocated by an earlier Service (pkg/registry/core/service/ipallocator ErrAllocated)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: a
      spec:
        clusterIP: 10.100.0.50
        ports:
        - port: 80
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: b
      spec:
        clusterIP: 10.100.0.50
        ports:
        - port: 80
    `,
    field: 'spec.clusterIPs',
    message: 'spec.clusterIPs: Invalid value: []string{"10.100.0.50"}: failed to allocate IP 10.100.0.50: provided IP is already allocated',
    line: 15,
    column: 14,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'b' }],
    stored: [{ kind: 'Service', name: 'a' }],
  },
  {
    name: 'Service: clusterIP that is not an IP (pkg/apis/core/validation/validation.go ValidateServiceClusterIPsRelatedFields, IsValidIP)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        clusterIP: not-an-ip
        ports:
        - port: 80
    `,
    field: 'spec.clusterIPs[0]',
    message: 'spec.clusterIPs[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    line: 6,
    column: 14,
    severity: 'error',
  },
  {
    name: 'Service: clusterIP None with type NodePort (pkg/apis/core/validation/validation.go ValidateService, isHeadlessService)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: NodePort
        clusterIP: None
        ports:
        - port: 80
    `,
    field: 'spec.clusterIPs[0]',
    message: `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    line: 7,
    column: 14,
    severity: 'error',
  },
  {
    name: 'Service: clusterIP None with type LoadBalancer (pkg/apis/core/validation/validation.go ValidateService, isHeadlessService)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: LoadBalancer
        clusterIP: None
        ports:
        - port: 80
    `,
    field: 'spec.clusterIPs[0]',
    message: `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`,
    line: 7,
    column: 14,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Service: ExternalName, policies
  {
    name: 'Service: ExternalName without externalName, placed on spec (pkg/apis/core/validation/validation.go ValidateService, ServiceTypeExternalName)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: db
      spec:
        type: ExternalName
    `,
    field: 'spec.externalName',
    message: 'spec.externalName: Required value',
    line: 5,
    column: 1,
    severity: 'error',
  },
  {
    name: 'Service: ExternalName with an invalid externalName (pkg/apis/core/validation/validation.go ValidateService, ValidateDNS1123Subdomain)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: db
      spec:
        type: ExternalName
        externalName: my_db.example.com
    `,
    field: 'spec.externalName',
    contains: `spec.externalName: Invalid value: "my_db.example.com": ${RFC1123_SUBDOMAIN}`,
    line: 7,
    column: 17,
    severity: 'error',
  },
  {
    name: 'Service: clusterIP on an ExternalName Service is Forbidden (pkg/apis/core/validation/validation.go ValidateService, ServiceTypeExternalName)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: db
      spec:
        type: ExternalName
        externalName: db.example.com
        clusterIP: 10.96.0.50
    `,
    field: 'spec.clusterIPs',
    message: 'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    line: 8,
    column: 14,
    severity: 'error',
  },
  {
    name: 'Service: externalTrafficPolicy on a ClusterIP Service (pkg/apis/core/validation/validation.go validateServiceExternalTrafficPolicy)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        externalTrafficPolicy: Local
        ports:
        - port: 80
    `,
    field: 'spec.externalTrafficPolicy',
    message: 'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    line: 6,
    column: 26,
    severity: 'error',
  },
  {
    name: 'Service: sessionAffinity timeoutSeconds 0 (pkg/apis/core/validation/validation.go validateAffinityTimeout)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        sessionAffinity: ClientIP
        sessionAffinityConfig:
          clientIP:
            timeoutSeconds: 0
        ports:
        - port: 80
    `,
    field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
    message: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    line: 9,
    column: 23,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Pod
  {
    name: 'Pod: no containers (pkg/apis/core/validation/validation.go validateContainers)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers: []
    `,
    field: 'spec.containers',
    message: 'spec.containers: Required value',
    line: 6,
    column: 3,
    severity: 'error',
    rejected: [{ kind: 'Pod', name: 'web' }],
  },
  {
    name: 'Pod: container without image, placed on the container item (pkg/apis/core/validation/validation.go validateContainerCommon)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
    `,
    field: 'spec.containers[0].image',
    message: 'spec.containers[0].image: Required value',
    line: 7,
    column: 5,
    severity: 'error',
  },
  {
    name: 'Pod: containerPort 0 is a missing port (pkg/apis/core/validation/validation.go validateContainerPorts)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          ports:
          - containerPort: 0
    `,
    field: 'spec.containers[0].ports[0].containerPort',
    message: 'spec.containers[0].ports[0].containerPort: Required value',
    line: 10,
    column: 22,
    severity: 'error',
  },
  {
    name: 'Pod: containerPort 70000 (pkg/apis/core/validation/validation.go validateContainerPorts, IsValidPortNum)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          ports:
          - containerPort: 70000
    `,
    field: 'spec.containers[0].ports[0].containerPort',
    message: 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    line: 10,
    column: 22,
    severity: 'error',
  },
  {
    name: 'Pod: duplicate container port names in one container (pkg/apis/core/validation/validation.go validateContainerPorts)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          ports:
          - name: http
            containerPort: 80
          - name: http
            containerPort: 81
    `,
    field: 'spec.containers[0].ports[1].name',
    message: 'spec.containers[0].ports[1].name: Duplicate value: "http"',
    line: 12,
    column: 13,
    severity: 'error',
    rejected: [{ kind: 'Pod', name: 'web' }],
  },
  {
    name: 'Pod: the same port name in two containers is only a warning (pkg/api/pod/warnings.go GetWarningsForPodTemplate)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          ports:
          - name: http
            containerPort: 80
        - name: sidecar
          image: envoy
          ports:
          - name: http
            containerPort: 8080
    `,
    field: 'spec.containers[1].ports[0]',
    message:
      'spec.containers[1].ports[0]: duplicate port name "http" with spec.containers[0].ports[0], services and probes that select ports by name will use spec.containers[0].ports[0]',
    line: 15,
    column: 7,
    severity: 'warning',
    stored: [{ kind: 'Pod', name: 'web' }],
  },
  {
    name: 'Pod: hostname that is not a DNS-1123 label (pkg/apis/core/validation/validation.go ValidatePodSpec)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        hostname: Web_1
        containers:
        - name: web
          image: nginx
    `,
    field: 'spec.hostname',
    contains: `spec.hostname: Invalid value: "Web_1": ${RFC1123_LABEL}`,
    line: 6,
    column: 13,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Deployment
  {
    name: 'Deployment: selector not matching the template labels (pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: api
          spec:
            containers:
            - name: web
              image: nginx
    `,
    field: 'spec.template.metadata.labels',
    message: 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    line: 11,
    column: 7,
    severity: 'error',
    rejected: [{ kind: 'Deployment', name: 'web' }],
  },
  {
    name: 'Deployment: replicas -1 (pkg/apis/apps/validation/validation.go ValidateDeploymentSpec, ValidateNonnegativeField)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: -1
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx
    `,
    field: 'spec.replicas',
    message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    line: 6,
    column: 13,
    severity: 'error',
  },
  {
    name: 'Deployment: missing selector, placed on spec (pkg/apis/apps/validation/validation.go ValidateDeploymentSpec)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx
    `,
    field: 'spec.selector',
    message: 'spec.selector: Required value',
    line: 5,
    column: 1,
    severity: 'error',
    errors: 2,
    rejected: [{ kind: 'Deployment', name: 'web' }],
  },
  {
    name: 'Deployment: a missing selector (labels.Nothing) also fails to match the template labels (pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx
    `,
    field: 'spec.template.metadata.labels',
    message: 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    line: 8,
    column: 7,
    severity: 'error',
    errors: 2,
  },
  {
    name: 'Deployment: template restartPolicy Never (pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            restartPolicy: Never
            containers:
            - name: web
              image: nginx
    `,
    field: 'spec.template.spec.restartPolicy',
    message: 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    line: 14,
    column: 22,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Endpoints
  {
    name: 'Endpoints: loopback address 127.0.0.1 (pkg/apis/core/validation/validation.go validateEndpointAddress, ValidateNonSpecialIP)',
    yaml: yaml`
      apiVersion: v1
      kind: Endpoints
      metadata:
        name: db
      subsets:
      - addresses:
        - ip: 127.0.0.1
        ports:
        - port: 5432
    `,
    field: 'subsets[0].addresses[0].ip',
    message: 'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    line: 7,
    column: 9,
    severity: 'error',
    rejected: [{ kind: 'Endpoints', name: 'db' }],
  },
  {
    name: 'Endpoints: an address that is not an IP, reported by IsValidIP and again by ValidateNonSpecialIP (pkg/apis/core/validation/validation.go validateEndpointAddress)',
    yaml: yaml`
      apiVersion: v1
      kind: Endpoints
      metadata:
        name: db
      subsets:
      - addresses:
        - ip: 10.0.0.300
        ports:
        - port: 5432
    `,
    field: 'subsets[0].addresses[0].ip',
    message: 'subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    line: 7,
    column: 9,
    severity: 'error',
    errors: 2,
  },
  {
    name: 'Endpoints: a subset with no addresses, placed on the subset item (pkg/apis/core/validation/validation.go validateEndpointSubsets)',
    yaml: yaml`
      apiVersion: v1
      kind: Endpoints
      metadata:
        name: db
      subsets:
      - ports:
        - port: 5432
    `,
    field: 'subsets[0]',
    message: 'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    line: 6,
    column: 3,
    severity: 'error',
  },
  // ---------------------------------------------------------------- Ingress networking.k8s.io/v1
  {
    name: 'Ingress v1: path without pathType, placed on the path item (pkg/apis/networking/validation/validation.go validateHTTPIngressPath)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        rules:
        - http:
            paths:
            - path: /
              backend:
                service:
                  name: web
                  port:
                    number: 80
    `,
    field: 'spec.rules[0].http.paths[0].pathType',
    message: 'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    line: 9,
    column: 9,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  {
    name: 'Ingress v1: Prefix path that is not absolute (pkg/apis/networking/validation/validation.go validateHTTPIngressPath)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        rules:
        - http:
            paths:
            - path: api
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
    `,
    field: 'spec.rules[0].http.paths[0].path',
    message: 'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    line: 9,
    column: 15,
    severity: 'error',
  },
  {
    name: 'Ingress v1: host that is an IP address (pkg/apis/networking/validation/validation.go validateIngressRules)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        rules:
        - host: 10.1.2.3
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
    `,
    field: 'spec.rules[0].host',
    message: 'spec.rules[0].host: Invalid value: "10.1.2.3": must be a DNS name, not an IP address',
    line: 7,
    column: 11,
    severity: 'error',
  },
  {
    name: 'Ingress v1: neither rules nor defaultBackend (pkg/apis/networking/validation/validation.go ValidateIngressSpec)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        ingressClassName: nginx
    `,
    field: 'spec',
    message: 'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    line: 5,
    column: 1,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  {
    name: 'Ingress v1: class annotation and ingressClassName that differ, placed on the annotation (pkg/apis/networking/validation/validation.go ValidateIngressCreate)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations:
          kubernetes.io/ingress.class: nginx
      spec:
        ingressClassName: traefik
        defaultBackend:
          service:
            name: web
            port:
              number: 80
    `,
    field: 'annotations.kubernetes.io/ingress.class',
    message: 'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
    line: 6,
    column: 34,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  {
    name: 'Ingress v1: an empty ingressClassName is still checked (pkg/apis/networking/validation/validation.go ValidateIngressSpec: IngressClassName != nil, ValidateIngressClassName)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        ingressClassName: ""
        defaultBackend:
          service:
            name: web
            port:
              number: 80
    `,
    field: 'spec.ingressClassName',
    contains: `spec.ingressClassName: Invalid value: "": ${RFC1123_SUBDOMAIN}`,
    line: 6,
    column: 21,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  // ---------------------------------------------------------------- Ingress networking.k8s.io/v1beta1
  {
    name: 'Ingress v1beta1: backend without servicePort, placed on the backend (pkg/apis/networking/validation/validation.go validateIngressBackend)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1beta1
      kind: Ingress
      metadata:
        name: web
      spec:
        backend:
          serviceName: web
    `,
    field: 'spec.backend',
    message: 'spec.backend: Required value: port name or number is required',
    line: 6,
    column: 3,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  {
    name: 'Ingress v1beta1: neither rules nor backend, worded with the v1beta1 field name (pkg/apis/networking/validation/validation.go defaultBackendFieldName)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1beta1
      kind: Ingress
      metadata:
        name: web
      spec: {}
    `,
    field: 'spec',
    message: 'spec: Invalid value: []networking.IngressRule(nil): either `backend` or `rules` must be specified',
    line: 5,
    column: 1,
    severity: 'error',
  },
  {
    name: 'Ingress v1beta1: class annotation and ingressClassName that differ, checked after conversion (pkg/apis/networking/validation/validation.go ValidateIngressCreate)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1beta1
      kind: Ingress
      metadata:
        name: web
        annotations: {kubernetes.io/ingress.class: traefik}
      spec:
        ingressClassName: nginx
        backend:
          serviceName: web
          servicePort: 80
    `,
    field: 'annotations.kubernetes.io/ingress.class',
    message: 'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    line: 5,
    column: 46,
    severity: 'error',
    rejected: [{ kind: 'Ingress', name: 'web' }],
  },
  // ---------------------------------------------------------------- Namespace, IngressClass
  {
    name: 'Namespace: uppercase name is not a DNS-1123 label (pkg/apis/core/validation/validation.go ValidateNamespace, ValidateNamespaceName)',
    yaml: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: Shop
    `,
    field: 'metadata.name',
    contains: `metadata.name: Invalid value: "Shop": ${RFC1123_LABEL}`,
    line: 4,
    column: 9,
    severity: 'error',
    rejected: [{ kind: 'Namespace', name: 'Shop' }],
  },
  {
    name: 'IngressClass: controller that is not a domain-prefixed path (pkg/apis/networking/validation/validation.go validateIngressClassSpec, IsDomainPrefixedPath)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: acme
      spec:
        controller: nginx
    `,
    field: 'spec.controller',
    message: 'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    line: 6,
    column: 15,
    severity: 'error',
    rejected: [{ kind: 'IngressClass', name: 'acme' }],
  },
  {
    name: 'IngressClass: no controller, placed on spec (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDomainPrefixedPath)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: nginx
      spec: {}
    `,
    field: 'spec.controller',
    message: 'spec.controller: Required value',
    line: 5,
    column: 1,
    severity: 'error',
  },
  // ---------------------------------------------------------------- labels
  {
    name: 'Pod: invalid label key (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabels, ValidateLabelName)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          "bad key!": web
      spec:
        containers:
        - name: web
          image: nginx
    `,
    field: 'metadata.labels',
    contains:
      "metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    line: 5,
    column: 3,
    severity: 'error',
    rejected: [{ kind: 'Pod', name: 'web' }],
  },
  {
    name: 'Pod: invalid label value (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabels, IsValidLabelValue)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: "-web"
      spec:
        containers:
        - name: web
          image: nginx
    `,
    field: 'metadata.labels',
    contains: 'metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters',
    line: 5,
    column: 3,
    severity: 'error',
  },
  // ---------------------------------------------------------------- decoding (type errors)
  {
    name: 'Service: quoted port "80" is a string, not an int32 (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json strict decoding: cannot unmarshal string into int32)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: "80"
    `,
    field: 'spec.ports[0].port',
    contains: 'spec.ports[0].port: Invalid value: "80": must be an integer, not a string',
    line: 7,
    column: 11,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Pod: label value 1.0 is a number, not a string; map keys are written [key] as field.Path.Key renders them (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json strict decoding: cannot unmarshal number into string)',
    yaml: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app.kubernetes.io/version: 1.0
      spec:
        containers:
        - name: web
          image: nginx
    `,
    field: 'metadata.labels[app.kubernetes.io/version]',
    contains: 'must be a string',
    line: 6,
    column: 32,
    severity: 'error',
    rejected: [{ kind: 'Pod', name: 'web' }],
  },
  // ---------------------------------------------------------------- kinds, versions, identity, namespaces
  {
    name: 'unknown kind is skipped with a warning, not an error (staging/src/k8s.io/apimachinery/pkg/api/meta: a kind this simulation does not serve)',
    yaml: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
    `,
    field: 'kind',
    contains: 'kind ConfigMap is not simulated and is skipped',
    bare: true,
    line: 2,
    column: 7,
    severity: 'warning',
  },
  {
    name: 'a typo of a served kind is refused with a suggestion (staging/src/k8s.io/apimachinery/pkg/api/meta/errors.go NoKindMatchError)',
    yaml: yaml`
      apiVersion: v1
      kind: Servie
      metadata:
        name: web
      spec:
        ports:
        - port: 80
    `,
    field: 'kind',
    contains: 'no matches for kind "Servie" in version "v1" (did you mean Service?)',
    bare: true,
    line: 2,
    column: 7,
    severity: 'error',
  },
  {
    name: 'a case slip in a kind is refused with a suggestion (kinds are case-sensitive: NoKindMatchError)',
    yaml: yaml`
      apiVersion: v1
      kind: endpoints
      metadata:
        name: web
    `,
    field: 'kind',
    contains: 'no matches for kind "endpoints" in version "v1" (did you mean Endpoints?)',
    bare: true,
    line: 2,
    column: 7,
    severity: 'error',
  },
  {
    name: 'a real kind a letter away from a served one is skipped, not "corrected" (Role is not a typo of Node; kubectl api-resources)',
    yaml: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: reader
    `,
    field: 'kind',
    contains: 'kind Role is not simulated and is skipped',
    bare: true,
    line: 2,
    column: 7,
    severity: 'warning',
  },
  {
    name: 'Service at apiVersion apps/v1 (staging/src/k8s.io/apimachinery/pkg/api/meta/errors.go NoKindMatchError)',
    yaml: yaml`
      apiVersion: apps/v1
      kind: Service
      metadata:
        name: web
      spec:
        ports:
        - port: 80
    `,
    field: 'apiVersion',
    contains: 'no matches for kind "Service" in version "apps/v1"',
    bare: true,
    line: 1,
    column: 13,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Deployment at the removed apiVersion extensions/v1beta1 (staging/src/k8s.io/apimachinery/pkg/api/meta/errors.go NoKindMatchError)',
    yaml: yaml`
      apiVersion: extensions/v1beta1
      kind: Deployment
      metadata:
        name: web
    `,
    field: 'apiVersion',
    contains: 'no matches for kind "Deployment" in version "extensions/v1beta1"',
    bare: true,
    line: 1,
    column: 13,
    severity: 'error',
  },
  {
    name: "missing kind, placed on the document (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go: Object 'Kind' is missing)",
    yaml: yaml`
      apiVersion: v1
      metadata:
        name: web
    `,
    field: 'kind',
    contains: "Object 'Kind' is missing",
    bare: true,
    line: 1,
    column: 1,
    severity: 'error',
  },
  {
    name: "missing apiVersion, placed on the document (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go: Object 'apiVersion' is missing)",
    yaml: yaml`
      kind: Service
      metadata:
        name: web
    `,
    field: 'apiVersion',
    contains: "Object 'apiVersion' is missing",
    bare: true,
    line: 1,
    column: 1,
    severity: 'error',
  },
  {
    name: 'missing metadata.name, placed on metadata (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        labels:
          app: web
      spec:
        ports:
        - port: 80
    `,
    field: 'metadata.name',
    message: 'metadata.name: Required value: name or generateName is required',
    line: 3,
    column: 1,
    severity: 'error',
  },
  {
    name: 'namespace that does not exist (plugin/pkg/admission/namespace/lifecycle/admission.go NamespaceLifecycle)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: shop
      spec:
        ports:
        - port: 80
    `,
    field: 'metadata.namespace',
    contains: 'namespaces "shop" not found',
    bare: true,
    line: 5,
    column: 14,
    severity: 'error',
    rejected: [{ kind: 'Service', name: 'web', namespace: 'shop' }],
  },
  // ---------------------------------------------------------------- warnings
  {
    name: 'unknown field spec.selectr is a warning and the object is kept (staging/src/k8s.io/apiserver/pkg/endpoints/handlers: fieldValidation Warn, strict decoding)',
    yaml: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selectr:
          app: web
        ports:
        - port: 80
    `,
    field: 'spec.selectr',
    contains: 'unknown field "spec.selectr"',
    bare: true,
    line: 6,
    column: 3,
    severity: 'warning',
    stored: [{ kind: 'Service', name: 'web' }],
  },
  {
    name: 'Ingress v1beta1 gives the deprecation warning and is kept (staging/src/k8s.io/api/networking/v1beta1/zz_generated.prerelease-lifecycle.go)',
    yaml: yaml`
      apiVersion: networking.k8s.io/v1beta1
      kind: Ingress
      metadata:
        name: web
      spec:
        backend:
          serviceName: web
          servicePort: 80
    `,
    field: 'apiVersion',
    contains: 'networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+',
    bare: true,
    line: 1,
    column: 13,
    severity: 'warning',
    stored: [{ kind: 'Ingress', name: 'web' }],
  },
  {
    name: 'Namespace: metadata.namespace on a cluster-scoped object is cleared, not refused (staging/src/k8s.io/apiserver/pkg/registry/rest/create.go BeforeCreate)',
    yaml: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        namespace: default
    `,
    field: 'metadata.namespace',
    contains: 'is ignored',
    line: 5,
    column: 14,
    severity: 'warning',
    stored: [{ kind: 'Namespace', name: 'shop' }],
  },
];

function describeAll(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} [${d.field}] ${d.message}`).join('\n');
}

function findDiagnostic(diagnostics: readonly Diagnostic[], c: Case): Diagnostic | undefined {
  return diagnostics.find(
    (d) =>
      d.severity === c.severity &&
      d.field === c.field &&
      (c.message !== undefined ? d.message === c.message : d.message.includes(c.contains ?? '')),
  );
}

describe('validation: invalid objects, with Kubernetes field paths and messages, located in the text', () => {
  it('has at least 30 cases, each with exactly one of message or contains', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect([c.message, c.contains].filter((m) => m !== undefined)).toHaveLength(1);
  });

  it.each(cases)('$name', (c) => {
    const cluster = createCluster(c.yaml, c.options);
    const all = cluster.diagnostics;
    const found = findDiagnostic(all, c);
    expect(found, `no ${c.severity} on ${c.field} matching the expected message; got:\n${describeAll(all)}`).toBeDefined();
    expect({ line: found?.line, column: found?.column }).toEqual({ line: c.line, column: c.column });
    if (c.field) expect(found?.message.startsWith(`${c.field}: `), found?.message).toBe(!c.bare);

    const errors = all.filter((d) => d.severity === 'error');
    expect(errors, describeAll(all)).toHaveLength(c.errors ?? (c.severity === 'error' ? 1 : 0));

    for (const ref of c.rejected ?? []) expect(cluster.get(ref.kind, ref.name, ref.namespace)).toBeUndefined();
    for (const ref of c.stored ?? []) expect(cluster.get(ref.kind, ref.name, ref.namespace)).toBeDefined();
  });
});

// ------------------------------------------------------------------------------------------------
// The book's examples (src/scenarios/seed) are valid Kubernetes objects.

const SEED_DIR = fileURLToPath(new URL('../../scenarios/seed/', import.meta.url));
const DEPLOYMENT_FILE = 'random-generator-deployment.yaml';
const seedFiles = readdirSync(SEED_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const readSeed = (file: string): string => readFileSync(join(SEED_DIR, file), 'utf8');

/** 13-7 asks for clusterIP 10.0.171.239, inside AKS's default service CIDR 10.0.0.0/16. */
const AKS_SERVICE_CIDR = '10.0.0.0/16';
const optionsFor = (file: string): ClusterOptions => (file.startsWith('13-7-') ? { serviceCIDR: AKS_SERVICE_CIDR } : {});
const errorsOf = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');

describe('validation: the seed scenarios are valid', () => {
  it('finds the book examples 13-1..13-9 and the Deployment', () => {
    expect(seedFiles).toContain(DEPLOYMENT_FILE);
    expect(seedFiles.filter((f) => /^13-\d-/.test(f)).length).toBeGreaterThanOrEqual(8);
  });

  /** 13-7 needs the AKS range; the test name says so. */
  const seedCases = seedFiles.map((file) => ({
    file,
    note: file.startsWith('13-7-') ? ' with serviceCIDR 10.0.0.0/16 (the AKS default range)' : '',
  }));

  it.each(seedCases)('$file alone$note gives no error', ({ file }) => {
    const cluster = createCluster(readSeed(file), optionsFor(file));
    expect(errorsOf(cluster.diagnostics), describeAll(cluster.diagnostics)).toEqual([]);
  });

  it.each(seedCases.filter((c) => c.file !== DEPLOYMENT_FILE))(
    '$file with random-generator-deployment.yaml$note gives no error',
    ({ file }) => {
      const text = `${readSeed(DEPLOYMENT_FILE).trimEnd()}\n---\n${readSeed(file)}`;
      const cluster = createCluster(text, optionsFor(file));
      expect(errorsOf(cluster.diagnostics), describeAll(cluster.diagnostics)).toEqual([]);
      expect(cluster.get('Deployment', 'random-generator')).toBeDefined();
    },
  );

  it('13-7 with the default service CIDR 10.96.0.0/12: clusterIP 10.0.171.239 is not in the valid range (pkg/registry/core/service/ipallocator ErrNotInRange)', () => {
    const cluster = createCluster(readSeed('13-7-load-balancer.yaml'));
    const errors = errorsOf(cluster.diagnostics);
    expect(errors, describeAll(cluster.diagnostics)).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'spec.clusterIPs', line: 7, column: 14, kind: 'Service', name: 'random-generator' });
    expect(errors[0]?.message).toContain(
      'failed to allocate IP 10.0.171.239: the provided IP (10.0.171.239) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(cluster.get('Service', 'random-generator')).toBeUndefined();
  });

  it('13-7 with serviceCIDR 10.0.0.0/16 (AKS default) keeps the requested clusterIP', () => {
    const cluster = createCluster(readSeed('13-7-load-balancer.yaml'), { serviceCIDR: AKS_SERVICE_CIDR });
    expect(cluster.get('Service', 'random-generator')?.spec.clusterIP).toBe('10.0.171.239');
  });
});
