/**
 * ingress-nginx's retirement, said where Ingresses are shown: the Ingress inspector (whose what-if
 * buttons offer the migration view) and the migration view.
 */

export const RETIREMENT_TEXT =
  'ingress-nginx is retired: SIG Network and the Security Response Committee announced it on 2025-11-11, and its maintenance ended in March 2026 (no more releases, bug fixes or security fixes). The Gateway API is its successor.';

export function RetirementNotice() {
  return (
    <p className="retirement" role="note" data-testid="ingress-nginx-retired">
      {RETIREMENT_TEXT}
    </p>
  );
}
