/**
 * axe-core finds no serious or critical violations on any screen, in both languages;
 * primary touch targets are at least 60 CSS px, others at least 44 px.
 * Also covers the manager panel (3 s corner press + PIN).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hashManagerPin } from '../../shared/manager-pin.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { MOUNT, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { sampleActivities, sampleDirectory, sampleRecruitment } from '../helpers/kiosk-sample-content.ts';

const AXE_SCRIPT = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const PIN = '2468';
const inTenMinutes = () => new Date(Date.now() + 600_000).toISOString();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('kiosk accessibility', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    rig = await startKioskRig({ locale: 'zh-CN', managerPinHash: await hashManagerPin(PIN) });
    await rig.publish(rig.topics.siteActivities('SITE-01'), sampleActivities(), { retain: true });
    await rig.publish(rig.topics.directory(), sampleDirectory(), { retain: true });
    await rig.publish(rig.topics.siteRecruitment('SITE-01'), sampleRecruitment(), { retain: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(rig.url);
    await page.getByText('西湖文明旅游引导').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  const screens: [string, (lang: 'zh' | 'en') => Promise<void>][] = [
    ['home', async () => page.locator('home-screen').waitFor()],
    ['activities', async (lang) => page.getByRole('button', { name: lang === 'zh' ? '志愿活动' : 'Activities' }).first().click()],
    ['activity detail', async (lang) => page.getByRole('button', { name: lang === 'zh' ? /西湖文明旅游引导/ : /Guiding visitors/ }).click()],
    ['stations', async (lang) => {
      await page.getByRole('button', { name: lang === 'zh' ? /首页/ : /Home/ }).click();
      await page.getByRole('button', { name: lang === 'zh' ? '志愿服务站' : 'Volunteer stations' }).first().click();
    }],
    ['station detail', async (lang) => page.getByRole('button', { name: lang === 'zh' ? /湖滨志愿服务站/ : /Lakeside Volunteer Station/ }).click()],
    ['announcement + tap overlays', async (lang) => {
      await page.getByRole('button', { name: lang === 'zh' ? /首页/ : /Home/ }).click();
      await rig.publish(rig.topics.station('ST-0001', 'cmd'), { v: 1, id: randomUUID(), cmd: 'announce', args: { text: { zh: '通知内容', en: 'Notice text' } }, expiresAt: inTenMinutes() });
      await page.locator('announcement-banner').waitFor();
      await rig.publish(rig.topics.station('ST-0001', 'results'), { v: 1, id: randomUUID(), status: 'duplicate', at: new Date().toISOString(), sessionStartedAt: new Date().toISOString() });
      await page.locator('tap-overlay .panel').waitFor();
    }],
    ['rejected overlay', async () => {
      await rig.publish(rig.topics.station('ST-0001', 'results'), { v: 1, id: randomUUID(), status: 'rejected', reason: 'unknown-card', at: new Date().toISOString() });
      await page.locator('tap-overlay .panel[data-tone=bad]').waitFor();
    }],
    ['identify', async () => {
      await page.locator('tap-overlay .panel').click();
      await rig.publish(rig.topics.station('ST-0001', 'cmd'), { v: 1, id: randomUUID(), cmd: 'clear-announcement', expiresAt: inTenMinutes() });
      await rig.publish(rig.topics.station('ST-0001', 'cmd'), { v: 1, id: randomUUID(), cmd: 'identify', expiresAt: inTenMinutes() });
      await page.locator('identify-overlay').waitFor();
    }],
  ];

  for (const lang of ['zh', 'en'] as const) {
    it(`has no serious or critical violations on any screen (${lang})`, async () => {
      await page.reload();
      await page.locator('home-screen').waitFor();
      if (lang === 'en') await page.getByRole('button', { name: 'EN' }).click();
      const problems: string[] = [];
      for (const [name, open] of screens) {
        await open(lang);
        await page.waitForTimeout(200);
        problems.push(...(await seriousViolations(page)).map((p) => `${name}: ${p}`));
      }
      expect(problems).toEqual([]);
    });
  }

  it('gives primary buttons ≥ 60 px and every other button ≥ 44 px', async () => {
    await page.reload();
    await page.locator('home-screen').waitFor();
    const sizes = await page.evaluate(() => {
      const buttons: { text: string; w: number; h: number; primary: boolean }[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (el.tagName === 'BUTTON') {
            const box = el.getBoundingClientRect();
            buttons.push({ text: el.textContent?.trim() ?? '', w: box.width, h: box.height, primary: el.classList.contains('big') });
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return buttons;
    });
    expect(sizes.length).toBeGreaterThan(4);
    for (const b of sizes) {
      expect(Math.min(b.w, b.h), b.text).toBeGreaterThanOrEqual(b.primary ? 60 : 44);
    }
  });

  it('opens the manager panel after a 3 s corner press and the right PIN only', async () => {
    const press = async () => {
      await page.mouse.move(10, 790);
      await page.mouse.down();
      await page.waitForTimeout(3_300);
      await page.mouse.up();
    };
    await page.mouse.move(10, 790);
    await page.mouse.down();
    await page.waitForTimeout(500);
    await page.mouse.up();
    expect(await page.locator('manager-panel').count()).toBe(0);

    await press();
    await page.getByRole('dialog', { name: '管理密码' }).waitFor();
    for (const digit of '1111') await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '打开' }).click();
    await page.getByText('密码错误，请 1 秒后再试。').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('manager-panel [data-countdown]').waitFor({ state: 'detached' });
    for (const digit of PIN) await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '打开' }).click();
    const panel = page.getByRole('dialog', { name: '管理面板' });
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('connected');
    expect(text).not.toContain(rig.config.checkin.secret);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the configuration-error screen without violations', async () => {
    rig.server.setFile(MOUNT, 'kiosk-config.json', '{}');
    await page.reload();
    await page.locator('config-error-screen').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
