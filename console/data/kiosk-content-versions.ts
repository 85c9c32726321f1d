/**
 * Which content version each kiosk runs, from what it reports. A publish's retained
 * messages carry `updatedAt` = the version's `at`; the content scheduler may republish
 * the same file later with a later `updatedAt`. So a kiosk whose content is from time T
 * runs the newest version published at or before T (fleet-rows.ts: `contentUpdatedAt`,
 * the older of its activities and directory).
 */
import type { ContentVersionView } from './content-api.ts';
import type { KioskView } from './fleet-rows.ts';

export type KioskContentVersion =
  /** `version`: the content version it runs. */
  | { kind: 'version'; version: number }
  /** No content reported yet (just started, or before any content reached it). */
  | { kind: 'not-reported' }
  /** Content older than every version in the history (e.g. from another central's broker). */
  | { kind: 'unknown' };

export interface KioskVersionRow {
  kioskId: string;
  running: KioskContentVersion;
}

export interface SiteVersionSummary {
  /** The newest version; 0 before the first. */
  latest: number;
  /** How many of the site's kiosks run `latest`. */
  onLatest: number;
  total: number;
  /** The site's kiosks that run anything else, by kiosk id. */
  behind: KioskVersionRow[];
}

/** @param versions newest first, as GET /api/content/versions lists them. */
export function versionRunning(versions: readonly ContentVersionView[], contentUpdatedAt: number | undefined): KioskContentVersion {
  if (contentUpdatedAt === undefined) return { kind: 'not-reported' };
  const running = versions.find((v) => Date.parse(v.at) <= contentUpdatedAt);
  return running ? { kind: 'version', version: running.version } : { kind: 'unknown' };
}

export function siteVersionSummary(versions: readonly ContentVersionView[], kiosks: readonly Pick<KioskView, 'kioskId' | 'siteId' | 'contentUpdatedAt'>[], siteId: string): SiteVersionSummary {
  const latest = versions[0]?.version ?? 0;
  const rows = kiosks
    .filter((kiosk) => kiosk.siteId === siteId)
    .map((kiosk) => ({ kioskId: kiosk.kioskId, running: versionRunning(versions, kiosk.contentUpdatedAt) }))
    .sort((a, b) => a.kioskId.localeCompare(b.kioskId, 'en', { numeric: true }));
  const isLatest = (row: KioskVersionRow) => row.running.kind === 'version' && row.running.version === latest;
  return { latest, onLatest: rows.filter(isLatest).length, total: rows.length, behind: rows.filter((row) => !isLatest(row)) };
}
