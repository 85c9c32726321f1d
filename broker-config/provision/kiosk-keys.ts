/**
 * Protocol v2 check-in keys in provisioning: a kiosk config gets its own key, derived
 * from the station secret (which never leaves this directory and central), and central's
 * stations file gets the station's revoked kiosks and the end of its v1 window.
 * `revoke-kiosk` ends one kiosk without re-keying the others (docs/protocol.md,
 * "Protocol v2: a key per kiosk").
 */
import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { assertValidId, base64urlEncode, decodeCheckinSecret, kioskKeyInfo, StationsFileSchema, type StationEntry } from '../../shared/index.ts';
import { readJsonIfExists, removePath, writeValidJson } from './files.ts';
import type { Workspace } from './workspace.ts';

/** How long a station migrated from a v1 kiosk config still accepts v1 codes, unless `--accept-v1-until` says otherwise. */
export const V1_MIGRATION_DAYS = 14;

/** HKDF-SHA256 as shared/checkin-code.ts `deriveKioskKey` does it, synchronously (node:crypto); the tests hold them equal. */
export function deriveKioskKeySync(stationSecret: string, kioskId: string): string {
  return base64urlEncode(new Uint8Array(hkdfSync('sha256', decodeCheckinSecret(stationSecret), new Uint8Array(0), kioskKeyInfo(kioskId), 32)));
}

export class KioskRevokedError extends Error {
  readonly code = 'KIOSK_REVOKED';
  constructor(kioskId: string, stationId: string) {
    super(`kiosk ${kioskId} of station ${stationId} was revoked and stays revoked; give the replacement a new id with --kiosk (e.g. --kiosk ${kioskId}-B).`);
    this.name = 'KioskRevokedError';
  }
}

/** `--accept-v1-until`: `now`, or a time Date.parse reads (e.g. 2026-03-01 or 2026-03-01T08:00:00+08:00). */
export function parseAcceptV1Until(text: string, now: Date): string {
  if (text === 'now') return now.toISOString();
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new Error(`--accept-v1-until ${JSON.stringify(text)} is not a time: use "now" or a date such as 2026-03-01 (UTC) or 2026-03-01T08:00:00+08:00.`);
  return new Date(millis).toISOString();
}

export interface V1WindowInput {
  option?: string;
  entry?: StationEntry;
  /** The station's kiosk config carried the station secret (protocol v1) until this run. */
  hadV1Kiosk: boolean;
  now: Date;
}

/**
 * A new station never had a v1 kiosk: v1 ends now. A station already in the stations
 * file without a window was provisioned before v2, so a v1 kiosk is out there: it gets
 * V1_MIGRATION_DAYS to receive its new config. An existing window is kept.
 */
export function acceptV1Until({ option, entry, hadV1Kiosk, now }: V1WindowInput): string {
  if (option !== undefined) return parseAcceptV1Until(option, now);
  if (entry?.acceptV1TokensUntil !== undefined) return entry.acceptV1TokensUntil;
  if (hadV1Kiosk || entry !== undefined) return new Date(now.getTime() + V1_MIGRATION_DAYS * 86_400_000).toISOString();
  return now.toISOString();
}

/**
 * Refuses the kiosk's codes at central (stations file), removes its broker account
 * (its password went with the config) and its config file. The station keeps working
 * and gets a new kiosk with `provision station ST --kiosk NEW_ID`.
 */
export function revokeKiosk(ws: Workspace, kioskIdInput: string): 'revoked' | 'already-revoked' {
  const kioskId = assertValidId(kioskIdInput, 'kioskId');
  const account = ws.registry.users[kioskId];
  const stations = readJsonIfExists(ws.paths.stationsFile, StationsFileSchema) ?? {};
  if (!account) {
    if (Object.values(stations).some((entry) => entry.revokedKiosks?.includes(kioskId))) return 'already-revoked';
    throw new Error(`kiosk ${kioskId} is not provisioned in this directory, so there is nothing to revoke (ids are case-sensitive).`);
  }
  if (account.role !== 'kiosk') throw new Error(`"${kioskId}" is a ${account.role} account, not a kiosk.`);
  const { stationId } = account;
  const entry = stations[stationId];
  if (entry) {
    entry.revokedKiosks = [...new Set([...(entry.revokedKiosks ?? []), kioskId])].sort();
    ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, stations));
  }
  ws.removeUser(kioskId);
  const station = ws.registry.users[stationId];
  if (station?.role === 'station' && station.kioskId === kioskId) delete station.kioskId;
  const file = join(ws.paths.stationDir(stationId), 'kiosk-config.json');
  if (removePath(file)) ws.record(file, 'removed');
  ws.notes.push(`kiosk ${kioskId} revoked: copy central/stations.json to central and restart it; copy the edge broker files of site ${account.siteId} and reload it.`);
  return 'revoked';
}
