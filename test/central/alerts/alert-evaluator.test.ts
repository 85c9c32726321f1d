/**
 * The evaluator in a real central (real Mosquitto, real SQLite store, a real HTTP
 * receiver): a seq gap left unfilled is one seq-gap episode, and an episode opens when its
 * hold runs out, not at the next timer tick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

const topics = topicsFor('vs/v1');
const T0 = Date.parse('2026-12-02T09:00:00.000Z');
const statusTopic = topics.station('ST-0001', 'status');

describe('alert evaluator in central', () => {
  let fixture: CentralFixture | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
    await receiver?.close();
    receiver = undefined;
  });

  const evaluations = (f: CentralFixture) => f.logLines().filter((line) => line.msg === 'alert conditions evaluated') as { pending: number; held: number }[];
  async function nextEvaluation(f: CentralFixture, check: (line: { pending: number; held: number }) => boolean = () => true) {
    const before = evaluations(f).length;
    return eventually(() => evaluations(f).slice(before).find(check), 10_000, 'an alert evaluation');
  }

  it('a seq gap left unfilled for its hold opens one seq-gap webhook; the late check-in that fills it closes it', async () => {
    let clockMs = T0;
    const hook = (receiver = await startWebhookReceiver());
    const f = (fixture = await startCentralFixture({
      configOverrides: { alerts: { webhooks: [{ url: hook.url }] } },
      deps: { now: () => new Date(clockMs), alerts: { evaluateEveryMs: 50 } },
    }));
    const at = () => new Date(clockMs).toISOString();
    await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'online', at: at(), siteId: 'SITE-01', reader: { driver: 'simulated', state: 'connected' } }));
    await f.publishCheckIn({ seq: 1, card: { uid: '04A1B2C3', tech: 'em4100' }, at: at() });
    await f.publishCheckIn({ seq: 3, card: { uid: '55667788', tech: 'em4100' }, at: at() });
    await eventually(() => f.results.length === 2, 10_000, 'results for seq 1 and 3');
    expect(await f.central.store.listSeqGaps('ST-0001')).toMatchObject([{ fromSeq: 2, toSeq: 2 }]);
    await nextEvaluation(f, (line) => line.pending === 1);

    // The default seq-gap hold is 10 min: just short of it, nothing.
    clockMs += 599_000;
    await nextEvaluation(f, (line) => line.pending === 1);
    expect(hook.requests).toBe(0);
    clockMs += 1_000;
    await eventually(() => hook.accepted.length === 1, 10_000, 'the seq-gap webhook');
    expect(hook.accepted[0]).toEqual({ v: 1, alert: 'seq-gap', state: 'open', stationId: 'ST-0001', siteId: 'SITE-01', since: new Date(T0).toISOString(), at: new Date(T0 + 600_000).toISOString() });
    await nextEvaluation(f);
    await nextEvaluation(f);
    expect(hook.accepted).toHaveLength(1);

    // The agent's outbox delivers seq 2 late: the gap is filled, the episode closes.
    await f.publishCheckIn({ seq: 2, card: { uid: '0A0B0C0D0E', tech: 'em4100' }, at: new Date(T0).toISOString() });
    await eventually(() => hook.accepted.length === 2, 10_000, 'the closed webhook');
    expect(hook.accepted[1]).toMatchObject({ alert: 'seq-gap', state: 'closed', stationId: 'ST-0001' });
    await nextEvaluation(f);
    await nextEvaluation(f);
    expect(hook.accepted).toHaveLength(2);
    expect(await f.central.store.alerts.listOpenEpisodes()).toEqual([]);
  });

  it('opens when the hold runs out, long before the next timer evaluation', async () => {
    const hook = (receiver = await startWebhookReceiver());
    // Real clock, a 1 s hold and a timer 10 min away: only the evaluation set for the hold's end can open it.
    const f = (fixture = await startCentralFixture({
      configOverrides: { alerts: { holdSeconds: { 'station-offline': 1 }, webhooks: [{ url: hook.url }] } },
      deps: { alerts: { evaluateEveryMs: 600_000 } },
    }));
    // Counted from before the publish: the status's own evaluation may log before publishRaw returns.
    const before = evaluations(f).length;
    await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'offline', at: new Date().toISOString(), reason: 'shutdown' }));
    await eventually(() => evaluations(f).slice(before).some((line) => line.pending === 1), 10_000, 'the status held, pending its 1 s hold');
    await eventually(() => hook.accepted.length === 1, 10_000, 'the open webhook, without a timer tick');
    expect(hook.accepted[0]).toMatchObject({ alert: 'station-offline', state: 'open', stationId: 'ST-0001' });
  });
});
