/**
 * Scheduled activities (issue 16, protocol v2 showFrom/showUntil) on a real SQLite store
 * and a real Mosquitto: a publish sends only what is shown at that moment, and the
 * content scheduler publishes a site again exactly when an item's time to appear or to
 * disappear comes, and not otherwise. The clock is the test's; the broker is real.
 */
import mqtt from 'mqtt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentFileSchema, validate, type ContentFile } from '../../../shared/index.ts';
import { publishContentVersion } from '../../../central/content/content-versions.ts';
import { ContentScheduler, nextScheduleChange } from '../../../central/content/content-scheduler.ts';
import { publishContent, type ContentMessage } from '../../../central/content/publish-content.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';

const T0 = Date.parse('2026-12-02T08:00:00.000Z');
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

const activity = (id: string, schedule: { showFrom?: string; showUntil?: string } = {}) => ({
  id,
  title: { zh: `活动${id}`, en: `Activity ${id}` },
  category: 'civilised-traffic' as const,
  startsAt: '2026-12-09T01:00:00.000Z',
  endsAt: '2026-12-09T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
  ...schedule,
});

const CONTENT: ContentFile = {
  v: 1,
  activities: {
    'SITE-01': [activity('A-NOW'), activity('A-LATER', { showFrom: at(T0 + 10 * MIN) }), activity('A-UNTIL', { showUntil: at(T0 + 20 * MIN) })],
    'SITE-02': [activity('B-NOW')],
  },
  directory: [],
} as ContentFile;

/** The ids a kiosk connecting now gets in the retained Activities of `siteId`. */
async function shown(brokerUrl: string, siteId: string): Promise<string[]> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_topic, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync(`vs/v1/sites/${siteId}/activities`, { qos: 1 });
    return (JSON.parse(await message) as { items: { id: string }[] }).items.map((a) => a.id);
  } finally {
    await client.endAsync();
  }
}

describe('scheduled activities', () => {
  let broker: MosquittoBroker;
  let store: SqliteStore;
  let now = T0;
  const published: string[][] = [];
  let scheduler: ContentScheduler;
  const publishing = () => ({ broker: { url: broker.url }, topicRoot: 'vs/v1' });

  beforeAll(async () => {
    broker = await startMosquitto();
    store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'scheduled-')), 'data'));
    await store.migrate();
    scheduler = new ContentScheduler({
      contentVersions: store.contentVersions,
      publishing: publishing(),
      log: createCentralLogger('silent'),
      nowMs: () => now,
      // Counts what this job sends, then sends it to the real broker.
      publish: async (messages: readonly ContentMessage[]) => {
        published.push(messages.map((m) => m.topic));
        await publishContent(publishing().broker, messages);
      },
    });
    await publishContentVersion(store, publishing(), { content: CONTENT, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:test', nowIso: at(T0) });
  }, 60_000);
  afterAll(async () => {
    await scheduler?.stop();
    await store?.close();
    await broker?.stop();
  });

  it('validates showFrom and showUntil, with the problem beside showUntil', () => {
    const bad = { ...CONTENT, activities: { 'SITE-01': [activity('A-1', { showFrom: at(T0 + MIN), showUntil: at(T0) })] } };
    const result = validate(ContentFileSchema, bad);
    expect(result.ok ? [] : result.issues).toEqual(['activities.SITE-01.0.showUntil: showUntil must be after showFrom']);
  });

  it('publishes only what is shown at the moment of publishing', async () => {
    expect(await shown(broker.url, 'SITE-01')).toEqual(['A-NOW', 'A-UNTIL']);
    expect(await shown(broker.url, 'SITE-02')).toEqual(['B-NOW']);
    // The editor and the file keep the whole schedule: it is only the kiosks that wait.
    expect((await store.contentVersions.latest())?.content.activities['SITE-01']?.map((a) => a.id)).toEqual(['A-NOW', 'A-LATER', 'A-UNTIL']);
  });

  it('publishes nothing while nothing changes, and says when the next change is', async () => {
    now = T0 + 9 * MIN;
    expect(await scheduler.runOnce()).toBe(T0 + 10 * MIN);
    expect(published).toEqual([]);
    expect(nextScheduleChange(CONTENT, T0 + 15 * MIN)).toBe(T0 + 20 * MIN);
  });

  it('publishes the site again when an item is due to appear, and only that site', async () => {
    now = T0 + 10 * MIN;
    await scheduler.runOnce();
    expect(published).toEqual([['vs/v1/sites/SITE-01/activities']]);
    expect(await shown(broker.url, 'SITE-01')).toEqual(['A-NOW', 'A-LATER', 'A-UNTIL']);
    now = T0 + 11 * MIN;
    await scheduler.runOnce();
    expect(published).toHaveLength(1);
  });

  it('takes an item off when its showUntil comes', async () => {
    now = T0 + 20 * MIN;
    expect(await scheduler.runOnce()).toBeUndefined();
    expect(published).toHaveLength(2);
    expect(await shown(broker.url, 'SITE-01')).toEqual(['A-NOW', 'A-LATER']);
  });

  it('after a restart, catches up on a change it slept through, once', async () => {
    // A new version published at T0+20 min with an item due at T0+30 min; this replica then restarts and wakes at T0+40 min.
    const next: ContentFile = { ...CONTENT, activities: { ...CONTENT.activities, 'SITE-02': [activity('B-NOW'), activity('B-LATER', { showFrom: at(T0 + 30 * MIN) })] } };
    await publishContentVersion(store, publishing(), { content: next, baseVersion: 1, by: 'alice', catalogueActor: 'alice', nowIso: at(T0 + 20 * MIN) });
    expect(await shown(broker.url, 'SITE-02')).toEqual(['B-NOW']);
    const sent: string[][] = [];
    const restarted = new ContentScheduler({
      contentVersions: store.contentVersions,
      publishing: publishing(),
      log: createCentralLogger('silent'),
      nowMs: () => T0 + 40 * MIN,
      publish: async (messages) => {
        sent.push(messages.map((m) => m.topic));
        await publishContent(publishing().broker, messages);
      },
    });
    await restarted.runOnce();
    await restarted.runOnce();
    expect(sent).toEqual([['vs/v1/sites/SITE-02/activities']]);
    expect(await shown(broker.url, 'SITE-02')).toEqual(['B-NOW', 'B-LATER']);
  });

  it('does nothing on a replica that does not hold the jobs lease', async () => {
    const sent: unknown[] = [];
    const follower = new ContentScheduler({
      contentVersions: store.contentVersions,
      publishing: publishing(),
      log: createCentralLogger('silent'),
      nowMs: () => T0 + 40 * MIN,
      leader: { holds: () => false },
      publish: async (messages) => void sent.push(messages),
    });
    expect(await follower.runOnce()).toBeUndefined();
    expect(sent).toEqual([]);
  });
});
