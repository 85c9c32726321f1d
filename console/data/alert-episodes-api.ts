/**
 * Alert episodes from central's manager API (protocol v2 §Alerts in the console): the
 * open ones and the history, with who acknowledged each. Central opens and closes them
 * (central/alerts/); the console only shows them and records an acknowledgement. The API
 * answers only the sites the account may see. Calls go through the shared admin client.
 */
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export interface AlertEpisode {
  id: number;
  alert: string;
  deviceId: string;
  deviceKind: 'station' | 'kiosk';
  stationId: string;
  siteId: string;
  since: string;
  openedAt: string;
  closedAt: string | null;
  ack: { by: string; at: string; note?: string } | null;
}

export interface AlertEpisodesAnswer {
  /** Central's clock when it answered: durations are counted to it. */
  at: string;
  episodes: AlertEpisode[];
}

export class AlertEpisodesApi {
  private readonly api: AdminApi;
  constructor(credentials: ManagerCredentials, base = '') {
    this.api = new AdminApi(credentials, base);
  }

  list(state: 'open' | 'all', limit = 100): Promise<AlertEpisodesAnswer> {
    return this.api.get<AlertEpisodesAnswer>(`/api/alerts?state=${state}&limit=${limit}`);
  }

  /** Refused with 409 (AdminApiError) if someone acknowledged it first. */
  async acknowledge(id: number, note: string): Promise<AlertEpisode> {
    return (await this.api.post<{ episode: AlertEpisode }>(`/api/alerts/${id}/ack`, note.trim() ? { note: note.trim() } : {})).episode;
  }

  /** The history CSV as an object URL: the download needs the credentials, so a plain link cannot carry them. */
  async csvUrl(): Promise<string> {
    return URL.createObjectURL(await (await this.api.fetch('/api/alerts.csv?state=all&limit=500')).blob());
  }
}
