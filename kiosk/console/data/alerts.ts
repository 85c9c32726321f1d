/** The alert rules of issue 6 ("Fleet console"), as pure functions of one station's row. */
import type { AlertThresholds } from './console-config.ts';
import { formatDuration } from './format.ts';
import { compareVersions } from './versions.ts';

export type AlertKind =
  | 'station-offline'
  | 'station-silent'
  | 'kiosk-offline'
  | 'reader-disconnected'
  | 'outbox-stuck'
  | 'outbox-unwritable'
  | 'agent-version-behind'
  | 'app-version-behind'
  | 'station-clock'
  | 'kiosk-clock';

export interface Alert {
  kind: AlertKind;
  message: string;
}

export interface AlertInput {
  now: number;
  thresholds: AlertThresholds;
  newestAgentVersion?: string;
  newestAppVersion?: string;
}

export interface PresenceView {
  state: 'online' | 'offline' | 'unknown';
  lastSeenAt?: number;
  /** null: offline since before the console was watching. */
  offlineSince?: number | null;
  clockSkewMs?: number;
}

export interface AlertSubject {
  station: PresenceView;
  kiosks: (PresenceView & { kioskId: string; appVersion?: string })[];
  reader?: { state: 'connected' | 'disconnected' | 'error'; detail?: string };
  outbox?: { pending: number; oldestAt?: number; writable?: boolean };
  agentVersion?: string;
}

/** A status heartbeat arrives at least every 60 s (protocol v1 §StationStatus). */
export const HEARTBEAT_MS = 60_000;

export function alertsFor(subject: AlertSubject, input: AlertInput): Alert[] {
  const { now, thresholds } = input;
  const alerts: Alert[] = [];
  const { station } = subject;
  if (isOfflineTooLong(station, now, thresholds.offlineMs)) {
    alerts.push({ kind: 'station-offline', message: `Station offline ${sinceText(station.offlineSince, now)}` });
  } else if (station.state === 'online' && station.lastSeenAt !== undefined && now - station.lastSeenAt > HEARTBEAT_MS + thresholds.offlineMs) {
    alerts.push({ kind: 'station-silent', message: `No station status for ${formatDuration(now - station.lastSeenAt)}` });
  }
  for (const kiosk of subject.kiosks) {
    if (isOfflineTooLong(kiosk, now, thresholds.offlineMs)) {
      alerts.push({ kind: 'kiosk-offline', message: `Kiosk ${kiosk.kioskId} offline ${sinceText(kiosk.offlineSince, now)}` });
    }
  }
  if (station.state === 'online') {
    if (subject.reader && subject.reader.state !== 'connected') {
      const detail = subject.reader.detail ? ` (${subject.reader.detail})` : '';
      alerts.push({ kind: 'reader-disconnected', message: `Card reader ${subject.reader.state}${detail}` });
    }
    const outbox = subject.outbox;
    if (outbox?.oldestAt !== undefined && outbox.pending > 0 && now - outbox.oldestAt > thresholds.outboxAgeMs) {
      alerts.push({ kind: 'outbox-stuck', message: `${outbox.pending} check-ins waiting, oldest ${formatDuration(now - outbox.oldestAt)}` });
    }
    if (outbox?.writable === false) alerts.push({ kind: 'outbox-unwritable', message: 'Outbox cannot be written: taps are refused' });
  }
  if (subject.agentVersion && input.newestAgentVersion && compareVersions(subject.agentVersion, input.newestAgentVersion) < 0) {
    alerts.push({ kind: 'agent-version-behind', message: `Agent ${subject.agentVersion} behind ${input.newestAgentVersion}` });
  }
  for (const kiosk of subject.kiosks) {
    if (kiosk.appVersion && input.newestAppVersion && compareVersions(kiosk.appVersion, input.newestAppVersion) < 0) {
      alerts.push({ kind: 'app-version-behind', message: `Kiosk app ${kiosk.appVersion} behind ${input.newestAppVersion}` });
    }
  }
  if (station.clockSkewMs !== undefined && Math.abs(station.clockSkewMs) > thresholds.clockSkewMs) {
    alerts.push({ kind: 'station-clock', message: `Station clock off by ${formatSkew(station.clockSkewMs)}` });
  }
  for (const kiosk of subject.kiosks) {
    if (kiosk.clockSkewMs !== undefined && Math.abs(kiosk.clockSkewMs) > thresholds.clockSkewMs) {
      alerts.push({ kind: 'kiosk-clock', message: `Kiosk ${kiosk.kioskId} clock off by ${formatSkew(kiosk.clockSkewMs)}` });
    }
  }
  return alerts;
}

/** Offline since an unknown moment (before we watched) counts: nobody knows it is short. */
function isOfflineTooLong(presence: PresenceView, now: number, offlineMs: number): boolean {
  if (presence.state !== 'offline') return false;
  return presence.offlineSince == null || now - presence.offlineSince > offlineMs;
}

function sinceText(since: number | null | undefined, now: number): string {
  return since == null ? 'since before this console connected' : `for ${formatDuration(now - since)}`;
}

/** Receive time minus sender time: positive means the sender's clock is behind. */
function formatSkew(skewMs: number): string {
  const seconds = (Math.abs(skewMs) / 1000).toFixed(1);
  return skewMs > 0 ? `${seconds} s (behind)` : `${seconds} s (ahead)`;
}
