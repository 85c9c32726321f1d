/**
 * A busy station, over real HTTP and a real Mosquitto: several phones linking at once,
 * card taps interleaved, one phone trying to hijack another volunteer's link by typing
 * that volunteer's number, a tap by somebody else, and two kiosks answering the same
 * tap. Every link lands on the volunteer whose card was tapped and whose phone showed
 * the touched code, or nobody's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceHash } from '../../../central/phone/device-key.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, tokenAt, type KioskDouble } from '../../helpers/phone-rig.ts';

const START_MS = 178_200_000 * PERIOD_SECONDS * 1000 + 5_000;

describe('linking phones at a busy station', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS }, configOverrides: { phone: { appDir: stubPhoneApp() } } });
    kiosk = await startKioskDouble(f.broker.url);
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });

  async function asking(volunteer: string): Promise<{ phone: TestPhone; code: string }> {
    const phone = new TestPhone(f.baseUrl);
    const page = await phone.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    const started = await phone.startPairing(page.visit!, volunteer);
    expect(started.status).toBe(202);
    return { phone, code: started.body.pairing.code };
  }

  const boundTo = async (phone: TestPhone) => (await f.central.store.phone.activeBindingOfDevice(deviceHash(phone.cookie!)))?.volunteerId;
  const events = async (event: string) => (await f.metrics.pairingEventsTotal.get()).values.find((v) => v.labels.event === event)?.value ?? 0;

  async function answer(checkinId: string, choice: string | null, event: string): Promise<void> {
    const before = await events(event);
    await kiosk.answer('ST-0001', checkinId, choice);
    await eventually(async () => (await events(event)) > before, 10_000, `the answer to be counted as ${event}`);
  }

  it('interleaved taps: each prompt offers only that card owner\'s phones; a hijacker typing the number is declined; links land right', async () => {
    const ann = await asking('V-0001');
    const wang = await asking('V-0003');
    const hijacker = await asking('V-0001');
    // Taps interleaved, with a passer-by's card (V-0002 is linking nothing) in between.
    const wangTap = await tapCard(f, 'ST-0001', CARDS['V-0003'], clockMs);
    const passerBy = await tapCard(f, 'ST-0001', CARDS['V-0002'], clockMs);
    const annTap = await tapCard(f, 'ST-0001', CARDS['V-0001'], clockMs);

    const wangPrompt = await kiosk.promptFor(wangTap);
    const annPrompt = await kiosk.promptFor(annTap);
    if (wangPrompt.state !== 'choose' || annPrompt.state !== 'choose') throw new Error('expected choose prompts');
    expect(wangPrompt.displayName).toBe('王*');
    expect(wangPrompt.choices).toContain(wang.code);
    // Decoys are random, so a decoy may happen to equal another phone's code; what was offered is in the store.
    const offeredOn = async (tap: string) => (await f.central.store.phone.pairingsOfferedFor(tap, 'ST-0001')).map((p) => p.deviceHash).sort();
    expect(await offeredOn(wangTap)).toEqual([deviceHash(wang.phone.cookie!)]);
    expect(await offeredOn(annTap)).toEqual([deviceHash(ann.phone.cookie!), deviceHash(hijacker.phone.cookie!)].sort());
    expect(annPrompt.displayName).toBe('张*丰');
    expect(annPrompt.choices).toEqual(expect.arrayContaining([ann.code, hijacker.code]));
    expect(annPrompt.choices.length).toBeGreaterThan(2);
    expect(kiosk.prompts.find((p) => p.prompt.checkinId === passerBy)).toBeUndefined();

    // Ann touches the code on her own phone: her phone is linked, the hijacker's is declined.
    await answer(annTap, ann.code, 'answer-linked');
    expect(await boundTo(ann.phone)).toBe('V-0001');
    expect(await boundTo(hijacker.phone)).toBeUndefined();
    await eventually(async () => (await hijacker.phone.pairing()).body.pairing?.phase === 'declined', 10_000, 'the hijacker to be declined');

    // Wang touches a code his phone does not show (Ann's, say): nothing is linked; he starts again.
    await answer(wangTap, wangPrompt.choices.find((c) => c !== wang.code)!, 'answer-declined');
    expect(await boundTo(wang.phone)).toBeUndefined();
    clockMs += 30_000;
    const again = await asking('V-0003');
    const retap = await tapCard(f, 'ST-0001', CARDS['V-0003'], clockMs);
    await kiosk.promptFor(retap);
    await answer(retap, again.code, 'answer-linked');
    expect(await boundTo(again.phone)).toBe('V-0003');

    // Every active link is on a phone that asked for that very volunteer.
    expect((await f.central.store.phone.bindingsOfVolunteer('V-0002')).length).toBe(0);
    expect((await f.central.store.phone.bindingsOfVolunteer('V-0001')).filter((b) => !b.revokedAtMs).map((b) => b.deviceHash)).toEqual([deviceHash(ann.phone.cookie!)]);
    expect((await f.central.store.phone.bindingsOfVolunteer('V-0003')).filter((b) => !b.revokedAtMs).map((b) => b.deviceHash)).toEqual([deviceHash(again.phone.cookie!)]);
  });

  it('a hijacker waiting on a volunteer who never asked: the volunteer\'s ordinary tap offers the code, "not me" ends it', async () => {
    clockMs += 10 * 60_000;
    const hijacker = await asking('V-0002');
    const tap = await tapCard(f, 'ST-0001', CARDS['V-0002'], clockMs);
    const prompt = await kiosk.promptFor(tap);
    expect(prompt).toMatchObject({ state: 'choose', displayName: 'J*** S****' });
    await answer(tap, null, 'answer-declined');
    expect(await boundTo(hijacker.phone)).toBeUndefined();
    expect(await f.central.store.phone.countActiveBindings('V-0002')).toBe(0);
  });

  it('two kiosks answer the same tap at once: exactly one link, or none', async () => {
    clockMs += 10 * 60_000;
    const mine = await asking('V-0002');
    const tap = await tapCard(f, 'ST-0001', CARDS['V-0002'], clockMs);
    await kiosk.promptFor(tap);
    const second = await startKioskDouble(f.broker.url);
    const linked = await events('answer-linked');
    const stale = await events('answer-stale');
    await Promise.all([kiosk.answer('ST-0001', tap, mine.code, 'K-0001'), second.answer('ST-0001', tap, mine.code, 'K-0002')]);
    await eventually(async () => (await events('answer-linked')) + (await events('answer-stale')) >= linked + stale + 2, 10_000, 'both answers to be handled');
    expect((await events('answer-linked')) - linked).toBe(1);
    expect(await f.central.store.phone.countActiveBindings('V-0002')).toBe(1);
    expect(await boundTo(mine.phone)).toBe('V-0002');
    await second.close();
  });
});
