/**
 * Issue 14, alert emails to subscribers, end to end: a real Mosquitto, a real central on
 * SQLite (restarted on the same file), a real SMTP server. Central's clock is injected and
 * pinned to a Shanghai night (23:00), so the quiet hours and the 08:00 digest do not depend
 * on when the suite runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const statusTopic = topicsFor('vs/v1').station('ST-0001', 'status');
/** 23:00 in Shanghai. */
const NIGHT = Date.parse('2026-12-02T23:00:00+08:00');
const DIGEST_TIME = Date.parse('2026-12-03T08:00:00+08:00');
const quiet = { from: '22:00', to: '07:00' };

describe('alert emails to subscribers: quiet hours and the daily digest', () => {
  let fixture: CentralFixture | undefined;
  let broker: MosquittoBroker | undefined;
  let smtp: SmtpSink | undefined;
  let clockMs = NIGHT;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
    await broker?.stop();
    await smtp?.close();
  });

  const start = async (dir: string) => {
    fixture = await startCentralFixture({
      configOverrides: { alerts: { offlineAfterSeconds: 120, email: { smtp: { host: '127.0.0.1', port: smtp!.port }, from: 'central@example.org', to: ['config@example.org'], sites: ['SITE-01'] } } },
      deps: { now: () => new Date(clockMs), alerts: { evaluateEveryMs: 50, retry: { baseMs: 1, capMs: 1 } }, store: SqliteStore.open(dir) },
      broker: broker!,
    });
    return fixture;
  };
  const evaluations = (f: CentralFixture) => f.logLines().filter((line) => line.msg === 'alert conditions evaluated');
  const settle = async (f: CentralFixture, passes = 3) => {
    const before = evaluations(f).length;
    await eventually(() => evaluations(f).length >= before + passes, 10_000, `${passes} alert evaluations`);
  };
  const mailsTo = (address: string) => smtp!.mails.filter((m) => m.to === address);
  const status = (state: 'online' | 'offline') =>
    JSON.stringify(state === 'online' ? { v: 1, state, at: new Date(clockMs).toISOString(), siteId: 'SITE-01' } : { v: 1, state, at: new Date(clockMs).toISOString(), reason: 'shutdown' });

  it('holds night events for the digest, mails the rest when quiet hours end, and sends one digest a day across a restart', async () => {
    broker = await startMosquitto({ websockets: false });
    smtp = await startSmtpSink();
    const dir = mkdtempSync(join(tmpdir(), 'central-alert-subscriptions-'));
    clockMs = NIGHT;
    const first = await start(dir);
    const put = await fetch(`${first.adminUrl}/api/alert-subscriptions`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subscriptions: [
          { email: 'night@example.org', sites: ['SITE-01'], quietHours: quiet, immediate: true, digestAt: '08:00' },
          { email: 'sleepy@example.org', sites: ['SITE-01'], quietHours: quiet, immediate: true },
          { email: 'awake@example.org', sites: ['SITE-01'], immediate: true },
        ],
      }),
    });
    expect(put.status, await put.text()).toBe(200);
    // Another account subscribed to a site this station is not at.
    await first.central.store.alertSubscriptions.replaceFor('bob', [{ email: 'site02@example.org', sites: ['SITE-02'], immediate: true, digestAt: '08:00' }], clockMs);

    // 23:00: ST-0001 goes offline and stays so past the threshold; back at 23:10.
    await first.publishRaw(statusTopic, status('online'));
    await settle(first);
    await first.publishRaw(statusTopic, status('offline'));
    await settle(first);
    clockMs += 120_000;
    await eventually(() => mailsTo('awake@example.org').length === 1, 10_000, 'the immediate alert email');
    clockMs = NIGHT + 10 * 60_000;
    await first.publishRaw(statusTopic, status('online'));
    await eventually(() => mailsTo('awake@example.org').length === 2, 10_000, 'the immediate resolved email');
    await settle(first);
    // The config recipients are mailed as before; the quiet ones and SITE-02's subscriber hear nothing at night.
    expect(mailsTo('config@example.org').map((m) => m.subject.slice(0, 4))).toEqual(['[告警 ', '[已恢复']);
    expect(smtp.mails.map((m) => m.to).sort()).toEqual(['awake@example.org', 'awake@example.org', 'config@example.org', 'config@example.org']);

    // 07:00 the quiet hours end: the subscriber without a digest gets both held mails.
    clockMs = Date.parse('2026-12-03T07:00:00+08:00');
    await eventually(() => mailsTo('sleepy@example.org').length === 2, 10_000, 'the held mails at the end of quiet hours');
    expect(mailsTo('night@example.org')).toEqual([]);

    // 08:00: one digest per subscriber, zh-CN then English.
    clockMs = DIGEST_TIME;
    const [digest] = await eventually(() => mailsTo('night@example.org').length === 1 && mailsTo('night@example.org'), 10_000, 'the digest');
    expect(digest!.subject).toContain('每日告警摘要 Daily alert digest');
    expect(digest!.subject).toContain('2026-12-03');
    expect(digest!.text).toContain('- 12-02 23:02 SITE-01 站点 ST-0001：站点离线（恢复于 12-02 23:10）');
    expect(digest!.text).toContain('- 12-02 23:02 SITE-01 Station ST-0001: Station offline (resolved 12-02 23:10)');
    expect(digest!.text.indexOf('每日告警摘要')).toBeLessThan(digest!.text.indexOf('Daily alert digest'));
    const [elsewhere] = await eventually(() => mailsTo('site02@example.org').length === 1 && mailsTo('site02@example.org'), 10_000, "SITE-02's digest");
    expect(elsewhere!.text).toContain('No alerts.');
    expect(elsewhere!.text).not.toContain('ST-0001');
    await settle(first);
    await first.stop();
    fixture = undefined;

    // Central restarts the same morning: no second digest.
    clockMs = DIGEST_TIME + 30 * 60_000;
    const second = await start(dir);
    await settle(second, 5);
    expect(mailsTo('night@example.org')).toHaveLength(1);
    expect(mailsTo('site02@example.org')).toHaveLength(1);
    expect(mailsTo('sleepy@example.org')).toHaveLength(2);
    // The next morning brings the next one.
    clockMs = DIGEST_TIME + 24 * 3_600_000;
    await eventually(() => mailsTo('night@example.org').length === 2, 10_000, "the next day's digest");
  });
});
