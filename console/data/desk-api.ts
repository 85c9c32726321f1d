/**
 * The console's client of the Redemption desk on the manager API (protocol v2 §Time bank:
 * the rewards shop): hand-over by a phone's 6-digit code, and the card-only desk session
 * (open it for a station, the next card tap there identifies the volunteer, offer an
 * item, the volunteer confirms on the kiosk), through the shared admin client
 * (admin-api.ts); a refusal carries the server's words (`message` {zh,en} or `error`).
 */
import type { LocalizedText } from '../../shared/index.ts';
import { AdminApi, type AdminApiError, type ManagerCredentials } from './admin-api.ts';

export { AdminApiError as DeskApiError, type ManagerCredentials as DeskCredentials } from './admin-api.ts';

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

export class DeskApi {
  private readonly api: AdminApi;

  /** @param base central's admin origin, '' for this page's own origin. */
  constructor(credentials: ManagerCredentials, base = '', fetchImpl?: typeof fetch) {
    this.api = new AdminApi(credentials, base, fetchImpl);
  }

  sites(): Promise<{ account: string; role: string; sites: DeskSite[]; stations: DeskStation[] }> {
    return this.api.get('/api/desk/sites');
  }

  async findCode(siteId: string, code: string): Promise<DeskReservation> {
    return (await this.api.get<{ reservation: DeskReservation }>(`/api/desk/sites/${encodeURIComponent(siteId)}/codes/${encodeURIComponent(code)}`)).reservation;
  }

  async handOver(siteId: string, code: string, requestId: string): Promise<DeskReservation> {
    return (await this.api.post<{ receipt: DeskReservation }>(`/api/desk/sites/${encodeURIComponent(siteId)}/handovers`, { code, requestId })).receipt;
  }

  async openSession(stationId: string, requestId: string): Promise<DeskSessionView> {
    return (await this.api.post<{ session: DeskSessionView }>('/api/desk/sessions', { stationId, requestId })).session;
  }

  async session(id: string): Promise<DeskSessionView> {
    return (await this.api.get<{ session: DeskSessionView }>(`/api/desk/sessions/${encodeURIComponent(id)}`)).session;
  }

  async offer(id: string, itemId: string, requestId: string): Promise<DeskSessionView> {
    return (await this.api.post<{ session: DeskSessionView }>(`/api/desk/sessions/${encodeURIComponent(id)}/offer`, { itemId, requestId })).session;
  }

  async close(id: string): Promise<DeskSessionView> {
    return (await this.api.post<{ session: DeskSessionView }>(`/api/desk/sessions/${encodeURIComponent(id)}/close`, {})).session;
  }
}

/** The server's own words of a refusal, when it sent them in both languages (`message` {zh,en}). */
export function refusalText(err: AdminApiError): LocalizedText | undefined {
  const message = err.body.message as Partial<LocalizedText> | undefined;
  return typeof message?.zh === 'string' && typeof message.en === 'string' ? { zh: message.zh, en: message.en } : undefined;
}
