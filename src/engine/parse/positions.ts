import type { SourceLocation } from '../diagnostics';

/** Where a field's key and value stand in the text. */
export interface FieldPosition {
  key?: SourceLocation;
  value: SourceLocation;
}

/**
 * Splits a field path as apimachinery's field.Path renders it (`.child` for struct fields,
 * `[i]` for list items, `[key]` for map keys) into its segments:
 * `metadata.labels[app.kubernetes.io/name]` -> ['metadata', 'labels', 'app.kubernetes.io/name'].
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
    } else if (ch === '[') {
      const close = path.indexOf(']', i);
      const end = close < 0 ? path.length : close;
      segments.push(path.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      segments.push(path.slice(i, end));
      i = end;
    }
  }
  return segments;
}

const SEP = '\u0000';

/**
 * Field path -> position, for one manifest. Struct fields and map keys look alike in YAML, so
 * positions are stored by segments and any rendering of the same path finds them.
 */
export class PositionIndex {
  private readonly bySegments = new Map<string, FieldPosition>();

  constructor(
    private readonly base: readonly string[] = [],
    private readonly parent?: PositionIndex,
    /** Lines to add to the parent's positions (a document parsed apart from the text before it). */
    private readonly lineShift = 0,
  ) {}

  setSegments(segments: readonly string[], position: FieldPosition): void {
    this.bySegments.set(segments.join(SEP), position);
  }

  /** A view of the subtree at `base` (a `kind: List` item), whose paths are relative to it. */
  scoped(base: string): PositionIndex {
    return new PositionIndex(pathSegments(base), this);
  }

  /** A view whose positions are `lines` further down: the document stands after them in the text. */
  movedDown(lines: number): PositionIndex {
    return lines === 0 ? this : new PositionIndex([], this, lines);
  }

  private own(segments: readonly string[]): FieldPosition | undefined {
    if (!this.parent) return this.bySegments.get(segments.join(SEP));
    const found = this.parent.own([...this.base, ...segments]);
    if (!found || this.lineShift === 0) return found;
    const shift = (l: SourceLocation): SourceLocation => ({ ...l, line: l.line + this.lineShift, endLine: l.endLine + this.lineShift });
    return { value: shift(found.value), ...(found.key ? { key: shift(found.key) } : {}) };
  }

  /** The exact position of a path, if that path is in the text. */
  exact(path: string): FieldPosition | undefined {
    return this.own(pathSegments(path));
  }

  /**
   * The best location for a diagnostic at `path`: the value at that path, or else (the field is
   * missing) the key of the nearest ancestor that is present, or else the object itself.
   */
  locate(path: string): SourceLocation | undefined {
    const segments = pathSegments(path);
    const found = this.own(segments);
    if (found) return found.value;
    for (let n = segments.length - 1; n >= 0; n--) {
      const ancestor = this.own(segments.slice(0, n));
      if (ancestor) return n === 0 ? ancestor.value : (ancestor.key ?? ancestor.value);
    }
    return undefined;
  }
}
