/**
 * The console's Alert emails view in Chromium against a real central (Mosquitto, SQLite):
 * an account adds an address with quiet hours and a digest, sees central's bilingual field
 * errors for a bad address and a bad time, fixes them and saves; the store has it. Axe clean.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { signInToConsole } from '../helpers/console-harness.ts';

const w = useConsoleOnCentral({
  // SMTP is configured (nothing is mailed here: no alert opens).
  central: { configOverrides: { alerts: { email: { smtp: { host: '127.0.0.1', port: 9 }, from: 'central@example.org', to: ['ops@example.org'] } } } },
});

async function openAlertEmails(locale: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const { page } = await signInToConsole(w.browser, w.web.url, { locale });
  await page.getByRole('button', { name: locale === 'en' ? 'Alert emails' : '告警邮件' }).click();
  return page;
}

it('adds an address with quiet hours and a digest, shows the field errors, and saves it', async () => {
  const page = await openAlertEmails();
  await page.getByText('No alert emails yet.').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Add an address' }).click();
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('checkbox', { name: 'SITE-01' }).check();
  await page.getByLabel('Quiet from (e.g. 22:00)').fill('25:00');
  await page.getByLabel('Quiet until (e.g. 07:00)').fill('07:00');
  await page.getByLabel('Daily digest at (e.g. 08:00, empty for none)').fill('08:00');
  await page.getByRole('button', { name: 'Save' }).click();
  const error = page.getByRole('alert');
  await error.waitFor({ timeout: 10_000 });
  expect(await error.innerText()).toContain('subscriptions.0.email: 不是有效的电子邮件地址 / is not a valid email address');
  expect(await error.innerText()).toContain('subscriptions.0.quietHours.from');
  expect(await w.f.central.store.alertSubscriptions.listFor(MANAGER.name)).toEqual([]);

  await page.getByLabel('Email').fill('night@example.org');
  await page.getByLabel('Quiet from (e.g. 22:00)').fill('22:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor({ timeout: 10_000 });
  expect(await w.f.central.store.alertSubscriptions.listFor(MANAGER.name)).toMatchObject([
    { email: 'night@example.org', sites: ['SITE-01'], quietHours: { from: '22:00', to: '07:00' }, immediate: true, digestAt: '08:00' },
  ]);
  expect(await seriousViolations(page)).toEqual([]);

});

it('shows the saved address in Chinese, and central\'s field error in both languages', async () => {
  const page = await openAlertEmails('zh-CN');
  await page.getByRole('heading', { name: '告警邮件' }).waitFor({ timeout: 10_000 });
  const digestAt = page.getByLabel('每日摘要时间（如 08:00，留空则不发）');
  await expect.poll(() => digestAt.inputValue().catch(() => ''), { timeout: 10_000 }).toBe('08:00');
  expect(await page.getByLabel('电子邮件').inputValue()).toBe('night@example.org');
  await digestAt.fill('8点');
  await page.getByRole('button', { name: '保存' }).click();
  await expect.poll(() => page.getByRole('alert').innerText().catch(() => ''), { timeout: 10_000 }).toContain('subscriptions.0.digestAt: 须为 24 小时制时间 HH:MM（如 08:00） / must be a 24-hour time HH:MM');
  if (process.env.ALERT_EMAILS_SHOT) await page.screenshot({ path: process.env.ALERT_EMAILS_SHOT });
  expect(await seriousViolations(page)).toEqual([]);
  expect(await w.f.central.store.alertSubscriptions.listFor(MANAGER.name)).toMatchObject([{ digestAt: '08:00' }]);
});
