/**
 * The fleet console in real Chromium against a real Mosquitto: statuses render,
 * a killed agent turns offline through its Last Will, commands leave only after
 * confirmation and arrive valid, the site filter, and alerts.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandSchema, topicsFor, validate } from '../../shared/index.ts';
import { connectClient, iso, onlineKioskStatus, onlineStationStatus, openConsole, publishRetained, startConsoleWorld, uniqueTopicRoot, type ConsoleWorld } from '../helpers/console-harness.ts';

let world: ConsoleWorld;
let publisher: MqttClient;

beforeAll(async () => {
  world = await startConsoleWorld();
  publisher = await connectClient(world.broker.url);
});

afterAll(async () => {
  await publisher?.endAsync();
  await world?.close();
});

function configFor(topicRoot: string, extra: Record<string, unknown> = {}) {
  return { brokerUrl: world.broker.wsUrl, topicRoot, demoLogin: { username: 'manager', password: 'unused' }, ...extra };
}

/** Collects every message on a topic filter, for "what did the console publish". */
async function recorder(filter: string): Promise<{ messages: { topic: string; json: unknown }[]; stop(): Promise<void> }> {
  const client = await connectClient(world.broker.url);
  const messages: { topic: string; json: unknown }[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, json: JSON.parse(payload.toString()) }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { messages, stop: () => client.endAsync() };
}

