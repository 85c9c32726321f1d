/**
 * Tap -> Result flows for every status, driven by publishing to a real broker as the
 * agent and central would; plus the kiosk's retained status and its Last Will.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KioskStatusSchema, validate, type Result } from '../../shared/index.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';
import { eventually } from '../helpers/eventually.ts';

describe('kiosk tap feedback', () => {
  const kiosk = useOnlineKiosk({ context: { timezoneId: 'Asia/Shanghai' } });
  const overlay = () => kiosk.overlay();

  const tap = (id: string) => kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'taps'), { v: 1, id, at: new Date().toISOString() });
  const result = (fields: Partial<Result> & Pick<Result, 'id' | 'status'>) =>
    kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'results'), { v: 1, at: new Date().toISOString(), ...fields });

  const dismiss = () => kiosk.dismissOverlay();

  it('publishes a retained online KioskStatus with a Last Will-compatible shape', async () => {
    const statuses = await eventually(() => {
      const seen = kiosk.rig.messages(kiosk.rig.topics.kioskStatus('K-0001'));
      return seen.length > 0 ? seen : undefined;
    });
    const status = validate(KioskStatusSchema, JSON.parse(statuses.at(-1)!.text));
    expect(status.ok && status.value).toMatchObject({ state: 'online', stationId: 'ST-0001', kioskId: 'K-0001', screen: 'home' });
    expect(statuses.at(-1)!.text).not.toContain(kiosk.rig.config.checkin.secret);
  });

  it('shows "reading" on a Tap, then a check-in with the masked name and totals', async () => {
    const id = randomUUID();
    await tap(id);
    await expect.poll(() => overlay().textContent()).toContain('Reading your card');
    await result({ id, status: 'accepted', direction: 'in', volunteer: { displayName: '张*丰', minutesToday: 30, points: 4 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked in');
    const text = await overlay().textContent();
    expect(text).toContain('张*丰');
    expect(text).toContain('Today: 30 min · Points: 4');
    expect(await overlay().getAttribute('data-tone')).toBe('ok');
    await dismiss();
  });

  it('shows a check-out with the session length and points earned', async () => {
    const id = randomUUID();
    await tap(id);
    await result({ id, status: 'accepted', direction: 'out', sessionMinutes: 95, pointsEarned: 3, volunteer: { displayName: 'J*** S****', minutesToday: 95, points: 7 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked out');
    const text = await overlay().textContent();
    expect(text).toContain('Session: 95 min');
    expect(text).toContain('Points earned: 3');
    await dismiss();
  });

  it('says "already checked in at 09:02" on a duplicate', async () => {
    const id = randomUUID();
    await tap(id);
    await result({ id, status: 'duplicate', direction: 'in', sessionStartedAt: '2026-11-29T01:02:00.000Z', volunteer: { displayName: '王*', minutesToday: 10, points: 1 } });
    await expect.poll(() => overlay().textContent()).toContain('Already checked in at 09:02');
    expect(await overlay().getAttribute('data-tone')).toBe('warn');
    await dismiss();
  });

  it('gives a rejected unknown card an actionable message', async () => {
    const id = randomUUID();
    await tap(id);
    await result({ id, status: 'rejected', reason: 'unknown-card' });
    await expect.poll(() => overlay().textContent()).toContain('not registered. Please ask the station staff');
    expect(await overlay().getAttribute('data-tone')).toBe('bad');
    await dismiss();
  });

  it('says "saved, will sync" when no Result comes within 3 s, then shows a late Result', async () => {
    const id = randomUUID();
    await tap(id);
    await expect.poll(() => overlay().textContent(), { timeout: 10_000 }).toContain('will sync when the kiosk is online');
    await result({ id, status: 'accepted', direction: 'in' });
    await expect.poll(() => overlay().textContent()).toContain('Checked in');
    await dismiss();
  });

  it('shows a Result that had no Tap (a phone QR check-in)', async () => {
    await result({ id: randomUUID(), status: 'accepted', direction: 'in', method: 'qr', volunteer: { displayName: '李*', minutesToday: 0, points: 0 } });
    await expect.poll(() => overlay().textContent()).toContain('李*');
    await dismiss();
  });

  it('clears a result overlay by itself after 8 s', async () => {
    await result({ id: randomUUID(), status: 'accepted', direction: 'in' });
    await expect.poll(() => overlay().count()).toBe(1);
    await expect.poll(() => overlay().count(), { timeout: 15_000 }).toBe(0);
  });

  it('drops a malformed message and keeps working', async () => {
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'results'), 'not json');
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'taps'), { v: 1, id: randomUUID(), at: new Date().toISOString(), uid: '0011223344' });
    await result({ id: randomUUID(), status: 'rejected', reason: 'card-disabled' });
    await expect.poll(() => overlay().textContent()).toContain('disabled');
    await dismiss();
  });

  it('reconnects after a broker restart, resubscribes and republishes its status', async () => {
    const statusesBefore = kiosk.rig.messages(kiosk.rig.topics.kioskStatus('K-0001')).length;
    await kiosk.rig.broker.restart();
    await eventually(() => kiosk.rig.messages(kiosk.rig.topics.kioskStatus('K-0001')).length > statusesBefore, 30_000, 'a status after reconnect');
    // Node's client reconnects on its own; give it a moment before publishing.
    await eventually(async () => {
      await result({ id: randomUUID(), status: 'accepted', direction: 'in', volunteer: { displayName: '赵*', minutesToday: 1, points: 1 } });
      return (await overlay().count()) > 0;
    }, 20_000, 'a Result after reconnect');
    expect(await overlay().textContent()).toContain('赵*');
    await dismiss();
  });

  it('leaves a retained Last Will "offline/lost" when the kiosk vanishes', async () => {
    await kiosk.page.context().browser()!.close();
    const will = await eventually(
      () => kiosk.rig.messages(kiosk.rig.topics.kioskStatus('K-0001')).find((m) => m.text.includes('"lost"')),
      // Mosquitto publishes the will after 1.5 × keepalive (60 s) at worst, but a closed socket triggers it at once.
      20_000,
      'the Last Will',
    );
    expect(JSON.parse(will.text)).toMatchObject({ v: 1, state: 'offline', reason: 'lost', stationId: 'ST-0001' });
  });
});
