/**
 * Issue 14 end to end: a real Mosquitto, a real central on SQLite, a station whose
 * connection dies (its Last Will, published by the broker), and a real HTTP receiver.
 * Central's clock is injected, so "after the threshold" is the clock moved past it.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { startCentralFixture, type CentralFixture, type FixtureOptions } from '../../helpers/central-fixture.ts';
import { startMosquitto } from '../../helpers/mosquitto.ts';
import { startSmtpSink } from '../../helpers/smtp-sink.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startWebhookReceiver as startReceiver, type WebhookReceiver as Receiver } from '../../helpers/webhook-receiver.ts';

const topics = topicsFor('vs/v1');
const T0 = Date.parse('2026-12-02T09:00:00.000Z');

describe('alerts: central tells people when a station goes offline and comes back', () => {
  let fixture: CentralFixture | undefined;
  let receivers: Receiver[] = [];
  let clockMs = T0;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
    for (const receiver of receivers) await receiver.close();
    receivers = [];
  });

  async function start(
    webhooks: { url: string; sites?: string[] }[],
    more: Pick<FixtureOptions, 'broker'> & { store?: SqliteStore; keepClock?: boolean; email?: Record<string, unknown> } = {},
  ): Promise<CentralFixture> {
    if (!more.keepClock) clockMs = T0;
    fixture = await startCentralFixture({
      configOverrides: { alerts: { offlineAfterSeconds: 120, webhooks, ...(more.email ? { email: more.email } : {}) } },
      // Retries at once by the injected clock (full jitter under a 1 ms cap), so three failures take three passes.
      deps: { now: () => new Date(clockMs), alerts: { evaluateEveryMs: 50, retry: { baseMs: 1, capMs: 1 } }, ...(more.store ? { store: more.store } : {}) },
      ...(more.broker ? { broker: more.broker } : {}),
    });
    return fixture;
  }

  const evaluations = (f: CentralFixture) => f.logLines().filter((line) => line.msg === 'alert conditions evaluated') as { pending: number; held: number }[];

  /** Waits for an evaluation that started after this call. */
  async function nextEvaluation(f: CentralFixture, check: (line: { pending: number; held: number }) => boolean = () => true) {
    const before = evaluations(f).length;
    return eventually(() => evaluations(f).slice(before).find(check), 10_000, 'an alert evaluation');
  }

  async function stationWithLastWill(f: CentralFixture) {
    const statusTopic = topics.station('ST-0001', 'status');
    const agent = await mqtt.connectAsync(f.broker.url, {
      clientId: 'agent-ST-0001',
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 5,
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', reason: 'lost' })), qos: 1, retain: true },
    });
    const online = { v: 1, state: 'online', at: new Date(clockMs).toISOString(), siteId: 'SITE-01', reader: { driver: 'simulated', state: 'connected' } };
    await agent.publishAsync(statusTopic, JSON.stringify(online), { qos: 1, retain: true });
    return { agent, online, statusTopic };
  }

  it('posts one open after the threshold when the agent dies, and one closed when it is back', async () => {
    const receiver = await startReceiver();
    const elsewhere = await startReceiver();
    receivers.push(receiver, elsewhere);
    const f = await start([{ url: receiver.url, sites: ['SITE-01'] }, { url: elsewhere.url, sites: ['SITE-99'] }]);
    const { agent, statusTopic } = await stationWithLastWill(f);
    await nextEvaluation(f, (line) => line.held === 0);

    // The agent is killed: no DISCONNECT, so the broker publishes its Last Will.
    agent.stream.destroy();
    await nextEvaluation(f, (line) => line.pending === 1);
    clockMs += 60_000;
    await nextEvaluation(f, (line) => line.pending === 1);
    expect(receiver.requests).toBe(0);

    clockMs += 61_000;
    const [opened] = await eventually(() => receiver.accepted.length > 0 && receiver.accepted, 10_000, 'the open webhook');
    expect(opened).toEqual({ v: 1, alert: 'station-offline', state: 'open', stationId: 'ST-0001', siteId: 'SITE-01', since: new Date(T0).toISOString(), at: new Date(T0 + 121_000).toISOString() });
    clockMs += 600_000;
    await nextEvaluation(f);
    await nextEvaluation(f);
    expect(receiver.accepted).toHaveLength(1);

    // Back online: one closed, at once (clearing needs no hold).
    await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'online', at: new Date(clockMs).toISOString(), siteId: 'SITE-01', reader: { driver: 'simulated', state: 'connected' } }));
    await eventually(() => receiver.accepted.length === 2, 10_000, 'the closed webhook');
    expect(receiver.accepted[1]).toMatchObject({ alert: 'station-offline', state: 'closed', stationId: 'ST-0001', since: new Date(T0).toISOString(), at: new Date(clockMs).toISOString() });
    await nextEvaluation(f);
    await nextEvaluation(f);
    expect(receiver.accepted).toHaveLength(2);
    // A webhook for another site hears nothing of SITE-01.
    expect(elsewhere.requests).toBe(0);
    expect(await f.central.store.alerts.listOpenEpisodes()).toEqual([]);
  });

  it('retries a receiver that fails three times, which then gets the event exactly once', async () => {
    const receiver = await startReceiver(3);
    receivers.push(receiver);
    const f = await start([{ url: receiver.url }]);
    const { statusTopic } = await stationWithLastWill(f);
    await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'offline', at: new Date(clockMs).toISOString(), reason: 'shutdown' }));
    await nextEvaluation(f, (line) => line.pending === 1);
    clockMs += 120_000;
    await eventually(() => receiver.accepted.length > 0, 10_000, 'the webhook after three failures');
    expect(receiver.requests).toBe(4);
    expect(receiver.accepted[0]).toMatchObject({ alert: 'station-offline', state: 'open', stationId: 'ST-0001' });
    await nextEvaluation(f);
    await nextEvaluation(f);
    expect(receiver.requests).toBe(4);
    const retries = f.logLines().filter((line) => line.msg === 'alert webhook failed; will retry');
    expect(retries).toHaveLength(3);
    // The URL's token is not logged.
    expect(JSON.stringify(retries)).not.toContain('secret');
  });

  it('keeps an open episode across a central restart: no second open, one closed', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const broker = await startMosquitto({ websockets: false });
    const dir = mkdtempSync(join(tmpdir(), 'central-alerts-restart-'));
    try {
      const first = await start([{ url: receiver.url }], { broker, store: SqliteStore.open(dir) });
      const { agent } = await stationWithLastWill(first);
      agent.stream.destroy();
      await nextEvaluation(first, (line) => line.pending === 1);
      clockMs += 121_000;
      await eventually(() => receiver.accepted.length === 1, 10_000, 'the open webhook');
      await first.stop();
      fixture = undefined;

      // The new process gets the retained Last Will again and finds the episode in the store.
      const second = await start([{ url: receiver.url }], { broker, store: SqliteStore.open(dir), keepClock: true });
      clockMs += 300_000;
      await nextEvaluation(second, (line) => line.held === 1);
      await nextEvaluation(second, (line) => line.held === 1);
      expect(receiver.accepted).toHaveLength(1);
      expect(await second.central.store.alerts.listOpenEpisodes()).toHaveLength(1);

      await second.publishRaw(topics.station('ST-0001', 'status'), JSON.stringify({ v: 1, state: 'online', at: new Date(clockMs).toISOString(), siteId: 'SITE-01' }));
      await eventually(() => receiver.accepted.length === 2, 10_000, 'the closed webhook');
      expect(receiver.accepted.map((body) => body.state)).toEqual(['open', 'closed']);
    } finally {
      await fixture?.stop();
      fixture = undefined;
      await broker.stop();
    }
  });

  it('emails the open and the closed event once each, in Chinese and English', async () => {
    const smtp = await startSmtpSink();
    const { port, mails } = smtp;
    try {
      const f = await start([], { email: { smtp: { host: '127.0.0.1', port }, from: 'central@example.org', to: ['ops@example.org', 'lead@example.org'], sites: ['SITE-01'] } });
      const { statusTopic } = await stationWithLastWill(f);
      await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'offline', at: new Date(clockMs).toISOString(), reason: 'shutdown' }));
      await nextEvaluation(f, (line) => line.pending === 1);
      clockMs += 120_000;
      await eventually(() => mails.length === 1, 10_000, 'the alert email');
      expect(mails[0]!.to).toBe('ops@example.org,lead@example.org');
      expect(mails[0]!.subject).toContain('告警');
      expect(mails[0]!.subject).toContain('ST-0001 站点离线');
      expect(mails[0]!.subject).toContain('Station offline');
      expect(mails[0]!.text).toContain('告警：站点离线');
      expect(mails[0]!.text).toContain('Alert: Station offline');
      await f.publishRaw(statusTopic, JSON.stringify({ v: 1, state: 'online', at: new Date(clockMs).toISOString(), siteId: 'SITE-01' }));
      await eventually(() => mails.length === 2, 10_000, 'the resolved email');
      expect(mails[1]!.subject).toContain('已恢复');
      expect(mails[1]!.text).toContain('Resolved: Station offline');
      await nextEvaluation(f);
      await nextEvaluation(f);
      expect(mails).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });
});