describe('fleet console', () => {
  it('shows one row per station with its kiosk, reader, outbox and versions', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    await publishRetained(publisher, topics.station('ST-0001', 'status'), onlineStationStatus({ outbox: { pending: 3, oldestAt: iso() }, agent: { version: '2.1.0', startedAt: iso() } }));
    await publishRetained(publisher, topics.kioskStatus('K-0001'), onlineKioskStatus('ST-0001', { app: { version: '3.4.5' } }));
    await publishRetained(publisher, topics.station('ST-0002', 'status'), onlineStationStatus());
    const page = await openConsole(world, configFor(root));

    const row = page.locator('[data-station-row="ST-0001"]');
    await expect.poll(() => row.locator('[data-state]').first().getAttribute('data-state')).toBe('online');
    await expect.poll(() => row.locator('[data-kiosk="K-0001"] [data-state]').getAttribute('data-state')).toBe('online');
    const text = await row.innerText();
    expect(text).toContain('SITE-01');
    expect(text).toContain('3 pending');
    expect(text).toContain('agent 2.1.0');
    expect(text).toContain('app 3.4.5');
    expect(text).toContain('SW active 1.0.0');
    expect(await row.locator('[data-reader-state]').innerText()).toBe('connected');
    await expect.poll(() => page.locator('[data-station-row]').count()).toBe(2);
    await page.context().close();
  });

  it('shows a station offline when its agent dies, through the Last Will, and raises the alert', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    const statusTopic = topics.station('ST-0100', 'status');
    const agent = await connectClient(world.broker.url, {
      clientId: 'fake-agent-ST-0100',
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', reason: 'lost' })), qos: 1, retain: true },
    });
    await publishRetained(agent, statusTopic, onlineStationStatus());
    const page = await openConsole(world, configFor(root, { alertThresholds: { offlineMs: 1_000 } }));
    const badge = page.locator('[data-station-row="ST-0100"] [data-state]').first();
    await expect.poll(() => badge.getAttribute('data-state')).toBe('online');

    // Killing the socket without DISCONNECT is what a crash or a pulled cable looks like to the broker.
    agent.stream.destroy();

    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    await expect.poll(() => page.locator('[data-station-row="ST-0100"] [data-alert="station-offline"]').count(), { timeout: 15_000 }).toBe(1);
    agent.end(true);
    await page.context().close();
  });

  it('sends a command only after confirmation, as a valid QoS 1 Command on the station cmd topic', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    await publishRetained(publisher, topics.station('ST-0200', 'status'), onlineStationStatus());
    const sent = await recorder(topics.allStations('cmd'));
    const page = await openConsole(world, configFor(root));
    const row = page.locator('[data-station-row="ST-0200"]');

    // Cancel first: nothing may leave the console.
    await row.locator('[data-command="identify"]').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await row.locator('[data-command="identify"]').click();
    await page.locator('[data-confirm]').click();
    await expect.poll(() => sent.messages.length).toBe(1);

    await row.locator('[data-command="announce"]').click();
    await page.getByLabel('Announcement (中文)').fill('今天下午三点闭馆');
    await page.getByLabel('Announcement (English)').fill('Closing at 15:00 today');
    await page.locator('[data-confirm]').click();
    await expect.poll(() => sent.messages.length).toBe(2);

    await row.locator('[data-command="clear-announcement"]').click();
    await page.locator('[data-confirm]').click();
    await row.locator('[data-command="reload"]').click();
    await page.locator('[data-confirm]').click();
    await expect.poll(() => sent.messages.length).toBe(4);

    expect(sent.messages.map((m) => m.topic)).toEqual(Array(4).fill(topics.station('ST-0200', 'cmd')));
    const commands = sent.messages.map((m) => validate(CommandSchema, m.json));
    for (const command of commands) expect(command.ok, JSON.stringify(command)).toBe(true);
    const values = commands.flatMap((c) => (c.ok ? [c.value] : []));
    expect(values.map((c) => c.cmd)).toEqual(['identify', 'announce', 'clear-announcement', 'reload']);
    expect(values[1]).toMatchObject({ cmd: 'announce', args: { text: { zh: '今天下午三点闭馆', en: 'Closing at 15:00 today' } } });
    expect(new Set(values.map((c) => c.id)).size).toBe(4);
    // The notice follows the broker's PUBACK, which reaches the page (through the fleet worker) after the subscriber saw the message.
    await expect.poll(() => page.locator('[data-notice]').innerText()).toContain('Reload kiosk sent to ST-0200');
    await sent.stop();
    await page.context().close();
  });

  it('offers "simulate tap" only for simulated readers, with the demo cards and an unknown card', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    await publishRetained(publisher, topics.station('ST-SIM', 'status'), onlineStationStatus({ reader: { driver: 'simulated', state: 'connected' } }));
    await publishRetained(publisher, topics.station('ST-REAL', 'status'), onlineStationStatus());
    const sent = await recorder(topics.allStations('cmd'));
    const page = await openConsole(world, configFor(root, { demoCards: [{ label: 'Demo volunteer Wang', uid: '0A1B2C3D4E' }] }));

    await page.locator('[data-station-row="ST-SIM"]').waitFor();
    expect(await page.locator('[data-station-row="ST-REAL"] [data-command="simulate-tap"]').count()).toBe(0);
    await page.locator('[data-station-row="ST-SIM"] [data-command="simulate-tap"]').click();
    const dialogText = await page.locator('vs-command-dialog dialog').innerText();
    expect(dialogText).toContain('Demo volunteer Wang (…3D4E)');
    expect(dialogText).not.toContain('0A1B2C3D4E');
    await page.locator('[data-confirm]').click();
    await page.locator('[data-station-row="ST-SIM"] [data-command="simulate-tap"]').click();
    await page.getByLabel('Unknown card (random uid)').check();
    await page.locator('[data-confirm]').click();
    await expect.poll(() => sent.messages.length).toBe(2);

    const [known, unknown] = sent.messages.map((m) => m.json as { cmd: string; args: { uid: string } });
    expect(known).toMatchObject({ cmd: 'simulate-tap', args: { uid: '0A1B2C3D4E' } });
    expect(unknown?.args.uid).toMatch(/^[0-9A-F]{14}$/);
    for (const m of sent.messages) expect(validate(CommandSchema, m.json).ok).toBe(true);
    await sent.stop();
    await page.context().close();
  });

  it('filters by site', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    for (const [stationId, siteId] of [['ST-A1', 'SITE-A'], ['ST-A2', 'SITE-A'], ['ST-B1', 'SITE-B']] as const) {
      await publishRetained(publisher, topics.station(stationId, 'status'), onlineStationStatus({ siteId }));
    }
    // A station that only its kiosk has reported still gets its site from the kiosk.
    await publishRetained(publisher, topics.kioskStatus('K-B2'), onlineKioskStatus('ST-B2', { siteId: 'SITE-B' }));
    const page = await openConsole(world, configFor(root));
    await expect.poll(() => page.locator('[data-station-row]').count()).toBe(4);

    await page.locator('[data-site-filter]').selectOption('SITE-B');
    await expect.poll(() => page.locator('[data-station-row]').count()).toBe(2);
    expect(await page.locator('[data-station-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station-row')))).toEqual(['ST-B1', 'ST-B2']);
    await page.locator('[data-site-filter]').selectOption('');
    await expect.poll(() => page.locator('[data-station-row]').count()).toBe(4);
    await page.context().close();
  });

  it('raises alerts for a disconnected reader, a stuck outbox, an old version and a wrong clock, and sorts them first', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    const tenMinutesAgo = iso(Date.now() - 10 * 60_000);
    await publishRetained(publisher, topics.station('ST-0001', 'status'), onlineStationStatus({ agent: { version: '1.4.0', startedAt: iso() } }));
    await publishRetained(publisher, topics.station('ST-0002', 'status'), onlineStationStatus({ agent: { version: '1.4.0', startedAt: iso() } }));
    await publishRetained(publisher, topics.station('ST-0003', 'status'), onlineStationStatus({ reader: { driver: 'pn532', state: 'disconnected', detail: 'ENOENT' } }));
    await publishRetained(publisher, topics.station('ST-0004', 'status'), onlineStationStatus({ agent: { version: '1.4.0', startedAt: iso() }, outbox: { pending: 7, oldestAt: tenMinutesAgo } }));
    const page = await openConsole(world, configFor(root));
    await expect.poll(() => page.locator('[data-station-row]').count()).toBe(4);

    // ST-0003 runs 1.0.0 (the default) while 1.4.0 is the newest seen.
    const st3 = page.locator('[data-station-row="ST-0003"]');
    await expect.poll(() => st3.locator('[data-alert]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')))).toEqual(['reader-disconnected', 'agent-version-behind']);
    await expect.poll(() => page.locator('[data-station-row="ST-0004"] [data-alert="outbox-stuck"]').innerText()).toContain('7 check-ins waiting');

    // A live (not retained) status whose own clock is 30 s behind ours.
    await publisher.publishAsync(topics.station('ST-0002', 'status'), JSON.stringify(onlineStationStatus({ at: iso(Date.now() - 30_000), agent: { version: '1.4.0', startedAt: iso() } })), { qos: 1 });
    await expect.poll(() => page.locator('[data-station-row="ST-0002"] [data-alert="station-clock"]').count()).toBe(1);

    const order = await page.locator('[data-station-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station-row')));
    expect(order).toEqual(['ST-0002', 'ST-0003', 'ST-0004', 'ST-0001']);
    expect(await page.locator('[data-alert-count]').innerText()).toBe('3 with alerts');
    await page.context().close();
  });

  it('ignores invalid statuses without losing the valid ones', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    await publishRetained(publisher, topics.station('ST-GOOD', 'status'), onlineStationStatus());
    await publishRetained(publisher, topics.station('ST-BAD', 'status'), { v: 1, state: 'sideways' });
    await publishRetained(publisher, topics.station('ST-JUNK', 'status'), 'not json {');
    const page = await openConsole(world, configFor(root));
    await page.locator('[data-station-row="ST-GOOD"]').waitFor();
    await expect.poll(() => page.getByText('2 invalid messages ignored').count()).toBe(1);
    expect(await page.locator('[data-station-row]').count()).toBe(1);
    await page.context().close();
  });

  it('rejects malformed live payloads in the fleet worker, counts them as ignored and keeps going', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    const page = await openConsole(world, configFor(root));
    const pageErrors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // Validation happens in the worker that holds the connection, not on the page's thread.
    expect(page.workers().map((worker) => worker.url())).toEqual([expect.stringMatching(/fleet-worker/)]);

    await publisher.publishAsync(topics.station('ST-UTF8', 'status'), Buffer.from([0xff, 0xfe, 0x7b, 0x00]), { qos: 1 });
    await publisher.publishAsync(topics.station('ST-ARRAY', 'status'), '[1, 2, 3]', { qos: 1 });
    await publisher.publishAsync(topics.station('ST-TYPES', 'status'), JSON.stringify(onlineStationStatus({ at: 42, outbox: { pending: 'many' } })), { qos: 1 });
    await publisher.publishAsync(topics.kioskStatus('K-NOSTATION'), JSON.stringify({ v: 1, state: 'online', at: iso() }), { qos: 1 });
    await publisher.publishAsync(topics.station('ST-HUGE', 'status'), `{"v":1,"state":"${'x'.repeat(200_000)}"}`, { qos: 1 });
    await publisher.publishAsync(topics.station('ST-AFTER', 'status'), JSON.stringify(onlineStationStatus()), { qos: 1 });

    await page.locator('[data-station-row="ST-AFTER"]').waitFor();
    await expect.poll(() => page.getByText('5 invalid messages ignored').count()).toBe(1);
    expect(await page.locator('[data-station-row]').count()).toBe(1);
    expect(await page.locator('[data-connection="connected"]').count()).toBe(1);
    // Each reason reaches the devtools console with its topic, so a sender can be found.
    await expect.poll(() => warnings.filter((text) => text.includes('invalid payload dropped')).length).toBe(5);
    expect(warnings.find((text) => text.includes('ST-TYPES'))).toMatch(/ST-TYPES\/status: invalid payload dropped \(.*at/);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('reconnects after the broker restarts and shows live changes again', async () => {
    const root = uniqueTopicRoot();
    const topics = topicsFor(root);
    await publishRetained(publisher, topics.station('ST-0300', 'status'), onlineStationStatus());
    const page = await openConsole(world, configFor(root));
    await page.locator('[data-station-row="ST-0300"]').waitFor();

    await world.broker.restart();
    // Without persistence the restarted broker has forgotten every retained status; the console keeps what it knew.
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-connection="connected"]').waitFor({ timeout: 45_000 });
    expect(await page.locator('[data-station-row="ST-0300"]').count()).toBe(1);

    publisher.end(true);
    publisher = await connectClient(world.broker.url);
    await publishRetained(publisher, topics.station('ST-0300', 'status'), onlineStationStatus({ outbox: { pending: 5, oldestAt: iso() } }));
    await expect.poll(() => page.locator('[data-station-row="ST-0300"] [data-outbox-pending]').innerText(), { timeout: 15_000 }).toBe('5 pending');
    await page.context().close();
  });

  it('says clearly when the broker cannot be reached', async () => {
    const root = uniqueTopicRoot();
    const page = await openConsole(world, { ...configFor(root), brokerUrl: 'ws://127.0.0.1:9' }, { signIn: false });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('[data-login-error]').innerText().catch(() => ''), { timeout: 20_000 }).toContain('Cannot reach the broker at ws://127.0.0.1:9');
    await page.context().close();
  });
});
