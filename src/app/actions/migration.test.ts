/**
 * The migration view's actions against the real engine session, over Comlink in the same thread:
 * the view offers an Ingress request when the request bar's goes elsewhere, sends the same request
 * through both, and "Apply the Gateway version" is one undoable edit of the YAML.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { EngineClient, setEngineClient } from '../engine-client';
import { EngineSession } from '../../worker/session';
import { elkInProcess } from '../../graph/elk-in-process';
import { joinDocuments } from '../../scenarios/compose';
import randomGenerator from '../../scenarios/seed/random-generator-deployment.yaml?raw';
import ingress139 from '../../scenarios/seed/13-9-nginx-ingress.yaml?raw';
import randomGenerator8080 from '../../scenarios/builtin/random-generator-8080.yaml?raw';
import clusterStatus from '../../scenarios/builtin/cluster-status.yaml?raw';
import { actions } from './index';
import { useMigration } from '../stores/migration';
import { useAnimation } from '../stores/animation';
import { useDocument } from '../stores/document';

const FANOUT = joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, ingress139);

/** A worker in this thread: the session exposed on one end of a MessageChannel (as in engine-client.test.ts). */
function inThreadWorker(session: EngineSession): Worker {
  const channel = new MessageChannel();
  expose(session, channel.port2);
  const target = new EventTarget();
  channel.port1.addEventListener('message', (e) => target.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data })));
  channel.port1.start();
  return Object.assign(target, {
    postMessage: (m: unknown) => channel.port1.postMessage(m),
    terminate: () => channel.port1.close(),
  }) as unknown as Worker;
}

describe('the migration actions', () => {
  beforeAll(async () => {
    const session = new EngineSession(elkInProcess());
    await session.simulate({ yaml: FANOUT, options: {}, actions: [], showSystem: false });
    setEngineClient(new EngineClient(() => inThreadWorker(session)));
    useDocument.getState().load({ yaml: FANOUT });
  });

  it('opening offers the first Ingress path when the request bar goes elsewhere, and compares the same request both ways', async () => {
    useAnimation.setState({ request: { from: { external: '198.51.100.77' }, to: 'http://203.0.113.10/' }, toText: 'http://203.0.113.10/' });
    actions.openMigration.run();
    expect(useMigration.getState()).toMatchObject({ open: true, target: 'http://203.0.113.10/', fromRequestBar: true });
    await actions.refreshMigration.run();
    expect(useMigration.getState().target).toBe('http://203.0.113.250/');
    actions.setMigrationTarget.run('http://203.0.113.250/cluster-status');
    await actions.compareMigration.run();
    const { comparison } = useMigration.getState();
    expect(comparison?.throughIngress).toBe(true);
    expect([comparison?.ingress.backend, comparison?.gateway.backend]).toEqual(['Deployment cluster-status', 'Deployment cluster-status']);
    expect(comparison?.differences).toEqual([]);
  });

  it("keeps the request bar's request when it goes to an Ingress", async () => {
    useAnimation.setState({ toText: 'http://203.0.113.250/cluster-status' });
    actions.openMigration.run();
    await actions.refreshMigration.run();
    expect(useMigration.getState().target).toBe('http://203.0.113.250/cluster-status');
  });

  it('Apply the Gateway version adds the Gateway and the route to the YAML, the Ingress kept, as one what-if ↶ takes back', async () => {
    expect(actions.applyGatewayVersion.enabled?.()).toBe(true);
    await actions.applyGatewayVersion.run();
    const yaml = useDocument.getState().yaml;
    expect(yaml.startsWith(FANOUT.trimEnd())).toBe(true);
    expect(yaml).toContain('kind: Gateway\n');
    expect(yaml).toContain('name: random-generator-all-hosts');
    expect(useMigration.getState().applied).toMatch(/Gateway\/nginx, HTTPRoute\/random-generator-all-hosts.*Ingresses stay/);
    actions.undo.run();
    expect(useDocument.getState().yaml).toBe(FANOUT);
  });
});
