/**
 * The one uptime state of a station or kiosk, from the last status it published (issue 14,
 * uptime history). The rules are the alert rules' (central/alerts/alert-rules.ts): `offline`
 * is the status's own `state` (the broker's Last Will, or the device saying goodbye), and a
 * screen is `frozen`/`blank` only as the watchdog reports it. `sleeping` is the display
 * schedule at work, not a fault; availability (availability.ts) leaves it out.
 */
import type { KioskStatus, StationStatus } from '../payloads/messages.ts';

export const UPTIME_STATES = ['online', 'offline', 'sleeping', 'frozen', 'blank'] as const;
export type UptimeState = (typeof UPTIME_STATES)[number];

export type UptimeDeviceKind = 'station' | 'kiosk';

/** A station is its agent plus the screen its watchdog watches (protocol v2 `display`). */
export function uptimeStateOfStation(status: StationStatus): UptimeState {
  if (status.state === 'offline') return 'offline';
  const display = status.display?.state;
  return display === undefined || display === 'on' ? 'online' : display;
}

/** A kiosk page says only `on` or `sleeping`; its frozen or blank screen is the station's to report. */
export function uptimeStateOfKiosk(status: KioskStatus): UptimeState {
  if (status.state === 'offline') return 'offline';
  return status.display?.state === 'sleeping' ? 'sleeping' : 'online';
}
