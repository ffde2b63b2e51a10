/**
 * A container's whole environment, as the kubelet builds it when the container starts
 * (makeEnvironmentVariables, pkg/kubelet/kubelet_pods.go):
 *
 * 1. the Service variables (getServiceEnvVarMap; service-env.ts) of the Services known then;
 * 2. `envFrom` sources — ConfigMaps and Secrets, which svcscope does not simulate: they are
 *    listed in `notSimulated` and contribute nothing;
 * 3. each `env` entry in the order declared: a `value` has its `$(VAR)` references expanded
 *    (third_party/forked/golang/expansion, `expand` below) against the variables declared before
 *    it and the Service variables; a `valueFrom.fieldRef` is read from the pod
 *    (podFieldSelectorRuntimeValue); `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` are not
 *    simulated;
 * 4. the Service variables the container did not set itself ("we skip the key from the
 *    kubelet-generated ones so we don't have duplicates").
 */
import type { Container, Pod } from '../model/types';
import { namespaceOf } from '../model/meta';

const OPERATOR = '$';
const OPENER = '(';
const CLOSER = ')';

/** syntaxWrap: `$(name)`, what an unresolved reference stays as. */
function syntaxWrap(name: string): string {
  return `${OPERATOR}${OPENER}${name}${CLOSER}`;
}

/** MappingFuncFor: the first context that has the name, else the reference unchanged. */
export function mappingFuncFor(...contexts: ReadonlyMap<string, string>[]): (name: string) => string {
  return (name) => {
    for (const vars of contexts) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    return syntaxWrap(name);
  };
}

/** tryReadVariableName: what follows a `$`, whether it is a reference, and how many characters it took. */
function tryReadVariableName(input: string): [string, boolean, number] {
  switch (input[0]) {
    case OPERATOR:
      return [OPERATOR, false, 1]; // `$$`: an escaped operator
    case OPENER:
      for (let i = 1; i < input.length; i++) {
        if (input[i] === CLOSER) return [input.slice(1, i), true, i + 1];
      }
      return [`${OPERATOR}${OPENER}`, false, 1]; // an incomplete reference stays literal
    default:
      return [`${OPERATOR}${input[0] ?? ''}`, false, 1];
  }
}

/** expansion.Expand: `$(VAR)` references replaced by `mapping`, `$$` an escaped `$`. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === OPERATOR && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const [read, isVar, advance] = tryReadVariableName(input.slice(cursor + 1));
      out += isVar ? mapping(read) : read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `metadata.labels['key']` / `metadata.annotations['key']` (fieldpath.SplitMaybeSubscriptedPath). */
function subscripted(path: string): [string, string] | undefined {
  const m = /^(metadata\.labels|metadata\.annotations)\[['"]?(.*?)['"]?\]$/.exec(path);
  return m ? [m[1] as string, m[2] as string] : undefined;
}

/**
 * podFieldSelectorRuntimeValue and fieldpath.ExtractFieldPathAsString: the downward API's
 * fields, as far as the simulation has them. Undefined for a path it cannot read.
 */
export function podFieldValue(pod: Pod, path: string): string | undefined {
  const sub = subscripted(path);
  if (sub) {
    const map = sub[0] === 'metadata.labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[sub[1]] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return namespaceOf(pod);
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': {
      const name = (pod.spec as Record<string, unknown>).serviceAccountName;
      return typeof name === 'string' && name ? name : 'default';
    }
    case 'status.hostIP':
      return pod.status.hostIP ?? '';
    case 'status.hostIPs':
      return pod.status.hostIP ?? '';
    case 'status.podIP':
      return pod.status.podIP ?? '';
    case 'status.podIPs':
      return (pod.status.podIPs ?? (pod.status.podIP ? [{ ip: pod.status.podIP }] : [])).map((p) => p.ip).join(',');
    default:
      return undefined;
  }
}

export interface ContainerEnv {
  /** Name to value, with the kubelet's precedence (a container's own variable beats a Service variable). */
  env: Map<string, string>;
  /** Sources the simulation does not have (ConfigMaps, Secrets, resource limits), said as `env[i]` / `envFrom[i]`. */
  notSimulated: string[];
}

/** makeEnvironmentVariables for one container, with the Service variables its start saw. */
export function containerEnv(pod: Pod, container: Container, serviceEnv: readonly [string, string][]): ContainerEnv {
  const services = new Map(serviceEnv);
  const tmp = new Map<string, string>();
  const notSimulated: string[] = [];
  const envFrom = Array.isArray(container.envFrom) ? (container.envFrom as unknown[]) : [];
  envFrom.forEach((source, i) => {
    const s = record(source);
    const what = s?.configMapRef ? 'configMapRef' : s?.secretRef ? 'secretRef' : 'source';
    notSimulated.push(`envFrom[${i}] (${what}: ConfigMaps and Secrets are not simulated)`);
  });
  const mapping = mappingFuncFor(tmp, services);
  const env = Array.isArray(container.env) ? (container.env as unknown[]) : [];
  env.forEach((entry, i) => {
    const e = record(entry);
    const name = typeof e?.name === 'string' ? e.name : undefined;
    if (!e || !name) return;
    let value = typeof e.value === 'string' ? e.value : '';
    const from = record(e.valueFrom);
    if (value !== '') {
      value = expand(value, mapping);
    } else if (from) {
      const fieldRef = record(from.fieldRef);
      const path = typeof fieldRef?.fieldPath === 'string' ? fieldRef.fieldPath : undefined;
      const read = path !== undefined ? podFieldValue(pod, path) : undefined;
      if (read === undefined) {
        const what = fieldRef ? `fieldRef ${path ?? ''}` : Object.keys(from).join(', ');
        notSimulated.push(`env[${i}] ${name} (valueFrom ${what} is not simulated)`);
        return;
      }
      value = read;
    }
    tmp.set(name, value);
  });
  for (const [k, v] of services) if (!tmp.has(k)) tmp.set(k, v);
  return { env: tmp, notSimulated };
}
