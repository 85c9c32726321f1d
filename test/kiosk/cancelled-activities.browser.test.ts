/**
 * A cancelled activity on a real kiosk page (issue 16, protocol v2 `cancelled: true`):
 * it stays in the list where people look for it, marked in words in the kiosk's
 * language and struck through, and its detail offers no sign-up QR; the others are as
 * before. Axe finds nothing serious in either language.
 */
import { describe, expect, it } from 'vitest';
import type { Activities } from '../../shared/index.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

function activities(): Activities {
  const sample = sampleActivities();
  const [first, ...rest] = sample.items;
  // The first sample item has a sign-up link; it is called off.
  return { ...sample, items: [{ ...first!, cancelled: true }, ...rest] };
}

describe('kiosk cancelled activity', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } },
    beforeOpen: (rig) => rig.publish(rig.topics.siteActivities('SITE-01'), activities(), { retain: true }),
  });
  const item = (title: string) => kiosk.page.locator('activities-screen ul.list li').filter({ hasText: title });
  const struck = (selector: string) => kiosk.page.locator(selector).first().evaluate((el) => getComputedStyle(el).textDecorationLine);

  it('stays listed, marked "Cancelled" and struck through, without a sign-up QR; the others are unmarked', async () => {
    await kiosk.page.getByRole('button', { name: 'Activities' }).first().click();
    const cancelled = item('Guiding visitors at West Lake');
    await expect.poll(() => cancelled.count()).toBe(1);
    expect(await cancelled.locator('[data-cancelled]').innerText()).toContain('Cancelled');
    expect(await struck('activities-screen .item.cancelled .title')).toBe('line-through');
    expect(await item('Smartphone class for seniors').locator('cancelled-mark').count()).toBe(0);
    expect(await kiosk.page.locator('activities-screen .item:not(.cancelled) .title').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('none');
    expect(await seriousViolations(kiosk.page)).toEqual([]);

    await cancelled.getByRole('button').click();
    const detail = kiosk.page.locator('activities-screen section.detail');
    expect(await detail.locator('[data-cancelled]').innerText()).toContain('Cancelled');
    expect(await struck('activities-screen section.detail h2')).toBe('line-through');
    expect(await detail.innerText()).toContain('This activity is cancelled; there is nothing to sign up for.');
    expect(await detail.locator('qr-code').count()).toBe(0);
    expect(await seriousViolations(kiosk.page)).toEqual([]);
    await detail.getByRole('button', { name: /Back to the list/ }).click();
  });

  it('says 已取消 in Chinese', async () => {
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    const cancelled = item('西湖文明旅游引导');
    await expect.poll(() => cancelled.locator('[data-cancelled]').innerText().catch(() => '')).toContain('已取消');
    expect(await cancelled.locator('[data-cancelled]').innerText()).not.toContain('Cancelled');
    expect(await seriousViolations(kiosk.page)).toEqual([]);
    await cancelled.getByRole('button').click();
    expect(await kiosk.page.locator('activities-screen section.detail').innerText()).toContain('此活动已取消，无需报名。');
  });
});
