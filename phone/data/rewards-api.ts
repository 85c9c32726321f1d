/**
 * The phone's rewards calls (protocol v2 §Time bank: the rewards shop, Phone) as typed
 * functions that always resolve, like phone-api.ts; the request id of a reservation is
 * made once per touch, so a retried POST counts once.
 */
import type { LocalizedText, RewardsView } from '../../shared/index.ts';

export interface PhoneReservation {
  id: string;
  siteId: string;
  itemId: string;
  item: LocalizedText;
  price: number;
  state: string;
  code?: string;
  qr?: { size: number; rows: string[] };
  expiresAt?: string;
  balanceAfter: number;
}

export type RewardsAnswer<T> = ({ ok: true } & T) | { ok: false; reason: string; message: LocalizedText };

const OFFLINE = { ok: false as const, reason: 'offline', message: { zh: '连接不上服务，请检查网络后再试。', en: 'Could not reach the service. Check your connection and try again.' } };

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<RewardsAnswer<T>> {
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const parsed = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!parsed) return OFFLINE;
    if (response.ok) return { ...(parsed as T), ok: true };
    return typeof parsed.reason === 'string' && parsed.message ? (parsed as unknown as RewardsAnswer<T>) : OFFLINE;
  } catch {
    return OFFLINE;
  }
}

export const rewardsApi = {
  catalogue: () => call<{ balance: number; sites: (RewardsView & { stations: LocalizedText[] })[] }>('GET', '/phone/api/rewards'),
  reserve: (siteId: string, itemId: string, requestId: string) => call<{ reservation: PhoneReservation }>('POST', '/phone/api/reservations', { siteId, itemId, requestId }),
  pending: () => call<{ reservations: PhoneReservation[] }>('GET', '/phone/api/reservations'),
  cancel: (id: string) => call<{ reservation: PhoneReservation }>('POST', `/phone/api/reservations/${encodeURIComponent(id)}/cancel`, { requestId: crypto.randomUUID() }),
};

export type RewardsApi = typeof rewardsApi;
