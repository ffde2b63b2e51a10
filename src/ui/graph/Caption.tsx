/** The current hop's one-line explanation, under the graph (presentation view and embeds). */
import { lastHop, useAnimation } from '../../app/stores/animation';

export function Caption() {
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const hop = result && step >= 0 ? result.placed.places[step]?.hop : undefined;
  const failed = result && step >= lastHop({ result }) && !result.trace.ok;
  return (
    <div className={`embed-caption${failed ? ' failed' : ''}`} data-testid="embed-caption" aria-live="polite">
      {hop ? hop.note : ''}
    </div>
  );
}
