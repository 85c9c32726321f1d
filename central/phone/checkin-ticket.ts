/**
 * A short-lived check-in ticket (protocol v2 §Phone API). The QR token is only valid for
 * T-1..T+1 (10–30 s), less than a volunteer may need on a slow phone. So the page (GET)
 * checks the token and embeds a ticket that lets the phone's POSTs use that exact token
 * for a few minutes, from that phone only: the ticket names the hash of the phone's
 * device cookie (device-key.ts), and it travels in the request body, never in a URL.
 *   ticket = "{expiresAtMs}.{base64url(HMAC-SHA256(ticketKey, claims))}"
 *   claims = "vs-phone-ticket/v2\n{token}\n{stationId}\n{step}\n{expiresAtMs}\n{deviceHash}"
 *
 * The ticket key is derived from the station secret K (HKDF-SHA256 with its own label),
 * not a random key in memory: every replica, and a service restarted between GET and
 * POST, verifies the same tickets without another secret to distribute or back up. It
 * grants nothing new: whoever holds K can already mint currently valid tokens.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { decodeCheckinSecret } from '../../shared/index.ts';

export const TICKET_TTL_MS = 5 * 60_000;
const HKDF_INFO = 'vs central phone check-in ticket v1';
const CLAIMS_LABEL = 'vs-phone-ticket/v2';
const TICKET_PATTERN = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

export interface TicketClaims {
  token: string;
  stationId: string;
  step: number;
  expiresAtMs: number;
  /** The SHA-256 of the device cookie of the phone the ticket was issued to. */
  deviceHash: string;
}

export type TicketVerdict = 'valid' | 'forged' | 'expired';

export function deriveTicketKey(stationSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', decodeCheckinSecret(stationSecret), new Uint8Array(0), HKDF_INFO, 32));
}

function ticketMac(key: Buffer, claims: TicketClaims): string {
  const message = [CLAIMS_LABEL, claims.token, claims.stationId, claims.step, claims.expiresAtMs, claims.deviceHash].join('\n');
  return createHmac('sha256', key).update(message).digest('base64url');
}

export function issueTicket(key: Buffer, claims: TicketClaims): string {
  return `${claims.expiresAtMs}.${ticketMac(key, claims)}`;
}

/** `bound` is what the request carries (its token, its device cookie); the ticket must have been issued for exactly that. */
export function verifyTicket(key: Buffer, ticket: string, bound: Omit<TicketClaims, 'expiresAtMs'>, nowMs: number): TicketVerdict {
  const match = TICKET_PATTERN.exec(ticket);
  if (!match) return 'forged';
  const expiresAtMs = Number(match[1]);
  // Compare the base64url text, not decoded bytes: decoding ignores the last character's spare bits.
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(ticketMac(key, { ...bound, expiresAtMs }));
  // MAC first, in constant time, so a forged ticket never learns anything about expiry.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  if (nowMs >= expiresAtMs) return 'expired';
  return 'valid';
}
