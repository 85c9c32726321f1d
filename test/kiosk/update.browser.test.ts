/**
 * Updates: a new service worker waits while someone uses the kiosk, is applied once
 * the kiosk falls idle on home (no prompt), and a version that was already applied
 * once never causes another reload (no reload loop).
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentChromium } from '../helpers/chromium.ts';
import { DIST, MOUNT, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { eventually } from '../helpers/eventually.ts';

const ORIGINAL_SW = readFileSync(`${DIST}sw.js`, 'utf8');
const INDEX_REVISION = /"revision":"([^"]+)","url":"index.html"/.exec(ORIGINAL_SW)?.[1];

/** The same worker with another build version (the precache revision of index.html). */
function serviceWorkerVersion(version: string): string {
  return ORIGINAL_SW.replace(`"revision":"${INDEX_REVISION}","url":"index.html"`, `"revision":"${version}","url":"index.html"`);
}

describe('kiosk updates', () => {
  let rig: KioskRig;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);
  const setMarker = (value: string) => page.evaluate((v) => ((window as unknown as { marker?: string }).marker = v), value);
  const controllerVersion = () =>
    page.evaluate(
      () =>
        new Promise<string | undefined>((resolve) => {
          const worker = navigator.serviceWorker.controller;
          if (!worker) return resolve(undefined);
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => resolve((event.data as { version?: string }).version);
          worker.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
        }),
    );
  const checkForUpdate = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const hasWaiting = () => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));

  beforeAll(async () => {
    expect(INDEX_REVISION, 'sw.js carries the precache revision of index.html').toBeTruthy();
    rig = await startKioskRig();
    profile = `/tmp/kiosk-update-${process.pid}-${Date.now()}`;
    context = await launchPersistentChromium(profile);
    await context.clock.install();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(rig.url);
    await page.getByText('Scan to check in').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Once controlled by the worker, the page is in its steady state.
    await page.reload();
    await page.getByText('Scan to check in').waitFor();
    await eventually(controllerVersion, 10_000, 'a controlling service worker');
  });

  afterAll(async () => {
    await context?.close();
    await rig?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('waits while the kiosk is in use and applies the update once idle on home', async () => {
    expect(await controllerVersion()).toBe(INDEX_REVISION);
    await page.getByRole('button', { name: 'Activities' }).click();
    await setMarker('in-use');
    rig.server.setFile(MOUNT, 'sw.js', serviceWorkerVersion('test-v2'));
    await checkForUpdate();
    await eventually(hasWaiting, 20_000, 'the new worker to be waiting');

    // In use: a few seconds pass and nothing reloads.
    await page.clock.fastForward(20_000);
    await page.waitForTimeout(1_500);
    expect(await marker()).toBe('in-use');
    await page.getByRole('heading', { name: 'Activities' }).waitFor();

    // 60 s without a touch: home, then the update, without a prompt.
    await page.clock.fastForward(45_000);
    await eventually(async () => (await marker()) === undefined, 20_000, 'the reload into the new version');
    await page.getByText('Scan to check in').waitFor();
    expect(await eventually(async () => (await controllerVersion()) === 'test-v2' && 'test-v2', 10_000, 'the new version')).toBe('test-v2');
    expect(await page.evaluate(() => localStorage.getItem('kiosk:update-reloaded-for'))).toBe('test-v2');
  });

  it('never reloads twice for the same version', async () => {
    await setMarker('guarded');
    // Pretend this version was applied before, and came back as waiting (a broken update).
    await page.evaluate(() => localStorage.setItem('kiosk:update-reloaded-for', 'test-v3'));
    rig.server.setFile(MOUNT, 'sw.js', serviceWorkerVersion('test-v3'));
    await checkForUpdate();
    await eventually(hasWaiting, 20_000, 'the new worker to be waiting');
    await page.clock.fastForward(65_000);
    await page.waitForTimeout(3_000);
    expect(await marker()).toBe('guarded');
  });
});
