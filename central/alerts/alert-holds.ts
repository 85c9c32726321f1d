/**
 * How long each alert's condition must hold before an episode opens (issue 14). A v1
 * config has one `offlineAfterSeconds` for all; `alerts.holdSeconds` sets any alert apart.
 * The defaults fit how fast each matters: a station rebooting is not news after seconds,
 * a seq may arrive out of order for minutes, an upgrade takes a day to reach a fleet.
 */
import type { AlertName, CentralConfig } from '../../shared/index.ts';

/** Seconds; `offline` means `alerts.offlineAfterSeconds`. */
export const DEFAULT_HOLD_SECONDS: Readonly<Record<AlertName, number | 'offline'>> = {
  'station-offline': 'offline',
  'kiosk-offline': 'offline',
  'reader-disconnected': 'offline',
  'outbox-stale': 'offline',
  'screen-frozen': 'offline',
  'screen-blank': 'offline',
  'storage-low': 300,
  'clock-skew': 300,
  'seq-gap': 600,
  'version-behind': 86_400,
};

export type HoldMsOf = (alert: AlertName) => number;

export function holdMsFrom(config: Pick<CentralConfig['alerts'], 'offlineAfterSeconds' | 'holdSeconds'>): HoldMsOf {
  return (alert) => {
    const seconds = config.holdSeconds[alert] ?? DEFAULT_HOLD_SECONDS[alert];
    return (seconds === 'offline' ? config.offlineAfterSeconds : seconds) * 1000;
  };
}
