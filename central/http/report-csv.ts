/** CSV of the report figures (RFC 4180, CRLF, UTF-8 with BOM, as service-hours-csv.ts). */
import type { ReportCell, ReportDimension } from '../timebank/report-figures.ts';
import { csvField } from './service-hours-csv.ts';

export function reportCsv(by: ReportDimension, cells: readonly ReportCell[], labelOf: (key: string) => string): string {
  const header = ['month', by, `${by}_label`, 'hours', 'minutes', 'events'].join(',');
  const rows = cells.map((c) => [c.month, c.key, labelOf(c.key), (c.minutes / 60).toFixed(2), c.minutes, c.events].map(csvField).join(','));
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

export function topVolunteersCsv(top: readonly { rank: number; volunteerId: string; displayName: string; minutes: number; events: number }[]): string {
  const header = 'rank,volunteer_id,display_name,hours,minutes,events';
  const rows = top.map((t) => [t.rank, t.volunteerId, t.displayName, (t.minutes / 60).toFixed(2), t.minutes, t.events].map(csvField).join(','));
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}
