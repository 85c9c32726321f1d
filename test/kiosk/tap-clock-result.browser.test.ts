/**
 * Protocol v2 Results about untrusted times, as central publishes them: a tap refused
 * `clock-ahead`, and a check-out recorded but held for review. Both languages, since
 * the volunteer must understand why nothing was credited.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/index.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

describe('kiosk feedback for untrusted tap times', () => {
  const kiosk = useOnlineKiosk();
  const overlay = () => kiosk.overlay();

  const result = (fields: Partial<Result> & Pick<Result, 'status'>) =>
    kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'results'), { v: 1, id: randomUUID(), at: new Date().toISOString(), ...fields });

  const dismiss = () => kiosk.dismissOverlay();

  it('says a clock-ahead tap was not counted and whom to tell, in English and Chinese', async () => {
    await result({ status: 'rejected', reason: 'clock-ahead' });
    await expect.poll(() => overlay().textContent()).toContain("This station's clock is wrong, so the tap was not counted. Please tell the station staff.");
    expect(await overlay().getAttribute('data-tone')).toBe('bad');
    await dismiss();
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    await result({ status: 'rejected', reason: 'clock-ahead' });
    await expect.poll(() => overlay().textContent()).toContain('本站时钟有误，此次刷卡未计入');
    await dismiss();
    await kiosk.page.getByRole('button', { name: 'EN' }).click();
  });

  it('says a check-out held for review was recorded and will be checked, not that it earned nothing for good', async () => {
    await result({ status: 'accepted', direction: 'out', sessionMinutes: 0, pointsEarned: 0, reviewReason: 'clock-behind', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked out');
    expect(await overlay().textContent()).toContain('Recorded. Staff will check the time before it counts.');
    await dismiss();
    await result({ status: 'accepted', direction: 'in', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked in');
    expect(await overlay().textContent()).not.toContain('Staff will check');
    await dismiss();
  });
});
