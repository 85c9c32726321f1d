/**
 * Activities in the console's Content view, end to end (issue 16): a real central
 * (Mosquitto, SQLite), the built console, and a real kiosk page on the same broker. A
 * sign-up link that is not an address is refused beside its field in both languages,
 * then published and shown as the kiosk's QR, kept on the next edit and removable;
 * cancelling (after a confirmation) reaches the kiosks as `cancelled: true` and the
 * kiosk marks it, restoring takes the mark away; ended activities fold under "Past";
 * and "Copy last week's" adds last week's as unpublished rows that one save publishes.
 */
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { topicsFor, type Activity, type ContentFile } from '../../shared/index.ts';
import { publishContentVersion } from '../../central/content/content-versions.ts';
import { startConsoleServer, type ConsoleServer } from '../helpers/console-server.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';
import { connectClient, onlineStationStatus, publishRetained, signInToConsole } from '../helpers/console-harness.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

const HOUR = 3_600_000;
// Whole minutes, as the form's date and time fields hold them.
const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
const NOW = Date.now();
const base = { place: { zh: '社区中心', en: 'Community centre' }, organiser: { zh: '团委', en: 'Youth League' }, category: 'smart-elder-care' as const };
/** Tomorrow, by the real clock: on the kiosk's list. */
const SOON: Activity = { ...base, id: 'A-SOON', title: { zh: '手机课堂', en: 'Phone class' }, startsAt: minute(NOW + 26 * HOUR), endsAt: minute(NOW + 28 * HOUR) };
const ENDED: Activity = { ...base, id: 'A-ENDED', title: { zh: '昨天的义诊', en: "Yesterday's clinic" }, startsAt: minute(NOW - 26 * HOUR), endsAt: minute(NOW - 24 * HOUR) };
// The copy test's console runs on a fake clock: Monday 2031-03-10, 08:00 in Shanghai. Its last
// week ran from Monday 2031-03-03 00:00 there (2031-03-02T16:00Z) to this Monday 00:00
// (2031-03-09T16:00Z), which in UTC is still Sunday.
const FAKE_NOW = Date.parse('2031-03-10T00:00:00.000Z');
const LAST_MONDAY: Activity = { ...base, id: 'LW-MON', title: { zh: '周一早练', en: 'Monday exercise' }, startsAt: '2031-03-03T02:00:00.000Z', endsAt: '2031-03-03T03:00:00.000Z' };
const LAST_TUESDAY: Activity = { ...base, id: 'LW-TUE', title: { zh: '周二读书会', en: 'Tuesday reading' }, startsAt: '2031-03-04T01:00:00.000Z', endsAt: '2031-03-04T03:00:00.000Z', cancelled: true };
/** This Monday 00:30 in Shanghai, last week's Sunday in UTC: not copied. */
const THIS_MONDAY: Activity = { ...base, id: 'TW-MON', title: { zh: '本周一', en: 'This Monday' }, startsAt: '2031-03-09T16:30:00.000Z', endsAt: '2031-03-09T17:30:00.000Z' };
const station = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '人民路服务站', en: 'Renmin Rd station' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
};
const FIRST = { v: 1, activities: { 'SITE-01': [SOON, ENDED, LAST_MONDAY, LAST_TUESDAY, THIS_MONDAY] }, directory: [station] } as unknown as ContentFile;

let rig: KioskRig;
let f: CentralFixture;
let web: ConsoleServer;
let browser: Browser;
let kiosk: Page;

/** The retained Activities now, as a kiosk connecting now would get them. */
async function retainedActivities(): Promise<Activity[]> {
  const client = await mqtt.connectAsync(rig.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_t, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync('vs/v1/sites/SITE-01/activities', { qos: 1 });
    return (JSON.parse(await message) as { items: Activity[] }).items;
  } finally {
    await client.endAsync();
  }
}
const retained = async (id: string) => (await retainedActivities()).find((a) => a.id === id);

async function openContentView(options: Parameters<typeof signInToConsole>[2] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signInToConsole(browser, web.url, options);
  await page.getByRole('button', { name: 'Content' }).click();
  // Attached, not visible: on the fake clock of 2031 it is among the past ones.
  await page.locator('[data-activity="A-SOON"]').waitFor({ state: 'attached', timeout: 10_000 });
  return { context, page };
}

