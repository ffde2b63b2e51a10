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

/** `text` in at most `max` characters (at least 3), cut at the end with an ellipsis. */
export function endEllipsis(text: string, max: number): string {
  const most = Math.max(3, max);
  return text.length > most ? `${text.slice(0, most - 1)}…` : text;
}

/**
 * How wide a character of an element's 11 px monospace lines is: the monospace faces they are
 * drawn in (DejaVu Sans Mono and Liberation Mono on Linux, Menlo) advance 0.602 em, 6.62 px
 * (measured in Chromium: `192.168.49.2 · pods 10.244.0.0/24` is 218.5 px).
 */
export const LINE_CHAR_PX = 6.62;

/**
 * A monospace line of an element cut to `width` pixels. The boxes cut their lines here rather than
 * with CSS `text-overflow`: a clipped line is a paint chunk of its own, and every frame (the
 * editor's at each keystroke too) layerizes all of them, about 2 ms at 50 Services zoomed in.
 */
export function fittedLine(line: string, width: number): string {
  return endEllipsis(line, Math.floor(width / LINE_CHAR_PX));
}

const ENDPOINT = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/;

/**
 * Whether a line of an element is the one a traced hop picked (HopPlace.picked). An endpoint
 * (`ip:port`) is the line's first word: that address with that port among its ports
 * (`10.244.1.5:8080 ready`, `10.244.1.5:80,443`), so `10.244.1.5:80` does not mark
 * `10.244.1.5:8080`. Anything else (a Gateway listener's line, a route's rule `[1] `) starts the line.
 */
export function isPickedLine(line: string, picked: string): boolean {
  const endpoint = ENDPOINT.exec(picked);
  if (!endpoint) return line.startsWith(picked);
  const [, ip, port] = endpoint;
  const first = line.split(' ', 1)[0] ?? '';
  return (
    first.startsWith(`${ip}:`) &&
    first
      .slice(`${ip}:`.length)
      .split(',')
      .includes(port ?? '')
  );
}
