/**
 * Uptime history from central's manager API (protocol v2 §Uptime history): availability
 * per site and device over 7 and 30 days and the last 24 h as segments. The API answers
 * only the sites the account may see. Calls go through the shared admin client.
 */
import type { AvailabilityFigures, SegmentState } from '../../shared/index.ts';
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export type UptimeWindow = '7d' | '30d';

export interface DeviceUptime {
  kind: 'station' | 'kiosk';
  deviceId: string;
  stationId: string;
  siteId: string;
  windows: Record<UptimeWindow, AvailabilityFigures>;
  timeline: { state: SegmentState; from: string; to: string }[];
}

export interface UptimeAnswer {
  at: string;
  sites: { siteId: string; windows: Record<UptimeWindow, AvailabilityFigures>; devices: DeviceUptime[] }[];
}

export class UptimeApi {
  private readonly api: AdminApi;
  constructor(credentials: ManagerCredentials, base = '') {
    this.api = new AdminApi(credentials, base);
  }

  uptime(): Promise<UptimeAnswer> {
    return this.api.get<UptimeAnswer>('/api/uptime');
  }

  /** The CSV as an object URL: the download needs the credentials, so a plain link cannot carry them. */
  async csvUrl(): Promise<string> {
    return URL.createObjectURL(await (await this.api.fetch('/api/uptime.csv')).blob());
  }
}
