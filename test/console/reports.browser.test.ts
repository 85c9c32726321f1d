// The console's Reports view in Chromium against central's real report routes: charts with their tables, the target, CSV links, axe clean.
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.ts';
import { buildConsole } from '../helpers/build-console.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { PASSWORD, startReportRig, type ReportRig } from '../helpers/report-rig.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';

let rig: ReportRig;
let server: StaticServer;
let browser: Browser;
let builtDir: string;
let adminUrl: string;

beforeAll(async () => {
  const built = await buildConsole();
  builtDir = built.dir;
  rig = await startReportRig({
    sessions: [
      { volunteer: 'V-1', station: 'ST-0001', date: '2026-10-05', minutes: 90, category: 'elderly-care' },
      { volunteer: 'V-2', station: 'ST-0002', date: '2026-11-07', minutes: 120, category: 'science' },
      { volunteer: 'V-3', station: 'ST-0003', date: '2026-11-09', minutes: 60, category: 'education' },
    ],
    target: 1000,
  });
  await rig.admin.listen({ host: '127.0.0.1', port: 0 });
  adminUrl = `http://127.0.0.1:${(rig.admin.server.address() as AddressInfo).port}`;
  server = await startStaticServer({ root: builtDir, mounts: { '/': {} } });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rig?.close();
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
});

it('shows hours and events as charts with tables, the yearly target, masked top volunteers and CSV links', async () => {
  server.setFile('/', 'console-config.json', JSON.stringify({ locale: 'en', brokerUrl: 'ws://127.0.0.1:9', demoLogin: { username: 'alice', password: PASSWORD } }));
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  // The console reaches /api/ on its own origin (a reverse proxy in production, the demo web server in `npm start`).
  await page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${adminUrl}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    },
  );
  await page.goto(`${server.urlOf('/')}#reports`);
  await page.getByLabel('From month').fill('2026-10');
  await page.getByLabel('To month').fill('2026-11');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.locator('#chart-hours svg').waitFor();
  const hoursTable = page.locator('#chart-hours table');
  expect(await hoursTable.locator('tbody tr').allInnerTexts()).toEqual(['2026-10\t1.5 h', '2026-11\t3.0 h']);
  expect(await page.locator('#chart-events tbody tr').allInnerTexts()).toEqual(['2026-10\t1', '2026-11\t2']);
  expect(await page.locator('#chart-hours svg rect').count()).toBe(2);
  await expect.poll(() => page.locator('#target-text').innerText()).toBe('3 / 1000 (0.30 %)');
  await expect.poll(() => page.getByText('J*** S**** (V-2)').count()).toBe(1);
  expect(await page.content()).not.toContain('John Smith');
  const csv = page.getByRole('link', { name: 'Download CSV (by-category)' });
  await csv.waitFor();
  expect(await csv.getAttribute('download')).toBe('by-category-2026-10-to-2026-11.csv');
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  const text = await new Promise<string>((resolve, reject) => {
    void download.createReadStream().then((stream) => {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => resolve(body));
      stream.on('error', reject);
    });
  });
  expect(text).toContain('2026-11,science,科学普及,2.00,120,1');
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

it('a wrong password is refused with central\'s message, and no report is shown', async () => {
  server.setFile('/', 'console-config.json', JSON.stringify({ locale: 'en', brokerUrl: 'ws://127.0.0.1:9' }));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      const url = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${adminUrl}${url.pathname}${url.search}` }) });
    },
  );
  await page.goto(`${server.urlOf('/')}#reports`);
  await page.getByLabel('Manager account').fill('alice');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect.poll(() => page.getByRole('alert').innerText()).toBe('wrong manager name or password');
  expect(await page.locator('vs-bar-chart').count()).toBe(0);
  await context.close();
});
