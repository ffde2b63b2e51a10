/**
 * applyEdit: one spec-changing action (issue #7) applied to the YAML text. Each edit becomes a
 * few operations (set a field, delete a field, add or remove a document); each runs on a fresh
 * parse of the text so positions are always current. The rules for which fields a Service type
 * allows follow ValidateService (pkg/apis/core/validation/validation.go) and the fields the API
 * server itself wipes on a type change (dropTypeDependentFields, pkg/registry/core/service/strategy.go).
 */
import { isMap, isScalar } from 'yaml';
import type { DocumentEdit, EditResult, ManualSubset } from './types';
import type { LocatedObject, Path, SourceDocument, Style } from './source';
import { findObjects, identity, parseSource, styleOf } from './source';
import { appendDocument, deleteKey, insertDocumentAfter, removeDocument, replaceDocument, setValue } from './splice';
import { stringify } from 'yaml';
import { namespaceOf } from '../engine/index';

type Op =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'insertAfter'; documentText: string }
  | { op: 'removeOthers'; kind: string };

interface Plan {
  kind: string;
  name: string;
  namespace: string;
  ops: Op[];
  note?: string;
}

/** Fields only a LoadBalancer Service may have (ValidateService forbids or ignores them elsewhere). */
const LOAD_BALANCER_ONLY: Path[] = [
  ['spec', 'loadBalancerIP'],
  ['spec', 'loadBalancerClass'],
  ['spec', 'loadBalancerSourceRanges'],
  ['spec', 'allocateLoadBalancerNodePorts'],
  ['status', 'loadBalancer'],
];

function read(located: LocatedObject, path: Path): unknown {
  const node = located.source.doc.getIn([...located.base, ...path], true);
  if (isScalar(node)) return node.value;
  return node;
}

function portCount(located: LocatedObject): number {
  const ports = located.source.doc.getIn([...located.base, 'spec', 'ports'], true);
  return ports && typeof ports === 'object' && 'items' in ports && Array.isArray(ports.items) ? ports.items.length : 0;
}

const IMMUTABLE_CLUSTER_IP =
  'A real cluster refuses to change spec.clusterIP of an existing Service (the field is immutable): ' +
  'delete the Service and create it again (kubectl replace --force). svcscope rebuilds the cluster from the YAML, so it just works here.';

function serviceTypePlan(
  located: LocatedObject,
  edit: Extract<DocumentEdit, { type: 'setServiceType' }>,
): Omit<Plan, 'kind' | 'name' | 'namespace'> | string {
  const currentType = String(read(located, ['spec', 'type']) ?? 'ClusterIP');
  const clusterIP = read(located, ['spec', 'clusterIP']);
  const headless = clusterIP === 'None';
  const target = edit.serviceType;
  const ops: Op[] = [];
  let note: string | undefined;
  const typeValue = target === 'Headless' ? 'ClusterIP' : target;
  if (read(located, ['spec', 'type']) !== undefined || typeValue !== 'ClusterIP')
    ops.push({ op: 'set', path: ['spec', 'type'], value: typeValue });
  if (currentType === 'ExternalName') ops.push({ op: 'delete', path: ['spec', 'externalName'] });
  if (target !== 'LoadBalancer') {
    for (const path of LOAD_BALANCER_ONLY) ops.push({ op: 'delete', path });
    // healthCheckNodePort: only for type LoadBalancer with externalTrafficPolicy Local.
    ops.push({ op: 'delete', path: ['spec', 'healthCheckNodePort'] });
  }
  if (target === 'ClusterIP' || target === 'Headless') {
    // "may not be used when `type` is 'ClusterIP'" and "may only be set for externally-accessible services".
    for (let i = 0; i < portCount(located); i++) ops.push({ op: 'delete', path: ['spec', 'ports', i, 'nodePort'] });
    if (!read(located, ['spec', 'externalIPs'])) ops.push({ op: 'delete', path: ['spec', 'externalTrafficPolicy'] });
  }
  if (target === 'Headless') {
    if (!headless) {
      ops.push({ op: 'delete', path: ['spec', 'clusterIPs'] }, { op: 'set', path: ['spec', 'clusterIP'], value: 'None' });
      if (currentType !== 'ExternalName') note = IMMUTABLE_CLUSTER_IP;
    }
  } else if (headless) {
    // A headless Service has no virtual IP; NodePort and LoadBalancer need one ("may not be set to 'None'").
    ops.push({ op: 'delete', path: ['spec', 'clusterIPs'] }, { op: 'delete', path: ['spec', 'clusterIP'] });
    note = IMMUTABLE_CLUSTER_IP;
  }
  if (currentType === target && !headless) return { ops: [] };
  return note === undefined ? { ops } : { ops, note };
}

