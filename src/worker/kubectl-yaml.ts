/**
 * An object as `kubectl get KIND NAME -o yaml` prints it: kubectl's YAML printer turns the JSON
 * into YAML with sigs.k8s.io/yaml, so keys come in alphabetical order, sequences are not
 * indented under their key, and strings YAML 1.1 would read as something else (a timestamp,
 * `on`, `""`) are quoted. Here, in the worker, which has the YAML library already.
 */
import { stringify } from 'yaml';
import type { ClusterObject } from '../engine/index';

export function kubectlYaml(obj: ClusterObject): string {
  return stringify(obj, { sortMapEntries: true, indentSeq: false, version: '1.1', lineWidth: 0 });
}
