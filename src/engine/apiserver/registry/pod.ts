import type { PodInput } from '../../model/schemas';
import type { Pod } from '../../model/types';
import { defaultPodSpec } from '../../model/defaults';
import type { FieldError } from '../../validate/field-errors';
import { fieldError } from '../../validate/field-errors';
import { startPod } from '../../controllers/kubelet';
import type { AdmitContext } from '../kind';
import { buildMeta } from '../kind';
import { namespaceOf } from '../../model/meta';

/** The status fields a user may paste from `kubectl get -o yaml` that the simulation honours. */
export function declaredStatus(input: PodInput): { phase?: string; ready?: string } {
  return {
    ...(input.status?.phase ? { phase: input.status.phase } : {}),
    ...(input.status?.conditions?.find((c) => c.type === 'Ready')?.status
      ? { ready: input.status.conditions.find((c) => c.type === 'Ready')?.status }
      : {}),
  };
}

export function admitPod(input: PodInput, ctx: AdmitContext): FieldError[] {
  const { state } = ctx;
  const namespace = namespaceOf(ctx);
  const existing = state.store.get('Pod', ctx.name, namespace);
  const meta = buildMeta(ctx, 'Pod', input.metadata, existing?.metadata, true);
  if (existing) {
    // Pod specs are immutable but for a few fields; labels and annotations may change.
    existing.metadata = { ...meta, ownerReferences: existing.metadata.ownerReferences };
    state.store.put(existing);
    const changed = JSON.stringify(defaultPodSpec(input.spec).containers) !== JSON.stringify(existing.spec.containers);
    return changed
      ? [
          fieldError.warning(
            'spec',
            'a running Pod\'s spec cannot be changed (the API server answers "Forbidden: pod updates may not change fields other than ..."); delete and re-create the Pod',
          ),
        ]
      : [];
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec: defaultPodSpec(input.spec),
    status: { phase: 'Pending', conditions: [] },
  };
  const pending = startPod(state, pod, declaredStatus(input));
  state.store.put(pod);
  return pending ? [fieldError.warning(pod.spec.nodeName ? 'spec.nodeName' : 'spec', `the Pod stays Pending: ${pending}`)] : [];
}
