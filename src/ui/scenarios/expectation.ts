/** A step's expectation as a sentence for the learner ("what you should see"). */
import type { StepExpectation } from '../../scenarios/index';

export function describeExpectation(expect: StepExpectation): string {
  const parts: string[] = [];
  if (expect.pod)
    parts.push(
      `the request reaches a pod labelled ${Object.entries(expect.pod.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (expect.external) parts.push(`the request leaves the cluster for ${expect.external.join(' or ')}`);
  if (expect.fails) parts.push('the request fails, and the trace says why');
  if (expect.sourceIp === 'preserved') parts.push("the pod sees the client's own address");
  if (expect.sourceIp === 'node') parts.push("the pod sees a node's address (SNAT)");
  if (expect.sticky === true) parts.push('repeating it reaches the same pod every time');
  if (expect.sticky === false) parts.push('repeating it spreads over several pods');
  if (expect.env?.present?.length) parts.push(`${expect.env.pod} has ${expect.env.present.join(', ')}`);
  if (expect.env?.absent?.length) parts.push(`${expect.env.pod} has no ${expect.env.absent.join(', ')}`);
  // The Gateway API and migrating to it (issue 17).
  if (expect.http?.status !== undefined)
    parts.push(
      `the answer is HTTP ${expect.http.status}${expect.http.server ? ` from ${expect.http.server === 'envoy-gateway' ? 'the Gateway (Envoy)' : 'ingress-nginx'}` : ''}`,
    );
  const route = expect.routeStatus;
  if (route?.accepted) parts.push(`${route.kind ?? 'HTTPRoute'} ${route.route} is accepted`);
  if (route?.notAccepted)
    parts.push(`${route.kind ?? 'HTTPRoute'} ${route.route} is not accepted (${route.notAccepted}), red on the graph`);
  if (route?.resolvedRefs && route.resolvedRefs !== 'ResolvedRefs') parts.push(`its backendRef does not resolve (${route.resolvedRefs})`);
  if (expect.conversion?.unconverted.length)
    parts.push(`the migration view (G) lists ${expect.conversion.unconverted.join(', ')} as having no equivalent`);
  const text = parts.join('; ');
  return text ? `${text[0]?.toUpperCase()}${text.slice(1)}.` : '';
}
