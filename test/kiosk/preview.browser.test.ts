/**
 * The kiosk's preview mode (`?preview=1`, issue 16) in Chromium, on the built kiosk: a
 * page of the kiosk's own origin frames it and sends drafts. A valid draft shows on the
 * real screens under the "Preview" ribbon; an invalid one shows its problems, not a
 * blank; the same draft sent by a page of another origin is ignored. The preview asks
 * for no config and registers no service worker.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PREVIEW_DRAFT, PREVIEW_READY } from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { assertBuilt, DIST } from '../helpers/kiosk-rig.ts';
import { sampleActivities, sampleDirectory } from '../helpers/kiosk-sample-content.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';

/** A framing page: it records when the preview says it listens, so the test sends only then. */
const framingPage = (src: string) => `<!doctype html><title>framing page</title>
<iframe title="kiosk" src="${src}" width="1080" height="1920"></iframe>
<script>addEventListener('message', (e) => { if (e.data && e.data.type === '${PREVIEW_READY}') window.previewReady = e.origin; });</script>`;

let kiosk: StaticServer;
let foreign: StaticServer;
let browser: Browser;

beforeAll(async () => {
  assertBuilt();
  kiosk = await startStaticServer({ root: DIST, mounts: { '/kiosk/': { 'framing.html': framingPage('./?preview=1') } } });
  foreign = await startStaticServer({ root: DIST, mounts: { '/other/': { 'framing.html': framingPage(`${kiosk.urlOf('/kiosk/')}?preview=1`) } } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await foreign?.stop();
});

function draft(content: unknown, screen = 'activities') {
  return { type: PREVIEW_DRAFT, locale: 'en', screen, stationId: 'ST-0001', content };
}

/** Opens `url` and waits for the framed preview to be up (and, from its own origin, to say it listens). */
async function openFramed(url: string, { sameOrigin = true } = {}): Promise<{ page: Page; preview: Frame; logs: string[] }> {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await page.goto(url);
  if (sameOrigin) await page.waitForFunction(() => (window as unknown as { previewReady?: string }).previewReady);
  const preview = page.frames().find((f) => f.url().includes('preview=1'))!;
  await preview.getByText('Waiting for the draft…').or(preview.getByText('正在等待草稿…')).waitFor();
  return { page, preview, logs };
}

/** The activities screen (in its shadow root) shows `text`. */
const onActivitiesScreen = (frame: Frame, text: string) => frame.locator('activities-screen').getByText(text).first().isVisible();

const send = (page: Page, message: unknown) =>
  page.evaluate((m) => document.querySelector('iframe')!.contentWindow!.postMessage(m, '*'), message);

it('shows a valid draft on the real activities screen under the Preview ribbon, without a config or a service worker', async () => {
  const { page, preview } = await openFramed(kiosk.urlOf('/kiosk/framing.html'));
  await send(page, draft({ activities: sampleActivities(), directory: sampleDirectory() }));
  await expect.poll(() => onActivitiesScreen(preview, 'Guiding visitors at West Lake')).toBe(true);
  expect(await preview.locator('[data-preview-ribbon]').innerText()).toBe('预览 · Preview');
  expect(await preview.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  expect(kiosk.requests.filter((p) => p.endsWith('kiosk-config.json') || p.endsWith('sw.js'))).toEqual([]);
  await page.close();
});

it('shows an invalid draft’s problems instead of a blank screen, and the next valid draft replaces them', async () => {
  const { page, preview } = await openFramed(kiosk.urlOf('/kiosk/framing.html'));
  const activities = sampleActivities();
  const broken = { ...activities, items: [{ ...activities.items[0]!, endsAt: activities.items[0]!.startsAt }] };
  await send(page, draft({ activities: broken }));
  const problems = preview.locator('[data-preview-problems]');
  await expect.poll(() => problems.innerText().catch(() => '')).toContain('content.activities.items.0.endsAt: endsAt must be after startsAt');
  // No draft was taken, so the preview is still in the kiosk's default language.
  expect(await problems.innerText()).toContain('此草稿无法在自助屏上显示');
  await send(page, draft({ activities }));
  await expect.poll(() => onActivitiesScreen(preview, 'Guiding visitors at West Lake')).toBe(true);
  expect(await problems.count()).toBe(0);
  await page.close();
});

it('ignores a draft sent by a page of another origin that frames it', async () => {
  const { page, preview, logs } = await openFramed(foreign.urlOf('/other/framing.html'), { sameOrigin: false });
  // The preview told only its own origin that it listens, never this page.
  expect(await page.evaluate(() => (window as unknown as { previewReady?: string }).previewReady)).toBeUndefined();
  await send(page, draft({ activities: sampleActivities() }));
  await expect.poll(() => logs.some((l) => l.includes(`kiosk preview: ignored a message from ${foreign.origin}`))).toBe(true);
  expect(await preview.getByText('正在等待草稿…').isVisible()).toBe(true);
  expect(await preview.locator('activities-screen').count()).toBe(0);
  await page.close();
});
