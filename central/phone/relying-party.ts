/**
 * The WebAuthn relying party of the phone pages (W3C WebAuthn Level 3 §5.1.4.1, RP ID):
 * a registrable domain, never an IP address, and the origin phones load the page from.
 * Both come from the central config's `phone` section, or else from `publicBaseUrl`.
 * Without a usable domain, passkeys are off and phones link with the device cookie only.
 */
import { isIP } from 'node:net';
import type { CentralConfig } from '../../shared/index.ts';

export type RelyingParty =
  | { passkeys: true; rpId: string; rpName: string; origin: string; secureCookies: boolean }
  | { passkeys: false; why: string; origin?: string; secureCookies: boolean };

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function relyingPartyFrom(config: Pick<CentralConfig, 'publicBaseUrl' | 'phone'>): RelyingParty {
  const origin = config.phone.origin ?? originOf(config.publicBaseUrl);
  const secureCookies = origin?.startsWith('https:') ?? false;
  if (!config.phone.passkeys) return { passkeys: false, why: 'phone.passkeys is false', secureCookies, ...(origin ? { origin } : {}) };
  if (!origin) return { passkeys: false, why: 'neither phone.origin nor publicBaseUrl is set', secureCookies };
  const host = new URL(origin).hostname;
  const rpId = config.phone.rpId ?? host;
  if (isIP(rpId.replace(/^\[|\]$/g, '')) !== 0) {
    return { passkeys: false, why: `${rpId} is an IP address; passkeys need a domain (set phone.rpId, or use a host name in publicBaseUrl)`, origin, secureCookies };
  }
  // The RP ID must be the origin's host or a registrable suffix of it (WebAuthn §5.1.4.1 step 8).
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    return { passkeys: false, why: `phone.rpId ${rpId} is not ${host} or a parent domain of it`, origin, secureCookies };
  }
  // WebAuthn needs a secure context: https, or http://localhost.
  if (!secureCookies && host !== 'localhost' && !host.endsWith('.localhost')) {
    return { passkeys: false, why: `${origin} is not https; browsers offer passkeys only on https (or http://localhost)`, origin, secureCookies };
  }
  return { passkeys: true, rpId, rpName: config.phone.rpName, origin, secureCookies };
}
