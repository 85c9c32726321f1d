/** The alert rules of issue 6 ("Fleet console"), as pure functions of one station's row. */
import { msg, str } from '@lit/localize';
import type { AlertThresholds } from './console-config.ts';
import { formatDuration } from './format.ts';
import { isClockSkewed, isOfflineTooLong, isOutboxStale, isReaderDown, isVersionBehind } from '../../shared/index.ts';

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
  /** `display: 'sleeping'` is the display schedule at work (issue 14): online, no alert. */
  kiosks: (PresenceView & { kioskId: string; appVersion?: string; display?: 'on' | 'sleeping' })[];
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
  if (isOfflineTooLong(station.state, station.offlineSince, now, thresholds.offlineMs)) {
    alerts.push({ kind: 'station-offline', message: msg(str`Station offline ${sinceText(station.offlineSince, now)}`, { id: 'console.alert.stationOffline' }) });
  } else if (station.state === 'online' && station.lastSeenAt !== undefined && now - station.lastSeenAt > HEARTBEAT_MS + thresholds.offlineMs) {
    alerts.push({ kind: 'station-silent', message: msg(str`No station status for ${formatDuration(now - station.lastSeenAt)}`, { id: 'console.alert.stationSilent' }) });
  }
  for (const kiosk of subject.kiosks) {
    if (isOfflineTooLong(kiosk.state, kiosk.offlineSince, now, thresholds.offlineMs)) {
      alerts.push({ kind: 'kiosk-offline', message: msg(str`Kiosk ${kiosk.kioskId} offline ${sinceText(kiosk.offlineSince, now)}`, { id: 'console.alert.kioskOffline' }) });
    }
  }
  if (station.state === 'online') {
    if (subject.reader && isReaderDown(subject.reader)) {
      const detail = subject.reader.detail ? ` (${subject.reader.detail})` : '';
      alerts.push({ kind: 'reader-disconnected', message: msg(str`Card reader ${readerStateText(subject.reader.state)}${detail}`, { id: 'console.alert.reader' }) });
    }
    const outbox = subject.outbox;
    if (outbox?.oldestAt !== undefined && isOutboxStale({ pending: outbox.pending, oldestAtMs: outbox.oldestAt }, now, thresholds.outboxAgeMs)) {
      alerts.push({ kind: 'outbox-stuck', message: msg(str`${outbox.pending} check-ins waiting, oldest ${formatDuration(now - outbox.oldestAt)}`, { id: 'console.alert.outboxStuck' }) });
    }
    if (outbox?.writable === false) alerts.push({ kind: 'outbox-unwritable', message: msg('Outbox cannot be written: taps are refused', { id: 'console.alert.outboxUnwritable' }) });
  }
  if (isVersionBehind(subject.agentVersion, input.newestAgentVersion)) {
    alerts.push({ kind: 'agent-version-behind', message: msg(str`Agent ${subject.agentVersion} behind ${input.newestAgentVersion}`, { id: 'console.alert.agentBehind' }) });
  }
  for (const kiosk of subject.kiosks) {
    if (isVersionBehind(kiosk.appVersion, input.newestAppVersion)) {
      alerts.push({ kind: 'app-version-behind', message: msg(str`Kiosk app ${kiosk.appVersion} behind ${input.newestAppVersion}`, { id: 'console.alert.appBehind' }) });
    }
  }
  if (station.clockSkewMs !== undefined && isClockSkewed(station.clockSkewMs, thresholds.clockSkewMs)) {
    alerts.push({ kind: 'station-clock', message: msg(str`Station clock off by ${formatSkew(station.clockSkewMs)}`, { id: 'console.alert.stationClock' }) });
  }
  for (const kiosk of subject.kiosks) {
    if (kiosk.clockSkewMs !== undefined && isClockSkewed(kiosk.clockSkewMs, thresholds.clockSkewMs)) {
      alerts.push({ kind: 'kiosk-clock', message: msg(str`Kiosk ${kiosk.kioskId} clock off by ${formatSkew(kiosk.clockSkewMs)}`, { id: 'console.alert.kioskClock' }) });
    }
  }
  return alerts;
}

function sinceText(since: number | null | undefined, now: number): string {
  return since == null
    ? msg('since before this console connected', { id: 'console.alert.sinceUnknown' })
    : msg(str`for ${formatDuration(now - since)}`, { id: 'console.alert.sinceFor' });
}

/** Receive time minus sender time: positive means the sender's clock is behind. */
function formatSkew(skewMs: number): string {
  const seconds = (Math.abs(skewMs) / 1000).toFixed(1);
  return skewMs > 0 ? msg(str`${seconds} s (behind)`, { id: 'console.alert.skewBehind' }) : msg(str`${seconds} s (ahead)`, { id: 'console.alert.skewAhead' });
}

export function readerStateText(state: 'connected' | 'disconnected' | 'error'): string {
  switch (state) {
    case 'connected':
      return msg('connected', { id: 'console.reader.connected' });
    case 'disconnected':
      return msg('disconnected', { id: 'console.reader.disconnected' });
    default:
      return msg('error', { id: 'console.reader.error' });
  }
}