function endpointsDocument(edit: Extract<DocumentEdit, { type: 'removeSelector' }>, namespaceWritten: boolean, style: Style): string {
  const subsets = edit.subsets
    .filter((s: ManualSubset) => s.addresses.length > 0)
    .map((s) => ({
      addresses: s.addresses.map((a) => (a.nodeName ? { ip: a.ip, nodeName: a.nodeName } : { ip: a.ip })),
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) })),
    }));
  const object = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: edit.name, ...(namespaceWritten ? { namespace: namespaceOf(edit) } : {}) },
    subsets,
  };
  const comment = '# Written by hand now: without a selector the endpoints controller no longer manages this object.\n';
  return comment + stringify(object, { indentSeq: style.indentSeq, lineWidth: 0 });
}

function plan(edit: DocumentEdit, located: LocatedObject, style: Style): Omit<Plan, 'kind' | 'name' | 'namespace'> | string {
  switch (edit.type) {
    case 'scale':
      if (!Number.isInteger(edit.replicas) || edit.replicas < 0) return `replicas must be a whole number, 0 or more (got ${edit.replicas})`;
      return { ops: [{ op: 'set', path: ['spec', 'replicas'], value: edit.replicas }] };
    case 'setServiceType':
      return serviceTypePlan(located, edit);
    case 'setExternalTrafficPolicy': {
      const type = String(read(located, ['spec', 'type']) ?? 'ClusterIP');
      // apiservice.ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with externalIPs.
      if (type !== 'NodePort' && type !== 'LoadBalancer' && !read(located, ['spec', 'externalIPs'])) {
        return `externalTrafficPolicy may only be set for externally-accessible services: make ${edit.name} a NodePort or LoadBalancer Service first`;
      }
      const ops: Op[] = [{ op: 'set', path: ['spec', 'externalTrafficPolicy'], value: edit.policy }];
      if (edit.policy === 'Cluster') ops.push({ op: 'delete', path: ['spec', 'healthCheckNodePort'] });
      return { ops };
    }
    case 'setSessionAffinity': {
      const ops: Op[] = [{ op: 'set', path: ['spec', 'sessionAffinity'], value: edit.affinity }];
      // sessionAffinityConfig "must not be set when session affinity is None".
      if (edit.affinity === 'None') ops.push({ op: 'delete', path: ['spec', 'sessionAffinityConfig'] });
      return { ops };
    }
    case 'removeSelector': {
      if (read(located, ['spec', 'selector']) === undefined) return `service ${edit.name} has no selector to remove`;
      if (read(located, ['spec', 'type']) === 'ExternalName') return `service ${edit.name} is an ExternalName Service: it has no endpoints`;
      const namespaceWritten = read(located, ['metadata', 'namespace']) !== undefined;
      return {
        ops: [
          { op: 'delete', path: ['spec', 'selector'] },
          { op: 'set', path: ['spec', 'clusterIP'], value: edit.clusterIP },
          { op: 'removeOthers', kind: 'Endpoints' },
          { op: 'insertAfter', documentText: endpointsDocument(edit, namespaceWritten, style) },
        ],
      };
    }
    case 'restoreSelector':
      if (Object.keys(edit.selector).length === 0) return 'a selector needs at least one label';
      return {
        ops: [
          { op: 'delete', path: ['spec', 'selector'] },
          { op: 'set', path: ['spec', 'selector'], value: { ...edit.selector } },
          { op: 'removeOthers', kind: 'Endpoints' },
        ],
      };
    case 'apply':
    case 'delete':
      return `${edit.type} edits whole documents`; // handled by applyDocuments and deleteDocuments
  }
}