/** Waits for "Published as version N." and then for the page to hold version N, the base of its next save. */
async function published(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  const version = /(\d+)/.exec(await page.getByRole('status').innerText())![1];
  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe(`Version ${version}`);
}

/** The kiosk's list entry of the activity called `title`, on its Activities screen. */
async function kioskItem(title: string) {
  const home = kiosk.getByRole('button', { name: /Home/ });
  if ((await home.count()) > 0) await home.first().click();
  await kiosk.getByRole('button', { name: 'Activities' }).first().click();
  return kiosk.locator('activities-screen ul.list li').filter({ hasText: title });
}

beforeAll(async () => {
  rig = await startKioskRig({ locale: 'en', display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } });
  f = await startCentralFixture({ broker: rig.broker });
  await publishContentVersion(f.central.store, { broker: { url: rig.broker.url }, topicRoot: 'vs/v1' }, { content: FIRST, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:test', nowIso: new Date().toISOString() });
  const stationClient = await connectClient(rig.broker.url);
  await publishRetained(stationClient, topicsFor('vs/v1').station('ST-0001', 'status'), onlineStationStatus());
  await stationClient.endAsync();
  web = await startConsoleServer({ broker: rig.broker, apiOrigin: f.adminUrl, demoLogin: { username: MANAGER.name, password: MANAGER.password } });
  browser = await launchChromium();
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await loadKiosk(rig, kiosk);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await f?.stop();
  await rig?.close();
});

it('refuses a sign-up link that is not an address beside its field, in both languages, then publishes it to the kiosk’s QR, keeps it on edit and removes it', async () => {
  const { context, page } = await openContentView();
  await page.locator('[data-activity="A-SOON"]').getByRole('button', { name: 'Edit' }).click();
  const link = page.getByLabel('Sign-up link (optional, https://…)');
  expect(await link.inputValue()).toBe('');
  await link.fill('volunteer.example.org/phone-class');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.locator('[data-field-problem="signupUrl"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['must be an http(s) URL, e.g. https://volunteer.example.org/join']);
  expect(await seriousViolations(page)).toEqual([]);
  expect((await f.central.store.contentVersions.latest())?.version).toBe(1);
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => page.locator('[data-field-problem="signupUrl"]').innerText()).toBe('须为 http(s) 网址，例如 https://volunteer.example.org/join');
  expect(await page.getByLabel('报名链接（可选，https://…）').inputValue()).toBe('volunteer.example.org/phone-class');
  await page.locator('vs-content-view [data-locale-switch="en"]').click();

  await link.fill('https://volunteer.example.org/phone-class');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await published(page);
  expect((await retained('A-SOON'))?.signupUrl).toBe('https://volunteer.example.org/phone-class');
  const item = await kioskItem('Phone class');
  await item.getByRole('button').click();
  await expect.poll(() => kiosk.locator('activities-screen qr-code').evaluate((el) => (el as HTMLElement & { value: string }).value).catch(() => ''), { timeout: 10_000 }).toBe('https://volunteer.example.org/phone-class');

  // Edited again, the link is still there; emptied, it is gone from the kiosks.
  await page.locator('[data-activity="A-SOON"]').getByRole('button', { name: 'Edit' }).click();
  expect(await link.inputValue()).toBe('https://volunteer.example.org/phone-class');
  await page.getByLabel('Title (English)').fill('Phone class for seniors');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await published(page);
  expect(await retained('A-SOON')).toMatchObject({ title: { en: 'Phone class for seniors' }, signupUrl: 'https://volunteer.example.org/phone-class' });
  await page.locator('[data-activity="A-SOON"]').getByRole('button', { name: 'Edit' }).click();
  await link.fill('');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await published(page);
  expect(await retained('A-SOON')).not.toHaveProperty('signupUrl');
  await context.close();
});

it('cancels an activity after a confirmation: the kiosks get cancelled: true and the kiosk marks it; restored, the mark goes', async () => {
  const { context, page } = await openContentView();
  const row = page.locator('[data-activity="A-SOON"]');
  const versionBefore = (await f.central.store.contentVersions.latest())!.version;
  // Asked first; "Keep it" changes nothing.
  await row.getByRole('button', { name: 'Cancel activity' }).click();
  const confirm = page.locator('[data-cancel-confirm]');
  expect(await confirm.innerText()).toContain('Cancel “手机课堂 / Phone class for seniors”? Kiosks keep it listed, marked cancelled, and phones cannot check in for it.');
  expect(await seriousViolations(page)).toEqual([]);
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  expect(await confirm.count()).toBe(0);
  expect((await f.central.store.contentVersions.latest())!.version).toBe(versionBefore);

  await row.getByRole('button', { name: 'Cancel activity' }).click();
  await confirm.getByRole('button', { name: 'Yes, cancel it' }).click();
  await published(page);
  expect(await retained('A-SOON')).toMatchObject({ id: 'A-SOON', cancelled: true });
  await expect.poll(() => row.locator('[data-cancelled]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Cancelled');
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => row.locator('[data-cancelled]').innerText()).toBe('已取消');
  expect(await row.getByRole('button', { name: '恢复' }).count()).toBe(1);
  await page.locator('vs-content-view [data-locale-switch="en"]').click();

  const item = await kioskItem('Phone class for seniors');
  await expect.poll(() => item.locator('[data-cancelled]').innerText().catch(() => ''), { timeout: 15_000 }).toContain('Cancelled');

  await row.getByRole('button', { name: 'Restore' }).click();
  await published(page);
  expect(await retained('A-SOON')).not.toHaveProperty('cancelled');
  await expect.poll(() => row.getByRole('button', { name: 'Cancel activity' }).count(), { timeout: 10_000 }).toBe(1);
  const restored = await kioskItem('Phone class for seniors');
  await expect.poll(() => restored.count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => restored.locator('[data-cancelled]').count(), { timeout: 15_000 }).toBe(0);
  await context.close();
});

it('folds the ended activities under "Past (N)"', async () => {
  const { context, page } = await openContentView();
  const past = page.locator('[data-past-activities]');
  expect(await past.locator('summary').innerText()).toBe('Past (1)');
  expect(await past.locator('[data-activity="A-ENDED"]').isVisible()).toBe(false);
  expect(await page.locator('[data-activity="A-SOON"]').isVisible()).toBe(true);
  await past.locator('summary').click();
  expect(await past.locator('[data-activity="A-ENDED"]').isVisible()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

it("copies last week's (Monday to Sunday in Shanghai) a week later as unpublished rows, publishes them with one save, and copies nothing twice", async () => {
  const { context, page } = await openContentView({ beforeGoto: (p) => p.clock.install({ time: FAKE_NOW }) });
  const before = (await f.central.store.contentVersions.latest())!.version;
  await page.getByRole('button', { name: "Copy last week's" }).click();
  const unpublished = page.locator('tr:has([data-unpublished])');
  await expect.poll(() => unpublished.count()).toBe(2);
  expect(await unpublished.locator('td:first-child').allInnerTexts()).toEqual(['周一早练 / Monday exercise\nNot published yet', '周二读书会 / Tuesday reading\nNot published yet']);
  // Copied, the cancelled Tuesday goes ahead.
  expect(await unpublished.locator('[data-cancelled]').count()).toBe(0);
  expect(await page.locator('[data-unpublished-copies]').innerText()).toContain('2 activities copied from last week are not published yet.');
  expect(await seriousViolations(page)).toEqual([]);
  expect((await f.central.store.contentVersions.latest())!.version).toBe(before);

  await page.getByRole('button', { name: 'Publish the list' }).click();
  await published(page);
  const copies = (await retainedActivities()).filter((a) => !FIRST.activities['SITE-01']!.some((o) => o.id === a.id));
  expect(copies.map((a) => [a.title.en, a.startsAt, a.endsAt, a.cancelled])).toEqual([
    ['Monday exercise', '2031-03-10T02:00:00.000Z', '2031-03-10T03:00:00.000Z', undefined],
    ['Tuesday reading', '2031-03-11T01:00:00.000Z', '2031-03-11T03:00:00.000Z', undefined],
  ]);
  expect(new Set(copies.map((a) => a.id)).size).toBe(2);
  expect(copies.some((a) => a.id === 'LW-MON' || a.id === 'LW-TUE')).toBe(false);
  await expect.poll(() => page.locator('[data-unpublished]').count(), { timeout: 10_000 }).toBe(0);

  // Pressed again: last week's are all copied already.
  await page.getByRole('button', { name: "Copy last week's" }).click();
  expect(await page.getByRole('status').innerText()).toBe('Nothing to copy: no activity started last week, or all of them are copied already.');
  expect(await page.locator('[data-unpublished]').count()).toBe(0);
  await context.close();
});
