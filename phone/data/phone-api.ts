/**
 * The phone API of central (protocol v2 §Phone API) as typed functions. The device
 * cookie goes along by itself (same origin, HttpOnly); the ticket goes in the body.
 * Every function resolves, never rejects: a refusal or a lost connection is an answer
 * the screen shows.
 */
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { LocalizedText, PairingView, PhoneCheckinView, PhoneRefusalReason, PhoneStateReply } from '../../shared/index.ts';
import type { Visit } from './visit.ts';

export type Refused = { ok: false; reason: PhoneRefusalReason | 'offline'; message: LocalizedText; retryAfterSeconds?: number };
export type Answer<T> = ({ ok: true } & T) | Refused;

const OFFLINE: Refused = {
  ok: false,
  reason: 'offline',
  message: { zh: '连接不上签到服务。请检查网络后再试，或刷卡签到。', en: 'Could not reach the check-in service. Check your connection and try again, or tap your card.' },
};

/** Shared with the other data modules of the app (passbook-api.ts). */
export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return OFFLINE;
  }
  const parsed = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!parsed) return OFFLINE;
  if (response.ok) return { ok: true, ...(parsed as T) };
  if (typeof parsed.reason === 'string' && parsed.message) return parsed as unknown as Refused;
  return { ...OFFLINE, reason: 'unavailable' };
}

const admitted = (visit: Visit) => ({ token: visit.token, ticket: visit.ticket });

export const phoneApi = {
  me: () => call<PhoneStateReply>('GET', '/phone/api/me'),
  /** `activityId`: one of the visit's activities (protocol v2); absent, general service at the station. */
  checkIn: (visit: Visit, assertion?: AuthenticationResponseJSON, activityId?: string) =>
    call<{ checkin: PhoneCheckinView; message: LocalizedText }>('POST', '/phone/api/checkins', {
      ...admitted(visit),
      ...(assertion ? { assertion } : {}),
      ...(activityId !== undefined ? { activityId } : {}),
    }),
  passkeyCheckinOptions: (visit: Visit) => call<{ options: PublicKeyCredentialRequestOptionsJSON }>('POST', '/phone/api/checkins/passkey-options', admitted(visit)),
  startPairing: (visit: Visit, volunteer: string) => call<{ pairing: PairingView; message: LocalizedText }>('POST', '/phone/api/pairings', { ...admitted(visit), volunteer }),
  pairing: () => call<{ pairing: PairingView; message: LocalizedText }>('GET', '/phone/api/pairings/current'),
  cancelPairing: () => call<{ message: LocalizedText }>('POST', '/phone/api/pairings/cancel', {}),
  passkeyOptions: () => call<{ options: PublicKeyCredentialCreationOptionsJSON }>('POST', '/phone/api/passkeys/options', {}),
  addPasskey: (response: RegistrationResponseJSON) => call<{ credential: 'passkey' }>('POST', '/phone/api/passkeys', { response }),
  unlink: () => call<{ message: LocalizedText }>('POST', '/phone/api/unlink', {}),
};

export type PhoneApi = typeof phoneApi;