/**
 * `kubectl apply -f`: each document of `manifests` replaces the document of the object it names
 * (kind, name and namespace: an apply of another apiVersion of the same kind updates the same
 * object), or is added at the end. The last document naming an object is the one in force.
 */
function applyDocuments(yamlText: string, manifests: string): string | { error: string } {
  const applied = parseSource(manifests);
  if (!applied.ok) return { error: applied.error.replace('The YAML', 'The YAML to apply').replace('before editing', 'first') };
  let text = yamlText;
  for (const { doc, span } of applied.documents) {
    const documentText = manifests.slice(span[0], span[1]).replace(/^(?:[ \t]*\n)*---[ \t]*\n/, '');
    if (documentText.trim() === '' || doc.contents === null) continue;
    if (!isMap(doc.contents)) return { error: 'each document to apply must be a Kubernetes object (a mapping)' };
    const { kind, name, namespace } = identity(doc.contents);
    if (!kind || !name) return { error: 'each document to apply needs a kind and a metadata.name' };
    if (kind === 'List') return { error: 'apply the items of a kind: List one by one' };
    const parsed = parseSource(text);
    if (!parsed.ok) return { error: parsed.error };
    const existing = findObjects(parsed.documents, kind, name, namespace).at(-1);
    if (!existing) text = appendDocument(text, documentText);
    else if (existing.base.length === 0) text = replaceDocument(text, existing, documentText);
    else {
      const style = styleOf(text);
      const { doc: target, span: targetSpan } = existing.source;
      target.setIn(existing.base, target.createNode(doc.toJS()));
      const out = target.toString({ indentSeq: style.indentSeq, flowCollectionPadding: style.flowCollectionPadding, lineWidth: 0 });
      text = text.slice(0, targetSpan[0]) + out + text.slice(targetSpan[1]);
    }
  }
  return text;
}

/** `kubectl delete KIND NAME`: every document (or List item) of the object goes. */
function deleteDocuments(yamlText: string, edit: Extract<DocumentEdit, { type: 'delete' }>): string | { error: string } {
  const parsed = parseSource(yamlText);
  if (!parsed.ok) return { error: parsed.error };
  const namespace = namespaceOf(edit);
  const found = findObjects(parsed.documents, edit.kind, edit.name, namespace);
  if (found.length === 0)
    return { error: `there is no ${edit.kind} "${edit.name}"${namespace === 'default' ? '' : ` in namespace "${namespace}"`} in the YAML` };
  const style = styleOf(yamlText);
  let text = yamlText;
  // From the last, so earlier spans stay valid (List items of one document: re-parsed each time).
  for (const target of [...found].reverse()) {
    if (target.base.length === 0) {
      text = removeDocument(text, target);
      continue;
    }
    const again = parseSource(text);
    if (!again.ok) return { error: again.error };
    const item = findObjects(again.documents, edit.kind, edit.name, namespace).at(-1);
    if (item) text = deleteListItem(text, item, style);
  }
  // Taking out the first document leaves the next one's `---` at the top: harmless, but not pretty.
  if (found.some((f) => f.index === 0 && f.base.length === 0)) text = text.replace(/^(?:[ \t]*\n)*---[ \t]*\n/, '');
  return text;
}

function targetKind(edit: Exclude<DocumentEdit, { type: 'apply' | 'delete' }>): string {
  return edit.type === 'scale' ? (edit.kind ?? 'Deployment') : 'Service';
}

