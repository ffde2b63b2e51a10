import type { DeploymentInput, ReplicaSetInput } from '../../model/schemas';
import type { Deployment, LabelSelector, PodTemplate, ReplicaSet } from '../../model/types';
import { defaultPodSpec } from '../../model/defaults';
import type { FieldError } from '../../validate/field-errors';
import { fieldError } from '../../validate/field-errors';
import { reconcileDeployment, reconcileReplicaSet } from '../../controllers/workloads';
import type { AdmitContext } from '../kind';
import { buildMeta } from '../kind';
import { namespaceOf } from '../../model/meta';

function template(input: DeploymentInput['spec'] | ReplicaSetInput['spec']): PodTemplate {
  const t = input?.template ?? {};
  const metadata: PodTemplate['metadata'] = {};
  if (t.metadata?.labels) metadata.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
  return { metadata, spec: defaultPodSpec(t.spec) };
}

function imageWarnings(input: DeploymentInput['spec']): FieldError[] {
  return (input?.template?.spec?.containers ?? []).flatMap((c, i) =>
    c.image
      ? []
      : [
          fieldError.warning(
            `spec.template.spec.containers[${i}].image`,
            'no image: the pods of this template are rejected (spec.containers[*].image: Required value) outside this simulation',
          ),
        ],
  );
}

export function admitDeployment(input: DeploymentInput, ctx: AdmitContext): FieldError[] {
  const namespace = namespaceOf(ctx);
  const existing = ctx.state.store.get('Deployment', ctx.name, namespace);
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: buildMeta(ctx, 'Deployment', input.metadata, existing?.metadata, true),
    spec: {
      ...(input.spec as Record<string, unknown>),
      replicas: input.spec?.replicas ?? 1,
      selector: structuredClone(input.spec?.selector ?? {}) as LabelSelector,
      template: template(input.spec),
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 },
  };
  ctx.state.store.put(deployment);
  reconcileDeployment(ctx.state, deployment);
  return imageWarnings(input.spec);
}

export function admitReplicaSet(input: ReplicaSetInput, ctx: AdmitContext): FieldError[] {
  const namespace = namespaceOf(ctx);
  const existing = ctx.state.store.get('ReplicaSet', ctx.name, namespace);
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: buildMeta(ctx, 'ReplicaSet', input.metadata, existing?.metadata, true),
    spec: {
      ...(input.spec as Record<string, unknown>),
      replicas: input.spec?.replicas ?? 1,
      selector: structuredClone(input.spec?.selector ?? {}) as LabelSelector,
      template: template(input.spec),
    },
    status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 },
  };
  ctx.state.store.put(rs);
  reconcileReplicaSet(ctx.state, rs);
  return imageWarnings(input.spec);
}
