/**
 * The Content view's "Versions" section in Chromium, end to end (issue 16, versions and
 * audit): a real central (SQLite) and a real kiosk page on one Mosquitto, the built
 * console. Versions 1 and 2 are published (2 adds an activity); the kiosk shows it and
 * reports it, and the console counts the kiosk on version 2. The manager rolls back to
 * version 1 after the confirm step; the kiosk takes the activity down, and the history
 * lists version 3 as the rollback. A rollback on a stale history shows the server's
 * conflict with what changed; site staff of another site see the server's refusal.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContentFile } from '../../shared/index.ts';
import { publishContentVersion } from '../../central/content/content-versions.ts';
import { hashManagerPassword } from '../../central/managers/manager-password.ts';
import { startConsoleServer, type ConsoleServer } from '../helpers/console-server.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

const STAFF = { name: 'staff2', password: 'another horse' };
const traffic = {
  id: 'A-1',
  title: { zh: '文明交通引导', en: 'Traffic guidance' },
  category: 'civilised-traffic',
  startsAt: '2031-12-05T01:00:00.000Z',
  endsAt: '2031-12-05T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
};
const clinic = { ...traffic, id: 'A-2', title: { zh: '社区义诊', en: 'Community clinic' }, category: 'smart-elder-care', startsAt: '2031-12-06T01:00:00.000Z', endsAt: '2031-12-06T03:00:00.000Z' };
const station = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '人民路服务站', en: 'Renmin Rd station' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
};
const FIRST = { v: 1, activities: { 'SITE-01': [traffic] }, directory: [station] } as unknown as ContentFile;
const SECOND = { ...FIRST, activities: { 'SITE-01': [traffic, clinic] } } as unknown as ContentFile;

let rig: KioskRig;
let f: CentralFixture;
let web: ConsoleServer;
let browser: Browser;
let kiosk: Page;

async function publish(content: ContentFile, baseVersion: number, by: string): Promise<void> {
  const outcome = await publishContentVersion(f.central.store, { broker: { url: rig.broker.url }, topicRoot: 'vs/v1' }, { content, baseVersion, by, catalogueActor: by, nowIso: new Date().toISOString() });
  if (outcome.kind !== 'published') throw new Error(`the test's publish on version ${baseVersion} was refused`);
}

/** The activity titles the kiosk lists now, on its Activities screen. */
async function kioskTitles(): Promise<string> {
  const list = kiosk.locator('activities-screen ul.list li');
  if ((await list.count()) === 0) await kiosk.getByRole('button', { name: 'Activities' }).first().click();
  return (await list.allInnerTexts()).join('\n');
}

/** A signed-in console on the Content view, as `account` (the demo login is the city manager). */
async function openVersions(account?: { name: string; password: string }): Promise<Page> {
  const { page } = account
    ? await (async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
        const page = await context.newPage();
        await page.goto(web.url);
        await page.getByLabel('Manager username').fill(account.name);
        await page.getByLabel('Password').fill(account.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
        return { page };
      })()
    : await signInToConsole(browser, web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await page.locator('vs-content-versions [data-version]').first().waitFor({ timeout: 10_000 });
  return page;
}

const versionsSection = (page: Page) => page.locator('vs-content-versions');

beforeAll(async () => {
  // The kiosk's screen stays on whatever the station's hours say.
  rig = await startKioskRig({ display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }] } });
  f = await startCentralFixture({
    broker: rig.broker,
    configOverrides: {
      managers: { [MANAGER.name]: hashManagerPassword(MANAGER.password), [STAFF.name]: hashManagerPassword(STAFF.password) },
      managerRoles: { [STAFF.name]: { role: 'site-staff', sites: ['SITE-02'] } },
    },
  });
  await publish(FIRST, 0, 'cli:ops');
  await publish(SECOND, 1, `manager:${MANAGER.name}`);
  web = await startConsoleServer({ broker: rig.broker, apiOrigin: f.adminUrl, demoLogin: { username: MANAGER.name, password: MANAGER.password } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  kiosk = await context.newPage();
  await loadKiosk(rig, kiosk);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await f?.stop();
  await rig?.close();
});

