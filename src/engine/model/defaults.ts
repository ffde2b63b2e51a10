/** Defaulting (SetDefaults_* in kubernetes/pkg/apis/core/v1/defaults.go) for the parts we simulate. */
import type { PodSpecInput } from './schemas';
import type { Container, PodSpec, Protocol } from './types';

export function defaultPodSpec(input: PodSpecInput | undefined): PodSpec {
  const spec = input ?? {};
  const containers: Container[] = (spec.containers ?? []).map((c) => {
    const container: Container = { ...(c as Record<string, unknown>), name: c.name ?? '', image: c.image ?? '' };
    if (c.ports) {
      container.ports = c.ports.map((p) => ({ ...p, protocol: (p.protocol ?? 'TCP') as Protocol }));
    }
    if (c.readinessProbe) container.readinessProbe = { ...c.readinessProbe };
    return container;
  });
  return {
    ...(spec as Record<string, unknown>),
    containers,
    enableServiceLinks: spec.enableServiceLinks ?? true,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    serviceAccountName: spec.serviceAccountName ?? 'default',
  };
}
