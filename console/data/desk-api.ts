/**
 * The console's client of the Redemption desk on the manager API (protocol v2 §Time bank:
 * the rewards shop): hand-over by a phone's 6-digit code, and the card-only desk session
 * (open it for a station, the next card tap there identifies the volunteer, offer an
 * item, the volunteer confirms on the kiosk). Same approach as review-api.ts: the API is
 * on the console's own origin under `/api/`, called with the manager's name and password
 * (HTTP Basic); a refusal carries the server's words (`message` {zh,en} or `error`).
 */
import type { LocalizedText } from '../../shared/index.ts';

export interface DeskCredentials {
  username: string;
  password: string;
}

export interface DeskItem {
  id: string;
  name: LocalizedText;
  price: number;
  stock: number;
}

export interface DeskSite {
  siteId: string;
  items: DeskItem[];
}

export interface DeskStation {
  stationId: string;
  siteId: string;
  name: LocalizedText;
}

export interface DeskReservation {
  id: string;
  state: string;
  siteId: string;
  item: LocalizedText;
  price: number;
  displayName: string;
  expiresAt?: string;
  handedOverAt?: string;
  balanceAfter: number;
}

export type DeskSessionState = 'waiting-tap' | 'identified' | 'prompted' | 'redeemed' | 'declined' | 'expired' | 'refused' | 'closed';

export interface DeskSessionView {
  id: string;
  stationId: string;
  siteId: string;
  state: DeskSessionState;
  openedBy: string;
  expiresAt: string;
  /** The tap that identified the volunteer is also a check-in (the check-in consumer records every card tap). */
  tapCountsAsCheckIn: true;
  volunteer?: { displayName: string; balance: number; star: number };
  offer?: { itemId: string; item: LocalizedText; price: number; expiresAt: string };
  receipt?: DeskReservation;
  refusal?: { reason: string; message: LocalizedText };
}

/** A refused call: the HTTP status, the server's reason and its words. */
export class DeskApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | undefined,
    readonly text: LocalizedText | undefined,
    readonly issues: readonly string[],
  ) {
    super(message);
    this.name = 'DeskApiError';
  }
}

export class DeskApi {
  constructor(
    private readonly credentials: DeskCredentials,
    private readonly base: string = '/api/',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const token = btoa(String.fromCharCode(...new TextEncoder().encode(`${this.credentials.username}:${this.credentials.password}`)));
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, new URL(this.base, document.baseURI)), {
        ...init,
        cache: 'no-store',
        headers: { authorization: `Basic ${token}`, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
    } catch {
      throw new DeskApiError(0, 'network', undefined, undefined, []);
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string; reason?: string; message?: LocalizedText; issues?: string[] };
    if (!response.ok) throw new DeskApiError(response.status, body.error ?? body.message?.en ?? `HTTP ${response.status}`, body.reason, body.message, body.issues ?? []);
    return body as T;
  }

  sites(): Promise<{ account: string; role: string; sites: DeskSite[]; stations: DeskStation[] }> {
    return this.call('desk/sites');
  }

  async findCode(siteId: string, code: string): Promise<DeskReservation> {
    return (await this.call<{ reservation: DeskReservation }>(`desk/sites/${encodeURIComponent(siteId)}/codes/${encodeURIComponent(code)}`)).reservation;
  }

  async handOver(siteId: string, code: string, requestId: string): Promise<DeskReservation> {
    return (await this.call<{ receipt: DeskReservation }>(`desk/sites/${encodeURIComponent(siteId)}/handovers`, { method: 'POST', body: JSON.stringify({ code, requestId }) })).receipt;
  }

  async openSession(stationId: string, requestId: string): Promise<DeskSessionView> {
    return (await this.call<{ session: DeskSessionView }>('desk/sessions', { method: 'POST', body: JSON.stringify({ stationId, requestId }) })).session;
  }

  async session(id: string): Promise<DeskSessionView> {
    return (await this.call<{ session: DeskSessionView }>(`desk/sessions/${encodeURIComponent(id)}`)).session;
  }

  async offer(id: string, itemId: string, requestId: string): Promise<DeskSessionView> {
    return (await this.call<{ session: DeskSessionView }>(`desk/sessions/${encodeURIComponent(id)}/offer`, { method: 'POST', body: JSON.stringify({ itemId, requestId }) })).session;
  }

  async close(id: string): Promise<DeskSessionView> {
    return (await this.call<{ session: DeskSessionView }>(`desk/sessions/${encodeURIComponent(id)}/close`, { method: 'POST', body: '{}' })).session;
  }
}
