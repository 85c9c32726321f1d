/**
 * The passkey path in Chromium, headless, with the DevTools virtual authenticator
 * (WebAuthn.addVirtualAuthenticator through playwright-core's CDP session) on
 * http://localhost:PORT: link with the card, add a passkey, check in with it; the
 * passkey is then the only credential that phone's link accepts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { addVirtualAuthenticator, linkInBrowser, newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';

describe('the phone app, passkey path', () => {
  let world: PhoneWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startPhoneWorld();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('links, adds a passkey, checks in with it, and refuses the device key alone from then on', async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${world.origin}/phone/`);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    await scan(page, world, 'ST-0002');
    await linkInBrowser(page, world, 'V-0001', 'ST-0002');

    await page.locator('#add-passkey').click();
    await expect.poll(() => screenText(page), { timeout: 15_000 }).toContain('Passkey added.');
    expect(await screenText(page)).toContain('confirmed with a passkey');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ rpId: 'localhost', isResidentCredential: true });

    // The link tap checked V-0001 in at ST-0002; the passkey check-in now answers as a duplicate.
    await scan(page, world, 'ST-0002');
    await page.locator('#check-in').click();
    await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/You already checked in at \d\d:\d\d/);
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount).toBeGreaterThan(0);

    // Without the assertion, the cookie no longer suffices for this phone.
    const cookieOnly = await page.evaluate(async () => {
      const visit = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')!.content) as { ticket: string };
      const token = location.pathname.split('/').pop();
      const res = await fetch('/phone/api/checkins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ticket: visit.ticket }) });
      return { status: res.status, body: await res.json() };
    });
    expect(cookieOnly).toMatchObject({ status: 401, body: { reason: 'passkey-required' } });

    const bindings = await world.f.central.store.phone.bindingsOfVolunteer('V-0001');
    expect(bindings).toMatchObject([{ credential: 'passkey' }]);
    expect((await world.f.central.store.phone.listAudit({ volunteerId: 'V-0001' })).map((e) => e.action)).toEqual(['passkey-added', 'phone-linked']);
    await context.close();
  });

  it("an assertion works once, on the phone whose challenge it signed: carried to another phone or replayed, it is refused", async () => {
    const first = await newPhoneContext(browser);
    const firstPage = await first.newPage();
    await firstPage.goto(`${world.origin}/phone/`);
    await addVirtualAuthenticator(first, firstPage);
    await scan(firstPage, world);
    await linkInBrowser(firstPage, world, 'V-0002');
    await firstPage.locator('#add-passkey').click();
    await expect.poll(() => screenText(firstPage), { timeout: 15_000 }).toContain('Passkey added.');

    // A genuine assertion of the first phone's passkey over the first phone's challenge, made by hand.
    await scan(firstPage, world);
    const assertion = await firstPage.evaluate(async () => {
      const fromB64u = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
      const toB64u = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const visit = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')!.content) as { ticket: string };
      const token = location.pathname.split('/').pop();
      const reply = await (await fetch('/phone/api/checkins/passkey-options', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ticket: visit.ticket }) })).json();
      const o = reply.options as { challenge: string; rpId: string; allowCredentials: { id: string }[] };
      const credential = (await navigator.credentials.get({
        publicKey: { challenge: fromB64u(o.challenge), rpId: o.rpId, allowCredentials: o.allowCredentials.map((c) => ({ type: 'public-key' as const, id: fromB64u(c.id) })), userVerification: 'required' },
      })) as PublicKeyCredential;
      const r = credential.response as AuthenticatorAssertionResponse;
      return {
        id: credential.id,
        rawId: toB64u(credential.rawId),
        type: 'public-key',
        response: { clientDataJSON: toB64u(r.clientDataJSON), authenticatorData: toB64u(r.authenticatorData), signature: toB64u(r.signature), ...(r.userHandle ? { userHandle: toB64u(r.userHandle) } : {}) },
        clientExtensionResults: {},
      };
    });
    const post = (page: typeof firstPage, body: unknown) =>
      page.evaluate(async (a) => {
        const visit = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')!.content) as { ticket: string };
        const token = location.pathname.split('/').pop();
        const res = await fetch('/phone/api/checkins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ticket: visit.ticket, assertion: a }) });
        return { status: res.status, body: await res.json() };
      }, body);

    const second = await newPhoneContext(browser);
    const secondPage = await second.newPage();
    await scan(secondPage, world);
    const before = await world.f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01', volunteerId: 'V-0002' });
    expect(await post(secondPage, assertion)).toMatchObject({ status: 403, body: { reason: 'passkey-failed' } });
    // On its own phone it works, once.
    expect(await post(firstPage, assertion)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await post(firstPage, assertion)).toMatchObject({ status: 403, body: { reason: 'passkey-failed' } });
    const after = await world.f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01', volunteerId: 'V-0002' });
    expect(after).toEqual(before);
    await first.close();
    await second.close();
  });
});
