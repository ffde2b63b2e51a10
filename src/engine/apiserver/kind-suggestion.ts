/**
 * "Did you mean Service?": an unknown kind a typo away from one the simulated API server serves.
 * kubectl refuses such an object (`no matches for kind "Servie" in version "v1"`, from the REST
 * mapper); a kind that really exists but is not simulated (ConfigMap, a CRD's kind) is skipped
 * with a warning instead, so the real built-in kinds are listed here to tell the two apart.
 */
import { distance } from 'fastest-levenshtein';

/**
 * Built-in kinds of Kubernetes 1.33+ that svcscope does not simulate (`kubectl api-resources`),
 * some of them a short edit away from a simulated kind (Role / Node, Lease / ...).
 */
const REAL_UNSIMULATED_KINDS = new Set([
  'APIService',
  'Binding',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'ConfigMap',
  'ControllerRevision',
  'CronJob',
  'CSIDriver',
  'CSINode',
  'CSIStorageCapacity',
  'CustomResourceDefinition',
  'DaemonSet',
  'Event',
  'FlowSchema',
  'HorizontalPodAutoscaler',
  'Job',
  'Lease',
  'LimitRange',
  'MutatingWebhookConfiguration',
  'NetworkPolicy',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'PodTemplate',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ReplicationController',
  'ResourceQuota',
  'Role',
  'RoleBinding',
  'RuntimeClass',
  'Secret',
  'ServiceAccount',
  'ServiceCIDR',
  'IPAddress',
  'StatefulSet',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  // Gateway API kinds of the experimental channel, not simulated.
  'BackendTLSPolicy',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
]);

/** How many single-letter edits still read as a typo of a kind this long. */
function typoBudget(length: number): number {
  return length <= 4 ? 1 : 2;
}

/**
 * The simulated kind `kind` is most likely a typo of (a letter wrong, missing or extra, a case
 * slip, a plural), or undefined when it is a real kind that is merely not simulated or nothing close.
 */
export function suggestKind(kind: string, known: readonly string[]): string | undefined {
  if (REAL_UNSIMULATED_KINDS.has(kind)) return undefined;
  let best: { kind: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(kind.toLowerCase(), candidate.toLowerCase());
    // A case slip alone (`service`, `EndPoints`) counts as the closest possible miss.
    const score = d === 0 ? 0.5 : d;
    if (d <= typoBudget(candidate.length) && (!best || score < best.distance)) best = { kind: candidate, distance: score };
  }
  return best?.kind;
}
