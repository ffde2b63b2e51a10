import type { LabelSelector } from '../model/types';

export type Labels = Readonly<Record<string, string>> | undefined;

/** A Service's selector: every key must be present with the same value (labels.SelectorFromSet). */
export function matchesSet(selector: Labels, labels: Labels): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels?.[k] === v);
}

/** metav1.LabelSelectorAsSelector semantics; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? labels?.[req.key] : undefined;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Go's %#v of a map[string]string, as validation messages print label maps. */
export function goStringMap(map: Labels): string {
  const body = Object.keys(map ?? {})
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map?.[k])}`)
    .join(', ');
  return `map[string]string{${body}}`;
}
