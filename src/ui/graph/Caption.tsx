/** The current hop's one-line explanation, under the graph (presentation view and embeds). */
import { lastHop, useAnimation } from '../../app/stores/animation';

const LONG_CAPTION = 180;

export function Caption() {
  const result = useAnimation((s) => s.result);
  const step = useAnimation((s) => s.step);
  const hop = result && step >= 0 ? result.placed.places[step]?.hop : undefined;
  const failed = result && step >= lastHop({ result }) && !result.trace.ok;
  // A long explanation (an ingress controller's matching, ~400 characters) in smaller type, so it
  // does not take the graph's height: still 18 px in the presentation view (app.css).
  const long = (hop?.note.length ?? 0) > LONG_CAPTION;
  return (
    <div className={`embed-caption${failed ? ' failed' : ''}${long ? ' long' : ''}`} data-testid="embed-caption" aria-live="polite">
      {hop ? hop.note : ''}
    </div>
  );
}
