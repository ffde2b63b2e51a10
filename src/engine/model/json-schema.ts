/**
 * JSON Schemas of the simulated kinds, derived from the same zod schemas the API server decodes
 * with, for the editor (monaco-yaml): completion, hover documentation and type errors while typing.
 * One schema per kind/apiVersion, selected in the editor by `kind` and `apiVersion`.
 */
import { z } from 'zod';
import * as schemas from './schemas';

export interface KindJsonSchema {
  kind: string;
  apiVersion: string;
  schema: Record<string, unknown>;
}

const TABLE: { kind: string; apiVersion: string; schema: z.ZodType }[] = [
  { kind: 'Service', apiVersion: 'v1', schema: schemas.serviceSchema },
  { kind: 'Pod', apiVersion: 'v1', schema: schemas.podSchema },
  { kind: 'Deployment', apiVersion: 'apps/v1', schema: schemas.deploymentSchema },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', schema: schemas.replicaSetSchema },
  { kind: 'Endpoints', apiVersion: 'v1', schema: schemas.endpointsSchema },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', schema: schemas.endpointSliceSchema },
  { kind: 'Namespace', apiVersion: 'v1', schema: schemas.namespaceSchema },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', schema: schemas.ingressV1Schema },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1beta1', schema: schemas.ingressV1beta1Schema },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', schema: schemas.ingressClassSchema },
];

/** A schema per kind with `kind` and `apiVersion` pinned, so a multi-document file validates each document by its kind. */
export function kindJsonSchemas(): KindJsonSchema[] {
  return TABLE.map(({ kind, apiVersion, schema }) => {
    const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    const properties = { ...(json.properties as Record<string, unknown>) };
    properties.kind = { const: kind, description: `The kind of object: ${kind}` };
    properties.apiVersion = { const: apiVersion, description: `The API group/version that serves ${kind}` };
    return { kind, apiVersion, schema: { ...json, properties, required: ['apiVersion', 'kind', 'metadata'] } };
  });
}