function locate(documents: SourceDocument[], kind: string, name: string, namespace: string): LocatedObject | string {
  const found = findObjects(documents, kind, name, namespace);
  if (found.length === 0)
    return `there is no ${kind} "${name}"${namespace === 'default' ? '' : ` in namespace "${namespace}"`} in the YAML`;
  return found[found.length - 1]!; // the last one wins, as later documents replace earlier ones
}

function runOp(text: string, op: Op, kind: string, name: string, namespace: string, style: Style): string | { error: string } {
  const parsed = parseSource(text);
  if (!parsed.ok) return { error: parsed.error };
  const located = locate(parsed.documents, kind, name, namespace);
  if (typeof located === 'string') return { error: located };
  switch (op.op) {
    case 'set':
      return setValue(text, located, op.path, op.value, style);
    case 'delete':
      return deleteKey(text, located, op.path, style) ?? text;
    case 'insertAfter':
      return insertDocumentAfter(text, located, op.documentText);
    case 'removeOthers': {
      const others = findObjects(parsed.documents, op.kind, name, namespace);
      let out = text;
      // From the last, so earlier spans stay valid.
      for (const other of [...others].reverse()) {
        out = other.base.length === 0 ? removeDocument(out, other) : deleteListItem(out, other, style);
      }
      return out;
    }
  }
}

function deleteListItem(text: string, item: LocatedObject, style: Style): string {
  const { doc, span } = item.source;
  doc.deleteIn(item.base);
  const out = doc.toString({ indentSeq: style.indentSeq, flowCollectionPadding: style.flowCollectionPadding, lineWidth: 0 });
  return text.slice(0, span[0]) + out + text.slice(span[1]);
}

/** The lines of `after` (1-based, inclusive) that differ from `before`. */
function changedLines(before: string, after: string): { startLine: number; endLine: number } | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  let top = 0;
  while (top < a.length && top < b.length && a[top] === b[top]) top++;
  let bottom = 0;
  while (bottom < a.length - top && bottom < b.length - top && a[a.length - 1 - bottom] === b[b.length - 1 - bottom]) bottom++;
  const startLine = top + 1;
  const endLine = Math.max(startLine, b.length - bottom);
  return { startLine, endLine };
}

/** Applies one edit to the YAML text; never throws. */
export function applyEdit(yamlText: string, edit: DocumentEdit): EditResult {
  try {
    if (edit.type === 'apply' || edit.type === 'delete') {
      const text = edit.type === 'apply' ? applyDocuments(yamlText, edit.yaml) : deleteDocuments(yamlText, edit);
      if (typeof text !== 'string') return { ok: false, error: text.error };
      const changedRange = changedLines(yamlText, text);
      return { ok: true, yaml: text, ...(changedRange ? { changedRange } : {}) };
    }
    const parsed = parseSource(yamlText);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const kind = targetKind(edit);
    const namespace = namespaceOf(edit);
    const located = locate(parsed.documents, kind, edit.name, namespace);
    if (typeof located === 'string') return { ok: false, error: located };
    if (!isMap(located.map)) return { ok: false, error: `${kind} "${edit.name}" is not a mapping` };
    const style = styleOf(yamlText);
    const planned = plan(edit, located, style);
    if (typeof planned === 'string') return { ok: false, error: planned };
    let text = yamlText;
    for (const op of planned.ops) {
      const next = runOp(text, op, kind, edit.name, namespace, style);
      if (typeof next !== 'string') return { ok: false, error: next.error };
      text = next;
    }
    const changedRange = changedLines(yamlText, text);
    return {
      ok: true,
      yaml: text,
      ...(changedRange ? { changedRange } : {}),
      ...(planned.note && text !== yamlText ? { note: planned.note } : {}),
    };
  } catch (error) {
    return { ok: false, error: `the edit could not be applied: ${error instanceof Error ? error.message : String(error)}` };
  }
}
