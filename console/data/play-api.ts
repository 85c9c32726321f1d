/**
 * Proof of play from central's manager API (protocol v2 §Proof of play): per kiosk and
 * clock hour, the screens and content versions it showed and for how long. The API answers
 * only the kiosks of sites the account may see. Calls go through the shared admin client.
 */
import type { PlayEntry } from '../../shared/index.ts';
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export interface PlayHourAnswer {
  kioskId: string;
  stationId: string;
  siteId: string;
  hour: string;
  totalMs: number;
  entries: PlayEntry[];
}

export interface PlayAnswer {
  from: string;
  to: string;
  hours: PlayHourAnswer[];
}

export class PlayApi {
  private readonly api: AdminApi;
  constructor(credentials: ManagerCredentials, base = '') {
    this.api = new AdminApi(credentials, base);
  }

  /** The last 24 h of one kiosk. */
  lastDay(kioskId: string): Promise<PlayAnswer> {
    return this.api.get<PlayAnswer>(`/api/play?kiosk=${encodeURIComponent(kioskId)}`);
  }
}
