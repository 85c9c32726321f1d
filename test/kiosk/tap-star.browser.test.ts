/**
 * Protocol v2 `volunteer.star` on the tap overlay: ★ symbols with words in both
 * languages (never colour alone), nothing for a Result without a star or with a value a
 * kiosk cannot show, and the overlay stays axe clean.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/index.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

describe('kiosk tap overlay: the star', () => {
  const kiosk = useOnlineKiosk();
  const overlay = () => kiosk.overlay();

  const show = async (volunteer: Record<string, unknown>) => {
    const id = randomUUID();
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'taps'), { v: 1, id, at: new Date().toISOString() });
    const result: Partial<Result> = { v: 1, id, status: 'accepted', direction: 'in', at: new Date().toISOString(), volunteer: { displayName: '张*丰', minutesToday: 30, points: 4, ...volunteer } };
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'results'), result);
    await expect.poll(() => overlay().textContent()).toContain('张*丰');
    return (await overlay().textContent()) ?? '';
  };
  const dismiss = () => kiosk.dismissOverlay();

  it('shows ★★★ with "3-star volunteer", and in Chinese 三星志愿者', async () => {
    expect(await show({ star: 3 })).toContain('★★★ 3-star volunteer');
    expect(await seriousViolations(kiosk.page)).toEqual([]);
    await dismiss();
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    const zh = await show({ star: 3 });
    expect(zh).toContain('★★★ 三星志愿者');
    expect(zh).not.toContain('★★★★');
    await dismiss();
    await kiosk.page.getByRole('button', { name: 'EN' }).click();
  });

  it('shows no star without one, or for a value it cannot show', async () => {
    for (const volunteer of [{}, { star: 0 }, { star: 9 }, { star: 2.5 }]) {
      const text = await show(volunteer);
      expect(text, JSON.stringify(volunteer)).toContain('Today: 30 min');
      expect(text, JSON.stringify(volunteer)).not.toContain('★');
      await dismiss();
    }
  });
});
