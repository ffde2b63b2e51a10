/**
 * The editor pane: a plain text area at once, Monaco as soon as it has loaded (lazily, after the
 * graph), and the list of problems under it.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { actions } from '../../app/actions/index';
import { useDocument } from '../../app/stores/document';
import { useSimulation } from '../../app/stores/simulation';
import { useSelection } from '../../app/stores/selection';
import { useDarkMode } from '../hooks/useDarkMode';
import { DiagnosticsList } from '../DiagnosticsList';
import type { SourceLocation } from '../../engine/index';

const MonacoEditor = lazy(() => import('./MonacoEditor'));

/** Monaco is not asked for before the graph, or this long if the graph is slow to come. */
const MONACO_AT_THE_LATEST_MS = 2500;

/**
 * Whether to load Monaco now: once the first graph has been painted (its 3 MB would otherwise be
 * parsed and run on the two cores the engine worker and the graph need), or after a while anyway.
 */
function useMonacoTurn(): boolean {
  const hasGraph = useSimulation((s) => s.snapshot !== undefined);
  const [turn, setTurn] = useState(false);
  useEffect(() => {
    if (turn) return;
    if (hasGraph) {
      // After the frame that paints the graph.
      const frame = requestAnimationFrame(() => setTimeout(() => setTurn(true), 0));
      return () => cancelAnimationFrame(frame);
    }
    const timer = setTimeout(() => setTurn(true), MONACO_AT_THE_LATEST_MS);
    return () => clearTimeout(timer);
  }, [hasGraph, turn]);
  return turn;
}

function PlainEditor({ value, onChange, readOnly }: { value: string; onChange(v: string): void; readOnly?: boolean }) {
  return (
    <textarea
      className="plain-editor"
      data-testid="yaml-input"
      aria-label="Cluster YAML (the full editor is loading)"
      spellCheck={false}
      value={value}
      readOnly={readOnly}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The graph element whose object's YAML contains the line. */
function elementAtLine(sources: Record<string, SourceLocation>, line: number): string | undefined {
  let best: { id: string; size: number; rank: number } | undefined;
  for (const [id, s] of Object.entries(sources)) {
    if (line < s.line || line > s.endLine) continue;
    // Pods share their Deployment's range: prefer the Service/Endpoints/Ingress drawn for the document itself.
    const rank = id.startsWith('pod:') ? 1 : 0;
    const size = s.endLine - s.line;
    if (!best || rank < best.rank || (rank === best.rank && size < best.size)) best = { id, size, rank };
  }
  return best?.id;
}

/** Typing in the editor: an action, like every other intent. */
const typeYaml = (yaml: string) => void actions.typeYaml.run(yaml);

export function EditorPane({ readOnly }: { readOnly?: boolean }) {
  const yaml = useDocument((s) => s.yaml);
  const diagnostics = useSimulation((s) => s.diagnostics);
  const sources = useSimulation((s) => s.snapshot?.sources);
  const selected = useSelection((s) => s.selected);
  const origin = useSelection((s) => s.origin);
  const dark = useDarkMode();
  const monacoTurn = useMonacoTurn();
  const reveal = useMemo(() => (selected && origin !== 'editor' ? sources?.[selected] : undefined), [selected, origin, sources]);
  const onCursorLine = (line: number) => {
    const id = sources ? elementAtLine(sources, line) : undefined;
    if (id) void actions.select.run(id, 'editor');
  };
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;

  return (
    <section className="editor-pane" aria-label="YAML editor">
      <div className="editor-frame">
        {monacoTurn ? (
          <Suspense fallback={<PlainEditor value={yaml} onChange={typeYaml} readOnly={readOnly} />}>
            <MonacoEditor
              value={yaml}
              onChange={typeYaml}
              diagnostics={diagnostics}
              reveal={reveal}
              onCursorLine={onCursorLine}
              dark={dark}
              readOnly={readOnly}
            />
          </Suspense>
        ) : (
          <PlainEditor value={yaml} onChange={typeYaml} readOnly={readOnly} />
        )}
      </div>
      <details className="problems" open={errors > 0}>
        <summary>
          Problems{' '}
          <span className={errors ? 'badge error' : 'badge'} data-testid="problem-count">
            {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
          </span>
        </summary>
        <DiagnosticsList diagnostics={diagnostics} />
      </details>
    </section>
  );
}
