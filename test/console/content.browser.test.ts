/**
 * The console's Content view in Chromium, end to end: a real central (Mosquitto, SQLite)
 * holds content version 1; the manager adds an activity in the form, sees the server's
 * field problem beside the end time and the missing translation beside the English
 * title, publishes it (the retained Activities on the broker change), and a later save
 * on an outdated version shows the server's message with what changed meanwhile.
 */
import mqtt from 'mqtt';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { ContentFile } from '../../shared/index.ts';
import { publishContentVersion } from '../../central/content/content-versions.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { seriousViolations } from '../helpers/axe.ts';

const activity = {
  id: 'A-1',
  title: { zh: '文明交通引导', en: 'Traffic guidance' },
  category: 'civilised-traffic',
  startsAt: '2026-12-05T01:00:00.000Z',
  endsAt: '2026-12-05T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
};
const station = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '人民路服务站', en: 'Renmin Rd station' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
};
const FIRST = { v: 1, activities: { 'SITE-01': [activity] }, directory: [station] } as unknown as ContentFile;

/** The retained message on `topic` now, as a kiosk connecting now would get it. */
async function retainedJson<T>(topic: string): Promise<T> {
  const client = await mqtt.connectAsync(w.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_t, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync(topic, { qos: 1 });
    return JSON.parse(await message) as T;
  } finally {
    await client.endAsync();
  }
}

async function retainedActivityIds(): Promise<string[]> {
  return (await retainedJson<{ items: { id: string }[] }>('vs/v1/sites/SITE-01/activities')).items.map((i) => i.id);
}

/** A signed-in console in its own browser context, on the Content view with version 1 loaded. */
async function openContentView(): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await page.locator('[data-activity="A-1"]').waitFor({ timeout: 10_000 });
  return { context, page };
}

const w = useConsoleOnCentral({ content: FIRST, onlineStations: ['ST-0001'] });

