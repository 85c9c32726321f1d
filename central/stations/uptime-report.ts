/**
 * The uptime figures the manager API answers with (issue 14): every registered station and
 * kiosk of the asked sites, its availability over the last 7 and 30 days and its last 24 h
 * as segments, and each site's figure over its devices. The arithmetic is
 * shared/uptime/availability.ts; this only joins devices, windows and the store's rows.
 */
import { availabilityOf, combinedAvailability, segmentsOf, type AvailabilityFigures, type SegmentState, type StationsFile, type UptimeDeviceKind } from '../../shared/index.ts';
import type { UptimeTransition } from '../store/uptime-store.ts';

export const UPTIME_WINDOW_DAYS = [7, 30] as const;
export type UptimeWindowDays = (typeof UPTIME_WINDOW_DAYS)[number];
export const DAY_MS = 86_400_000;
export const TIMELINE_MS = DAY_MS;
/** The earliest row any figure needs: 30 days back (and the last one before). */
export const LONGEST_WINDOW_MS = 30 * DAY_MS;

export interface UptimeDevice {
  kind: UptimeDeviceKind;
  deviceId: string;
  stationId: string;
  siteId: string;
}

export interface DeviceUptime extends UptimeDevice {
  windows: Record<`${UptimeWindowDays}d`, AvailabilityFigures>;
  timeline: { state: SegmentState; from: string; to: string }[];
}

export interface SiteUptime {
  siteId: string;
  windows: Record<`${UptimeWindowDays}d`, AvailabilityFigures>;
  devices: DeviceUptime[];
}

/** The stations file's stations and their kiosks, of these sites (all when 'all'), by site then id. */
export function uptimeDevicesOf(stations: StationsFile, sites: readonly string[] | 'all'): UptimeDevice[] {
  const devices: UptimeDevice[] = [];
  for (const [stationId, entry] of Object.entries(stations)) {
    if (sites !== 'all' && !sites.includes(entry.siteId)) continue;
    devices.push({ kind: 'station', deviceId: stationId, stationId, siteId: entry.siteId });
    for (const kioskId of entry.kiosks ?? []) devices.push({ kind: 'kiosk', deviceId: kioskId, stationId, siteId: entry.siteId });
  }
  return devices.sort((a, b) => a.siteId.localeCompare(b.siteId) || a.stationId.localeCompare(b.stationId) || a.kind.localeCompare(b.kind) || a.deviceId.localeCompare(b.deviceId));
}

const windowsOf = (figuresFor: (days: UptimeWindowDays) => AvailabilityFigures) => ({ '7d': figuresFor(7), '30d': figuresFor(30) });

/** `transitions` from the store for [nowMs - 30 days, nowMs), with the last row before. */
export function uptimeReport(devices: readonly UptimeDevice[], transitions: readonly UptimeTransition[], nowMs: number): SiteUptime[] {
  const byDevice = new Map<string, UptimeTransition[]>();
  for (const t of transitions) {
    const key = `${t.deviceKind} ${t.deviceId}`;
    const list = byDevice.get(key);
    if (list) list.push(t);
    else byDevice.set(key, [t]);
  }
  const sites = new Map<string, DeviceUptime[]>();
  for (const device of devices) {
    const changes = byDevice.get(`${device.kind} ${device.deviceId}`) ?? [];
    const timeline = segmentsOf(changes, nowMs - TIMELINE_MS, nowMs).map((s) => ({ state: s.state, from: new Date(s.fromMs).toISOString(), to: new Date(s.toMs).toISOString() }));
    const uptime: DeviceUptime = { ...device, windows: windowsOf((days) => availabilityOf(changes, nowMs - days * DAY_MS, nowMs)), timeline };
    const siteDevices = sites.get(device.siteId);
    if (siteDevices) siteDevices.push(uptime);
    else sites.set(device.siteId, [uptime]);
  }
  return [...sites].map(([siteId, siteDevices]) => ({ siteId, windows: windowsOf((days) => combinedAvailability(siteDevices.map((d) => d.windows[`${days}d`]))), devices: siteDevices }));
}
