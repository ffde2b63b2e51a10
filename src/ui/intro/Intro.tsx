/**
 * The first visit's introduction: what svcscope is, how to send a request, where the scenarios
 * are. Dismissed once, it never shows again (the settings store keeps the flag; with storage
 * blocked, for this page's life). The full app only: an embed is the author's slide, not a first visit.
 */
import { useSettings } from '../../app/stores/settings';
import { actions } from '../../app/actions/index';

export function Intro() {
  const dismissed = useSettings((s) => s.introDismissed);
  if (dismissed) return null;
  return (
    <section className="intro" aria-labelledby="intro-title" data-testid="intro">
      <div>
        <h2 id="intro-title">Welcome to svcscope</h2>
        <p>
          A Kubernetes cluster simulated in your browser: write Services, Pods and Ingresses as YAML on the left, and watch how a request
          finds its pod — DNS, kube-proxy&apos;s rules, NAT, hop by hop.
        </p>
        <ul>
          <li>
            <strong>Send a request:</strong> pick who sends it in <em>From</em>, type a URL in <em>To</em> (or choose one in{' '}
            <em>Presets…</em>), then press <em>Send</em> (Ctrl+Enter); <em>⋯</em> sets the method, Host header and protocol.
          </li>
          <li>
            <strong>Guided scenarios:</strong> the <em>Scenarios…</em> list at the top left walks through ClusterIP, headless, NodePort,
            LoadBalancer and Ingress step by step.
          </li>
        </ul>
      </div>
      <button type="button" className="primary" onClick={() => void actions.dismissIntro.run()} data-testid="intro-dismiss">
        Got it
      </button>
    </section>
  );
}
