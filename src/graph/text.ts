/**
 * Text that must fit a box. Pod names end in what tells replicas apart (the ReplicaSet's
 * pod-template-hash and the pod's own suffix), so they are shortened in the middle, not at the end:
 * `random-generator-f58cb886c-qmzsz` → `random-gen…886c-qmzsz`.
 */

/** `text` in at most `max` characters, with an ellipsis in the middle; the end keeps the larger share. */
export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, max);
  const keep = max - 1;
  const tail = Math.ceil(keep * 0.55);
  return `${text.slice(0, keep - tail)}…${text.slice(text.length - tail)}`;
}
