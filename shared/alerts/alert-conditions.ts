/**
 * The alert conditions both the console (what a manager sees) and central (what is
 * delivered to people) judge, as pure predicates, so the two never disagree on a rule.
 */
import { compareVersions } from '../versions.ts';

/** Central's alerts, as the webhook's `alert` and `alerts.holdSeconds` name them (docs/protocol.md "Alert webhooks"). */
export const ALERT_NAMES = [
  'station-offline',
  'kiosk-offline',
  'reader-disconnected',
  'outbox-stale',
  'version-behind',
  'clock-skew',
  'screen-frozen',
  'screen-blank',
  'storage-low',
  'seq-gap',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

/** The default thresholds of the console's alert rules (issue 6), which central's (issue 14) share. */
export const DEFAULT_ALERT_THRESHOLDS = {
  /** Issue 6: "offline more than 2 min". */
  offlineMs: 2 * 60_000,
  /** Issue 6: "oldest outbox entry older than 5 min". */
  outboxAgeMs: 5 * 60_000,
  /** Issue 6: "clock off by more than 2 s". */
  clockSkewMs: 2_000,
} as const;

/** Offline since an unknown moment (before we watched) counts: nobody knows it is short. */
export function isOfflineTooLong(state: 'online' | 'offline' | 'unknown', offlineSince: number | null | undefined, now: number, offlineMs: number): boolean {
  if (state !== 'offline') return false;
  return offlineSince == null || now - offlineSince > offlineMs;
}

/** A reader that is not `connected` cannot take taps. */
export function isReaderDown(reader: { state: 'connected' | 'disconnected' | 'error' } | undefined): boolean {
  return reader !== undefined && reader.state !== 'connected';
}

/** Check-ins waiting longer than `outboxAgeMs` mean the station cannot reach central. */
export function isOutboxStale(outbox: { pending: number; oldestAtMs?: number | undefined } | undefined, now: number, outboxAgeMs: number): boolean {
  return outbox?.oldestAtMs !== undefined && outbox.pending > 0 && now - outbox.oldestAtMs > outboxAgeMs;
}

/** Receive time minus sender time: positive means the sender's clock is behind. A retained status is old news, not a clock. */
export function clockSkewOf(receivedAtMs: number, statusAtMs: number | undefined, retained: boolean): number | undefined {
  return retained || statusAtMs === undefined || Number.isNaN(statusAtMs) ? undefined : receivedAtMs - statusAtMs;
}

export function isClockSkewed(skewMs: number | undefined, clockSkewMs: number): boolean {
  return skewMs !== undefined && Math.abs(skewMs) > clockSkewMs;
}

/** A version older than the newest seen in the fleet (shared/versions.ts ordering); no version (absent or empty) is not behind. */
export function isVersionBehind(version: string | undefined, newest: string | undefined): boolean {
  return !!version && newest !== undefined && compareVersions(version, newest) < 0;
}
