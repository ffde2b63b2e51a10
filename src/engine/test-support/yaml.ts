/**
 * A template tag for YAML in tests, so that manifests can be indented with the code around them
 * and still have easy-to-count lines:
 *
 *     const text = yaml`
 *       apiVersion: v1
 *       kind: Service
 *     `;
 *
 * gives `apiVersion: v1\nkind: Service\n`: the newline right after the opening backtick is
 * dropped (so line 1 is the first line of YAML), the indentation common to all non-blank lines
 * is removed (so column 1 is the first column of the least indented line), and the spaces before
 * the closing backtick are dropped. Interpolated values are inserted before the indentation is
 * measured, so a multi-line value must carry the template's indentation itself.
 */
export function yaml(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  const text = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  return dedent(text);
}

/** The same transformation as `yaml`, for a string built some other way. */
export function dedent(input: string): string {
  let text = input.startsWith('\r\n') ? input.slice(2) : input.startsWith('\n') ? input.slice(1) : input;
  text = text.replace(/\n[ \t]*$/, '\n');
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(common))).join('\n');
}
