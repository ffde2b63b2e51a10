import type { z } from 'zod';
import type { Kind, ObjectMeta } from '../model/types';
import { CLUSTER_SCOPED } from '../model/types';
import type { ClusterState } from '../state';
import type { Manifest } from '../parse/manifests';
import type { FieldError } from '../validate/field-errors';
import { fieldError } from '../validate/field-errors';
import type { NameCheck } from '../validate/meta';
import { validateObjectMeta } from '../validate/meta';
import { decodeErrors, withoutProtoKeys } from './decode';
import { unknownFields } from './unknown-fields';
import { BUILTIN_NAMESPACES, namespaceOf } from '../model/meta';

/** What admission knows about the object being applied. */
export interface AdmitContext {
  state: ClusterState;
  manifest: Manifest;
  apiVersion: string;
  name: string;
  namespace?: string;
}

export interface KindDefinition<I> {
  kind: Kind;
  /** apiVersions the API server serves this kind at (the first is the preferred one). */
  apiVersions: readonly string[];
  /** Deprecation warning for an apiVersion, as the API server sends it in a Warning header. */
  deprecated?: Readonly<Record<string, string>>;
  schema(apiVersion: string): z.ZodType<I>;
  nameCheck: NameCheck;
  /**
   * What the API server does to a decoded object before validating it: the kind's defaulting
   * (SetDefaults_X in pkg/apis/.../v1/defaults.go) and the registry's BeginCreate/BeginUpdate
   * hooks (e.g. the Service registry's patchAllocatedValues and normalizeClusterIPs). Validation and
   * admission see the object this returns.
   */
  prepare?(input: I, ctx: AdmitContext): I;
  /** Checks that need nothing but the object (ValidateX in pkg/apis/.../validation). */
  validate(input: I, apiVersion: string): FieldError[];
  /**
   * Checks the registry makes on create only (its Validate, e.g. ValidateIngressCreate), not on
   * update (ValidateUpdate): applying an object whose name already exists is an update.
   */
  validateCreate?(input: I, apiVersion: string): FieldError[];
  /** Checks an update makes against the stored object (ValidateXUpdate), besides `validate`'s. */
  validateUpdate?(input: I, ctx: AdmitContext): FieldError[];
  /**
   * Fields the API server fills from another one before validating (the Service registry copies
   * `clusterIP` into `clusterIPs`): an error on a key of this table is shown on the field its value
   * names when the manifest does not hold the key's field.
   */
  writtenAs?: Readonly<Record<string, string>>;
  /** Stores the object (the registry's create/update), allocating what it needs. */
  admit(input: I, ctx: AdmitContext): FieldError[];
}

/** A kind with its input type hidden, so kinds of every type fit in one table. */
export interface KindHandler {
  kind: Kind;
  apiVersions: readonly string[];
  /** Namespaced or cluster-scoped, from CLUSTER_SCOPED (the one definition of scope). */
  namespaced: boolean;
  /** The schema objects of this kind are decoded with at an apiVersion (also the editor's, as JSON Schema). */
  schema(apiVersion: string): z.ZodType;
  process(raw: unknown, ctx: AdmitContext): FieldError[];
}

export function namespaceExists(state: ClusterState, namespace: string): boolean {
  return BUILTIN_NAMESPACES.has(namespace) || state.store.get('Namespace', namespace) !== undefined;
}

export function defineKind<I>(definition: KindDefinition<I>): KindHandler {
  const namespaced = !CLUSTER_SCOPED.has(definition.kind);
  return {
    kind: definition.kind,
    apiVersions: definition.apiVersions,
    namespaced,
    schema: (apiVersion) => definition.schema(apiVersion),
    process(raw, ctx) {
      const warnings: FieldError[] = [];
      const deprecation = definition.deprecated?.[ctx.apiVersion];
      if (deprecation) warnings.push(fieldError.note('apiVersion', deprecation));
      const schema = definition.schema(ctx.apiVersion);
      const unknown = unknownFields(raw, schema);
      const decoded = schema.safeParse(withoutProtoKeys(raw));
      if (!decoded.success) return [...warnings, ...decodeErrors(decoded.error.issues, raw)];
      for (const field of unknown) {
        warnings.push(
          fieldError.note(field, `unknown field "${field}" (kubectl's strict field validation rejects it; here it is ignored)`),
        );
      }
      const input = definition.prepare ? definition.prepare(decoded.data, ctx) : decoded.data;
      const meta = (input as { metadata?: Parameters<typeof validateObjectMeta>[0] }).metadata;
      const creating = ctx.state.store.get(definition.kind, ctx.name, namespaced ? ctx.namespace : undefined) === undefined;
      const errors = [
        ...validateObjectMeta(meta, namespaced, definition.nameCheck),
        ...(!creating && definition.validateUpdate ? definition.validateUpdate(input, ctx) : []),
        ...definition.validate(input, ctx.apiVersion),
        ...(creating && definition.validateCreate ? definition.validateCreate(input, ctx.apiVersion) : []),
      ].map((e) => placeOnWrittenField(e, definition.writtenAs, ctx));
      if (errors.some((e) => e.severity === 'error')) return [...warnings, ...errors];
      if (namespaced && ctx.namespace && !namespaceExists(ctx.state, ctx.namespace)) {
        return [
          ...warnings,
          ...errors,
          {
            field: 'metadata.namespace',
            type: 'NotFound',
            severity: 'error',
            message: `namespaces "${ctx.namespace}" not found (create the Namespace before objects in it)`,
          },
        ];
      }
      return [...warnings, ...errors, ...definition.admit(input, ctx).map((e) => placeOnWrittenField(e, definition.writtenAs, ctx))];
    },
  };
}

function placeOnWrittenField(error: FieldError, writtenAs: Readonly<Record<string, string>> | undefined, ctx: AdmitContext): FieldError {
  const written = writtenAs?.[error.field];
  if (!written || error.at || ctx.manifest.positions.exact(error.field)) return error;
  return { ...error, at: written };
}

interface MetaInput {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generateName?: string;
}

/** ObjectMeta as the API server fills it on create, keeping uid and creation time on update. */
export function buildMeta(
  ctx: AdmitContext,
  kind: Kind,
  input: MetaInput | undefined,
  existing: ObjectMeta | undefined,
  namespaced: boolean,
): ObjectMeta {
  const meta: ObjectMeta = {
    name: ctx.name,
    ...(namespaced ? { namespace: namespaceOf(ctx) } : {}),
    uid: existing?.uid ?? ctx.state.uid(kind, ctx.namespace ?? '', ctx.name),
    resourceVersion: '',
    creationTimestamp: existing?.creationTimestamp ?? ctx.state.timestamp(),
  };
  if (input?.generateName) meta.generateName = input.generateName;
  if (input?.labels && Object.keys(input.labels).length > 0) meta.labels = { ...input.labels };
  if (input?.annotations && Object.keys(input.annotations).length > 0) meta.annotations = { ...input.annotations };
  return meta;
}
