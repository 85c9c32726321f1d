/** CSV of the report figures (RFC 4180, CRLF, UTF-8 with BOM, as service-hours-csv.ts). */
import type { AvailabilityFigures } from '../../shared/index.ts';
import type { SiteUptime } from '../stations/uptime-report.ts';
import type { ReportCell, ReportDimension } from '../timebank/report-figures.ts';
import { csvField } from './service-hours-csv.ts';

/** One CSV document: the header, then a row per entry, every field quoted as needed. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${[header.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n')}\r\n`;
}

export function reportCsv(by: ReportDimension, cells: readonly ReportCell[], labelOf: (key: string) => string): string {
  return csvDocument(
    ['month', by, `${by}_label`, 'hours', 'minutes', 'events'],
    cells.map((c) => [c.month, c.key, labelOf(c.key), (c.minutes / 60).toFixed(2), c.minutes, c.events]),
  );
}

export function topVolunteersCsv(top: readonly { rank: number; volunteerId: string; displayName: string; minutes: number; events: number }[]): string {
  return csvDocument(
    ['rank', 'volunteer_id', 'display_name', 'hours', 'minutes', 'events'],
    top.map((t) => [t.rank, t.volunteerId, t.displayName, (t.minutes / 60).toFixed(2), t.minutes, t.events]),
  );
}

/** Per site, one `site` row and one row per device, for each window; seconds are whole (the store keeps milliseconds). */
export function uptimeCsv(sites: readonly SiteUptime[]): string {
  const figures = (f: AvailabilityFigures) => [f.availability === null ? '' : (f.availability * 100).toFixed(3), ...[f.upMs, f.downMs, f.sleepingMs, f.unknownMs].map((ms) => Math.round(ms / 1000))];
  const rows = sites.flatMap((site) =>
    (['7d', '30d'] as const).flatMap((window) => [
      [site.siteId, 'site', '', '', window, ...figures(site.windows[window])],
      ...site.devices.map((d) => [site.siteId, d.kind, d.deviceId, d.stationId, window, ...figures(d.windows[window])]),
    ]),
  );
  return csvDocument(['site', 'device_kind', 'device_id', 'station_id', 'window', 'availability_percent', 'up_seconds', 'down_seconds', 'sleeping_seconds', 'unknown_seconds'], rows);
}