it('adds an activity with the server’s problems beside the fields, publishes it, and shows a stale save’s conflict', async () => {
  const { context, page } = await openContentView();
  expect(await page.locator('[data-content-version]').innerText()).toBe('Version 1');

  await page.getByRole('button', { name: 'New activity' }).click();
  await page.getByLabel('Title (Chinese)').fill('社区义诊');
  await page.getByLabel('Place (Chinese)').fill('社区中心');
  await page.getByLabel('Place (English)').fill('Community centre');
  await page.getByLabel('Organiser (Chinese)').fill('团委');
  await page.getByLabel('Organiser (English)').fill('Youth League');
  await page.getByLabel('Category').selectOption('smart-elder-care');
  await page.getByLabel('Date').fill('2026-12-06');
  await page.getByLabel('Starts').fill('10:00');
  await page.getByLabel('Ends').fill('09:00');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  // The end before the start: refused, and said beside the end time; the blank English title is a warning.
  await expect.poll(() => page.locator('[data-field-problem="ends"]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('endsAt must be after startsAt');
  expect(await page.locator('[data-field-warning="title.en"]').innerText()).toContain('English text is missing');
  expect(await seriousViolations(page)).toEqual([]);
  expect((await w.f.central.store.contentVersions.latest())?.version).toBe(1);
  // The server's Chinese for the same problem, in the console's Chinese.
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => page.locator('[data-field-problem="ends"]').innerText()).toBe('结束时间必须晚于开始时间');
  expect(await page.locator('[data-field-warning="title.en"]').innerText()).toContain('缺少英文');
  await page.locator('vs-content-view [data-locale-switch="en"]').click();

  await page.getByLabel('Ends').fill('12:00');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Published as version 2.');
  expect(await page.locator('[data-field-problem]').count()).toBe(0);
  const latest = await w.f.central.store.contentVersions.latest();
  expect(latest).toMatchObject({ version: 2, by: `manager:${MANAGER.name}` });
  const added = latest!.content.activities['SITE-01']![1]!;
  expect([added.title, added.category, added.startsAt, added.endsAt]).toEqual([{ zh: '社区义诊', en: '社区义诊' }, 'smart-elder-care', '2026-12-06T10:00:00.000Z', '2026-12-06T12:00:00.000Z']);
  expect(await retainedActivityIds()).toEqual(['A-1', added.id]);

  // The page reloads what it published: only once it shows version 2 does it hold that base.
  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe('Version 2');
  // Someone else publishes version 3 (the CLI's path); this page still holds version 2.
  await publishContentVersion(w.f.central.store, { broker: { url: w.broker.url }, topicRoot: 'vs/v1' }, { content: FIRST, baseVersion: 2, by: 'cli:ops', catalogueActor: 'content:test', nowIso: new Date().toISOString() });
  await page.locator('[data-activity="A-1"]').getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Title (English)').fill('Traffic guidance, morning');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  const conflict = page.locator('[data-content-conflict]');
  await conflict.waitFor({ timeout: 10_000 });
  expect(await conflict.innerText()).toContain('Someone else published version 3 (cli:ops)');
  expect(await conflict.innerText()).toContain(`activities SITE-01: removed ${added.id}`);
  expect((await w.f.central.store.contentVersions.latest())?.version).toBe(3);
  await context.close();
});

it('schedules an activity to appear later: saved with its time, marked in the list, and kept off the kiosks until then', async () => {
  const { context, page } = await openContentView();
  const before = await retainedActivityIds();

  await page.getByRole('button', { name: 'New activity' }).click();
  await page.getByLabel('Title (Chinese)').fill('新春游园');
  await page.getByLabel('Title (English)').fill('Spring Festival fair');
  await page.getByLabel('Place (Chinese)').fill('社区中心');
  await page.getByLabel('Place (English)').fill('Community centre');
  await page.getByLabel('Organiser (Chinese)').fill('团委');
  await page.getByLabel('Organiser (English)').fill('Youth League');
  await page.getByLabel('Date').fill('2031-01-25');
  await page.getByLabel('Starts').fill('10:00');
  await page.getByLabel('Ends').fill('12:00');
  // A showUntil before showFrom is refused beside showUntil.
  await page.getByLabel('Show on kiosks from (optional)').fill('2031-01-20T08:00');
  await page.getByLabel('Show on kiosks until (optional)').fill('2031-01-10T08:00');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.locator('[data-field-problem="showUntil"]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('showUntil must be after showFrom');

  await page.getByLabel('Show on kiosks until (optional)').fill('');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  const latest = await w.f.central.store.contentVersions.latest();
  const added = latest!.content.activities['SITE-01']!.find((a) => a.title.en === 'Spring Festival fair')!;
  expect(added.showFrom).toBe('2031-01-20T08:00:00.000Z');
  expect(added.showUntil).toBeUndefined();
  await expect.poll(() => page.locator(`[data-activity="${added.id}"] [data-schedule]`).innerText().catch(() => ''), { timeout: 10_000 }).toBe('On kiosks from 2031-01-20 08:00');
  // The kiosks get the same list as before: the fair waits for its time.
  expect(await retainedActivityIds()).toEqual(before);
  await context.close();
});

it('turns on the site\'s "Join us" panel: a bad address is refused beside its field, then the kiosks get the panel', async () => {
  const { context, page } = await openContentView();

  await page.getByLabel("Show on this site's kiosks").check();
  await page.getByLabel('Text (Chinese)').fill('招募志愿者，扫码报名');
  await page.getByLabel('Text (English)').fill('Join us: scan to sign up');
  await page.getByLabel('Registration page (the QR opens it)').fill('volunteer.example.org/join');
  await page.getByRole('button', { name: 'Publish the panel' }).click();
  await expect.poll(() => page.locator('[data-field-problem="url"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['must be an http(s) URL, e.g. https://volunteer.example.org/join']);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Registration page (the QR opens it)').fill('https://volunteer.example.org/join');
  await page.getByRole('button', { name: 'Publish the panel' }).click();
  await expect.poll(() => page.locator('vs-recruitment-editor [role="status"]').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  expect(await retainedJson('vs/v1/sites/SITE-01/recruitment')).toMatchObject({ v: 2, siteId: 'SITE-01', show: true, text: { zh: '招募志愿者，扫码报名', en: 'Join us: scan to sign up' }, url: 'https://volunteer.example.org/join' });
  // Loaded again, the form shows what was published.
  await expect.poll(() => page.getByLabel('Registration page (the QR opens it)').inputValue(), { timeout: 10_000 }).toBe('https://volunteer.example.org/join');
  await context.close();
});

it("sets a station's hours and a holiday: unreadable hours and a last day before the first are shown beside their fields, then the kiosks get the new directory", async () => {
  const { context, page } = await openContentView();
  const editor = page.locator('vs-station-editor');
  expect(await editor.getByLabel('Monday').inputValue()).toBe('08:00–18:00');
  expect(await editor.getByLabel('Saturday').inputValue()).toBe('');

  await editor.getByLabel('Saturday').fill('9:00-12:00');
  await editor.getByLabel('Sunday').fill('mornings');
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  expect(await editor.locator('[data-field-problem="week.6"]').innerText()).toBe('write the hours as 09:00–17:00, several separated by commas; leave it empty when closed');

  await editor.getByLabel('Sunday').fill('');
  await editor.getByRole('button', { name: 'Add a holiday' }).click();
  await editor.getByLabel('First day').fill('2026-12-31');
  await editor.getByLabel('Last day (if more than one)').fill('2026-12-30');
  await editor.getByLabel('Reason (Chinese)').fill('元旦');
  await editor.getByLabel('Reason (English)').fill("New Year's Day");
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  await expect.poll(() => editor.locator('[data-field-problem="exceptions.0.until"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['must be on or after the first day (from)']);
  expect(await editor.locator('[data-field-problem="week.6"]').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);

  await editor.getByLabel('Last day (if more than one)').fill('2027-01-01');
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  await expect.poll(() => editor.locator('[role="status"]').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  const directory = await retainedJson<{ items: { stationId: string; hours: unknown; exceptions?: unknown }[] }>('vs/v1/directory/stations');
  expect(directory.items).toMatchObject([
    {
      stationId: 'ST-0001',
      hours: [
        { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' },
        { days: [6], opens: '09:00', closes: '12:00' },
      ],
      exceptions: [{ from: '2026-12-31', until: '2027-01-01', hours: [], note: { zh: '元旦', en: "New Year's Day" } }],
    },
  ]);
  // Loaded again, the form shows what was published.
  await expect.poll(() => editor.getByLabel('Saturday').inputValue(), { timeout: 10_000 }).toBe('09:00–12:00');
  await context.close();
});

it('schedules an announcement for one kiosk: an end before its start is shown beside the end, then the kiosks get it with its window', async () => {
  const { context, page } = await openContentView();
  const editor = page.locator('vs-announcements-editor');
  expect(await editor.getByText('No announcements.').count()).toBe(1);

  await editor.getByRole('button', { name: 'New announcement' }).click();
  await editor.getByLabel('Text (Chinese)').fill('东门电梯检修，请走西门');
  await editor.getByLabel('Text (English)').fill('The east lift is under repair; please use the west gate');
  await editor.getByLabel('K-0002').check();
  await editor.getByLabel('Show from (optional)').fill('2026-12-06T09:00');
  await editor.getByLabel('Show until (optional)').fill('2026-12-05T18:00');
  await editor.getByRole('button', { name: 'Publish the announcement' }).click();
  await expect.poll(() => editor.locator('[data-field-problem="showUntil"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['showUntil must be after showFrom']);
  expect(await seriousViolations(page)).toEqual([]);

  await editor.getByLabel('Show until (optional)').fill('2026-12-06T18:00');
  await editor.getByRole('button', { name: 'Publish the announcement' }).click();
  await expect.poll(() => editor.locator('[role="status"]').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  const published = await retainedJson<{ v: number; items: unknown[] }>('vs/v1/sites/SITE-01/announcements');
  expect(published).toMatchObject({
    v: 2,
    items: [{ text: { zh: '东门电梯检修，请走西门', en: 'The east lift is under repair; please use the west gate' }, kiosks: ['K-0002'], showFrom: '2026-12-06T09:00:00.000Z', showUntil: '2026-12-06T18:00:00.000Z' }],
  });
  // Listed with its kiosk and when it starts.
  const row = editor.locator('tr[data-announcement]');
  await expect.poll(() => row.locator('td').nth(1).innerText(), { timeout: 10_000 }).toBe('K-0002');
  expect(await row.locator('[data-when]').innerText()).toBe('From 2026-12-06 09:00');
  await context.close();
});
