/**
 * Linking a phone on a real kiosk page (dist/kiosk) with a real central on the same
 * real Mosquitto: the phone scans the kiosk's own QR, starts linking, the volunteer's
 * card is tapped (as the agent would publish it), the kiosk shows the phone's code among
 * decoys with the masked name, and touching it links the phone. Also: "not me", a
 * decoy, and a prompt for a tap this kiosk never saw.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_SECRETS, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { eventually } from '../helpers/eventually.ts';
import { decodeVisibleQr, loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { CARDS, stubPhoneApp, TestPhone } from '../helpers/phone-rig.ts';

describe('linking a phone at the kiosk', () => {
  let rig: KioskRig;
  let f: CentralFixture;
  let browser: Browser;
  let page: Page;
  const panel = () => page.locator('pairing-panel .panel');

  beforeAll(async () => {
    rig = await startKioskRig({ checkin: { baseUrl: 'http://127.0.0.1:1/c/', secret: STATION_SECRETS['ST-0001'], periodSeconds: 10 } });
    f = await startCentralFixture({ broker: rig.broker, configOverrides: { phone: { appDir: stubPhoneApp() } } });
    await rig.subscribe(rig.topics.station('ST-0001', 'pairing-answers'));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await loadKiosk(rig, page);
  });
  afterAll(async () => {
    await browser?.close();
    await f?.stop();
    await rig?.close();
  });

  async function dismissOutcome(): Promise<void> {
    await panel().getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => panel().count()).toBe(0);
    // The tap overlay clears by itself; touching it clears it now, so the QR is visible again.
    if ((await page.locator('tap-overlay .panel').count()) > 0) await page.locator('tap-overlay .panel').click();
  }

  /** The volunteer's card on the reader: the agent's Tap to the kiosk, then its CheckIn to central. */
  async function tapCard(uid: string): Promise<string> {
    const id = randomUUID();
    const at = new Date().toISOString();
    await rig.publish(rig.topics.station('ST-0001', 'taps'), { v: 1, id, at });
    await f.publishCheckIn({ id, stationId: 'ST-0001', seq: Math.floor(Math.random() * 1e6) + 1, card: { uid, tech: 'em4100' }, at });
    return id;
  }

  /** A phone that scanned the QR on this kiosk's screen and asked to be linked to `volunteer`. */
  async function phoneAsking(volunteer: string): Promise<{ phone: TestPhone; code: string }> {
    const qr = await eventually(() => decodeVisibleQr(page), 10_000, 'the kiosk QR');
    const token = qr.text.split('/').pop()!;
    const phone = new TestPhone(f.baseUrl);
    const opened = await phone.open(`/c/${token}`);
    expect(opened.status).toBe(200);
    const started = await phone.startPairing(opened.visit!, volunteer);
    expect(started.status).toBe(202);
    return { phone, code: started.body.pairing.code };
  }

  it("shows the phone's code after that volunteer's card tap, and touching it links the phone", async () => {
    const { phone, code } = await phoneAsking('V-0003');
    await tapCard(CARDS['V-0003']);
    await expect.poll(() => panel().getAttribute('data-pairing'), { timeout: 15_000 }).toBe('choose');
    const text = (await panel().textContent()) ?? '';
    expect(text).toContain('Link a phone to 王*?');
    expect(text).not.toContain('V-0003');
    expect(text).not.toContain('55667788');
    const choices = await panel().locator('[data-choice]:not([data-choice="none"])').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-choice')));
    expect(choices).toHaveLength(4);
    expect(choices).toContain(code);
    expect(await seriousViolations(page)).toEqual([]);

    await panel().locator(`[data-choice="${code}"]`).click();
    await expect.poll(() => panel().getAttribute('data-outcome'), { timeout: 15_000 }).toBe('linked');
    expect(await panel().textContent()).toContain('Phone linked');
    expect((await phone.me()).body).toMatchObject({ linked: true, volunteerId: 'V-0003' });
    const answer = JSON.parse(rig.messages(rig.topics.station('ST-0001', 'pairing-answers')).at(-1)!.text);
    expect(answer).toMatchObject({ v: 2, kioskId: 'K-0001', choice: code });
    await dismissOutcome();
  });

  it('"not me" and a decoy both link nothing', async () => {
    const first = await phoneAsking('V-0001');
    await tapCard(CARDS['V-0001']);
    await expect.poll(() => panel().getAttribute('data-pairing'), { timeout: 15_000 }).toBe('choose');
    await panel().locator('[data-choice="none"]').click();
    await expect.poll(() => panel().getAttribute('data-outcome')).toBe('declined');
    await eventually(async () => (await first.phone.pairing()).body.pairing?.phase === 'declined', 10_000, 'the phone to hear it was declined');
    await dismissOutcome();

    const second = await phoneAsking('V-0001');
    await tapCard(CARDS['V-0001']);
    await expect.poll(() => panel().getAttribute('data-pairing'), { timeout: 15_000 }).toBe('choose');
    const decoy = await panel().locator('[data-choice]:not([data-choice="none"])').evaluateAll((buttons, code) => buttons.map((b) => b.getAttribute('data-choice')).find((c) => c !== code), second.code);
    await panel().locator(`[data-choice="${decoy}"]`).click();
    await expect.poll(() => panel().getAttribute('data-outcome'), { timeout: 15_000 }).toBe('declined');
    expect((await second.phone.me()).body).toMatchObject({ linked: false });
    expect(await f.central.store.phone.countActiveBindings('V-0001')).toBe(0);
    await dismissOutcome();
  });

  it('ignores a prompt for a card tap this kiosk did not see', async () => {
    await rig.publish(rig.topics.station('ST-0001', 'pairing'), {
      v: 2,
      state: 'choose',
      checkinId: randomUUID(),
      displayName: '某*',
      choices: ['1111', '2222', '3333', '4444'],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const marker = randomUUID();
    await rig.publish(rig.topics.station('ST-0001', 'taps'), { v: 1, id: marker, at: new Date().toISOString() });
    await page.locator('tap-overlay .panel').waitFor();
    expect(await panel().count()).toBe(0);
  });
});