it('rolls back to the previous version after the confirm step, and the kiosk shows the previous version', async () => {
  await expect.poll(kioskTitles, { timeout: 15_000 }).toContain('Community clinic');
  const page = await openVersions();
  const section = versionsSection(page);
  // The kiosk reported the content of version 2.
  await expect.poll(() => section.locator('[data-kiosk-versions]').innerText().catch(() => ''), { timeout: 20_000 }).toBe('1 of 1 kiosks run version 2');
  expect(await section.locator('[data-kiosks-behind]').count()).toBe(0);
  const rows = await section.locator('tbody tr').allInnerTexts();
  expect(rows.map((row) => row.split('\t').map((cell) => cell.trim()))).toEqual([
    [expect.stringMatching(/^2 \(current\)$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), MANAGER.name, 'activities SITE-01: +1', ''],
    ['1', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), 'file (ops)', expect.stringContaining('activities SITE-01: +1'), 'Roll back to version 1'],
  ]);

  await section.getByRole('button', { name: 'Roll back to version 1' }).click();
  const confirm = section.locator('[data-rollback-confirm]');
  expect(await confirm.innerText()).toContain("Roll back to version 1? Its content is published again, for every site's kiosks, as version 3. What version 2 changed is undone.");
  // Nothing is published before the confirm; the keyboard is on the confirm button.
  expect((await f.central.store.contentVersions.latest())?.version).toBe(2);
  expect(await confirm.getByRole('button', { name: 'Yes, roll back' }).evaluate((button) => button.matches(':focus'))).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  // Escape cancels; a second try goes through with Enter on the focused confirm button.
  await page.keyboard.press('Escape');
  await expect.poll(() => confirm.count()).toBe(0);
  await section.getByRole('button', { name: 'Roll back to version 1' }).click();
  await page.keyboard.press('Enter');

  await expect.poll(() => section.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Rolled back to version 1: published as version 3.');
  expect(await f.central.store.contentVersions.latest()).toMatchObject({ version: 3, by: `manager:${MANAGER.name}`, content: FIRST });
  await expect.poll(() => section.locator('[data-version="3"]').innerText().catch(() => ''), { timeout: 10_000 }).toContain('rollback to 1');
  expect(await section.locator('[data-version="3"] [data-current]').count()).toBe(1);
  // The view reloaded what was published.
  await expect.poll(() => page.locator('[data-content-version]').innerText()).toBe('Version 3');
  expect(await page.locator('[data-activity="A-2"]').count()).toBe(0);

  await expect.poll(kioskTitles, { timeout: 15_000 }).not.toContain('Community clinic');
  expect(await kioskTitles()).toContain('Traffic guidance');
  await expect.poll(() => section.locator('[data-kiosk-versions]').innerText(), { timeout: 20_000 }).toBe('1 of 1 kiosks run version 3');

  // The same section in Chinese, axe clean too.
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => section.locator('[data-kiosk-versions]').innerText()).toBe('1 / 1 台自助屏运行版本 3');
  expect(await section.locator('[data-version="1"]').innerText()).toContain('文件（ops）');
  await section.getByRole('button', { name: '回退到版本 2' }).click();
  const question = await section.locator('[data-rollback-confirm]').innerText();
  for (const part of ['回退到版本 2？', '该版本的内容将作为版本 4 重新发布到所有站点的自助屏。', '版本 3 所做的修改将被撤销。']) expect(question).toContain(part);
  expect(await seriousViolations(page)).toEqual([]);
  await section.getByRole('button', { name: '取消' }).click();
  await page.locator('vs-content-view [data-locale-switch="en"]').click();
  expect((await f.central.store.contentVersions.latest())?.version).toBe(3);
  await page.context().close();
});

it('shows the server’s conflict, with what changed, when another manager published meanwhile', async () => {
  const page = await openVersions();
  const section = versionsSection(page);
  // The view has loaded version 3 (so it does not load the history again once version 4 is out).
  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe('Version 3');
  await section.locator('[data-version="3"] [data-current]').waitFor();
  // Another manager publishes version 4; this page still lists version 3 as the current one.
  await publish(SECOND, 3, 'manager:bob');
  await section.getByRole('button', { name: 'Roll back to version 2' }).click();
  await section.getByRole('button', { name: 'Yes, roll back' }).click();
  const refusal = section.locator('[data-rollback-refusal]');
  await refusal.waitFor({ timeout: 10_000 });
  expect(await refusal.innerText()).toContain('Someone else published version 4 (manager:bob) meanwhile; nothing was published.');
  expect(await refusal.innerText()).toContain('activities SITE-01: added A-2');
  expect((await f.central.store.contentVersions.latest())?.version).toBe(4);
  // The history is loaded again: version 4 is now the current one.
  await expect.poll(() => section.locator('[data-version="4"]').innerText().catch(() => '')).toContain('bob');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

it("refuses site staff of another site the rollback, in the server's words", async () => {
  const page = await openVersions(STAFF);
  // The site's own content is not theirs to load: central's scope refusal, in the page's language.
  const loadRefusal = page.locator('vs-content-view p.error[role=alert]');
  await expect.poll(() => loadRefusal.innerText().catch(() => '')).toBe(`The account "${STAFF.name}" may not act on site SITE-01 (its sites: SITE-02).`);
  const section = versionsSection(page);
  await section.getByRole('button', { name: 'Roll back to version 3' }).click();
  await section.getByRole('button', { name: 'Yes, roll back' }).click();
  const refusal = section.locator('[data-rollback-refusal]');
  await refusal.waitFor({ timeout: 10_000 });
  expect(await refusal.innerText()).toContain(`The account "${STAFF.name}" may not publish this: it changes content outside its sites; nothing was published.`);
  expect(await refusal.innerText()).toContain('activities SITE-01: removed A-2');
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => refusal.innerText()).toContain(`账号“${STAFF.name}”无权发布`);
  expect(await loadRefusal.innerText()).toBe(`账号“${STAFF.name}”无权操作站点 SITE-01（本账号的站点：SITE-02）。`);
  expect(await seriousViolations(page)).toEqual([]);
  expect((await f.central.store.contentVersions.latest())?.version).toBe(4);
  await page.context().close();
});
