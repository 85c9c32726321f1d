import { describe, expect, it } from 'vitest';
import { relyingPartyFrom } from '../../../central/phone/relying-party.ts';

const phone = { rpName: 'Volunteer check-in', passkeys: true };

describe('the WebAuthn relying party from the central config', () => {
  it('derives the RP ID and origin from publicBaseUrl', () => {
    expect(relyingPartyFrom({ publicBaseUrl: 'https://checkin.example.org/c/', phone })).toEqual({
      passkeys: true,
      rpId: 'checkin.example.org',
      rpName: 'Volunteer check-in',
      origin: 'https://checkin.example.org',
      secureCookies: true,
    });
  });

  it('takes rpId and origin from the phone section, and accepts a parent domain as RP ID', () => {
    expect(relyingPartyFrom({ publicBaseUrl: 'https://x.example/c/', phone: { ...phone, rpId: 'example.org', origin: 'https://checkin.example.org' } })).toMatchObject({
      passkeys: true,
      rpId: 'example.org',
      origin: 'https://checkin.example.org',
    });
  });

  it('http://localhost works (a secure context for browsers), with cookies that are not Secure', () => {
    expect(relyingPartyFrom({ publicBaseUrl: 'http://localhost:8090/c/', phone })).toMatchObject({ passkeys: true, rpId: 'localhost', origin: 'http://localhost:8090', secureCookies: false });
  });

  it('turns passkeys off, saying why, for an IP address, plain http on a domain, a foreign RP ID or no URL at all', () => {
    expect(relyingPartyFrom({ publicBaseUrl: 'http://127.0.0.1:8090/c/', phone })).toMatchObject({ passkeys: false, why: expect.stringContaining('IP address') });
    expect(relyingPartyFrom({ publicBaseUrl: 'https://[::1]:8090/c/', phone })).toMatchObject({ passkeys: false, why: expect.stringContaining('IP address') });
    expect(relyingPartyFrom({ publicBaseUrl: 'http://checkin.example.org/c/', phone })).toMatchObject({ passkeys: false, why: expect.stringContaining('not https') });
    expect(relyingPartyFrom({ publicBaseUrl: 'https://checkin.example.org/c/', phone: { ...phone, rpId: 'other.org' } })).toMatchObject({ passkeys: false, why: expect.stringContaining('not checkin.example.org') });
    expect(relyingPartyFrom({ phone })).toMatchObject({ passkeys: false, why: expect.stringContaining('publicBaseUrl') });
    expect(relyingPartyFrom({ publicBaseUrl: 'https://checkin.example.org/c/', phone: { ...phone, passkeys: false } })).toMatchObject({ passkeys: false, secureCookies: true });
  });
});
