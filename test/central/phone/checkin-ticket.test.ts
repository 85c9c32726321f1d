// The page ticket as pure functions: bound to its token, its station, its step and the
// phone's device cookie; a MAC check first, then the expiry.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveTicketKey, issueTicket, TICKET_TTL_MS, verifyTicket } from '../../../central/phone/checkin-ticket.ts';
import { deviceHash, newDeviceKey } from '../../../central/phone/device-key.ts';
import { STATION_SECRETS } from '../../helpers/central-fixture.ts';

const key = deriveTicketKey(STATION_SECRETS['ST-0001']);
const NOW = 1_780_000_005_000;
const claims = { token: 'ST-0001.178000000.abcdefghijklmnop', stationId: 'ST-0001', step: 178_000_000, deviceHash: deviceHash(newDeviceKey()) };

describe('phone check-in ticket', () => {
  const ticket = issueTicket(key, { ...claims, expiresAtMs: NOW + TICKET_TTL_MS });

  it('is valid for its token, station, step and phone until it expires', () => {
    expect(verifyTicket(key, ticket, claims, NOW)).toBe('valid');
    expect(verifyTicket(key, ticket, claims, NOW + TICKET_TTL_MS - 1)).toBe('valid');
    expect(verifyTicket(key, ticket, claims, NOW + TICKET_TTL_MS)).toBe('expired');
  });

  it('is forged for another phone, token, station or step, or another station key', () => {
    expect(verifyTicket(key, ticket, { ...claims, deviceHash: deviceHash(newDeviceKey()) }, NOW)).toBe('forged');
    expect(verifyTicket(key, ticket, { ...claims, token: `${claims.token.slice(0, -1)}q` }, NOW)).toBe('forged');
    expect(verifyTicket(key, ticket, { ...claims, stationId: 'ST-0002' }, NOW)).toBe('forged');
    expect(verifyTicket(key, ticket, { ...claims, step: claims.step + 1 }, NOW)).toBe('forged');
    expect(verifyTicket(deriveTicketKey(STATION_SECRETS['ST-0002']), ticket, claims, NOW)).toBe('forged');
  });

  it('a changed expiry, a flipped MAC character or a MAC made with the station secret itself are forged, even when expired', () => {
    const [expiresAt, mac = ''] = ticket.split('.');
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    const withSecret = createHmac('sha256', Buffer.from(STATION_SECRETS['ST-0001'], 'base64url')).update(claims.token).digest('base64url');
    for (const forged of [`${expiresAt}.${flipped}`, `${Number(expiresAt) + 3_600_000}.${mac}`, `${expiresAt}.${withSecret}`, 'not-a-ticket', '']) {
      expect(verifyTicket(key, forged, claims, NOW), forged).toBe('forged');
      expect(verifyTicket(key, forged, claims, NOW + 2 * TICKET_TTL_MS), forged).toBe('forged');
    }
  });

  it('device keys are 43 base64url characters, never repeat, and hash to something else', () => {
    const a = newDeviceKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newDeviceKey()).not.toBe(a);
    expect(deviceHash(a)).not.toContain(a);
  });
});
