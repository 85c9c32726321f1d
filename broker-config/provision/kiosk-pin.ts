/**
 * `provision kiosk-pin STATION_ID`: the kiosk manager panel's PIN, read from standard
 * input (never from the command line, which `ps` and shell history would show) and
 * written into the station's kiosk-config.json as salted PBKDF2
 * (`pbkdf2-sha256$ITERATIONS$SALT$HASH`, shared/manager-pin.ts). It replaces any
 * earlier PIN, including a protocol v1 `sha256:` one the kiosk now refuses.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KioskConfigSchema, assertValidId } from '../../shared/index.ts';
import {
  encodeManagerPinHash,
  isValidManagerPin,
  MANAGER_PIN_HASH_BYTES,
  MANAGER_PIN_ITERATIONS,
  MANAGER_PIN_SALT_BYTES,
} from '../../shared/manager-pin.ts';
import { readJsonIfExists, writeValidJson } from './files.ts';
import { StationNotProvisionedError } from './station.ts';
import type { Workspace } from './workspace.ts';

/** The first line of standard input, without its line ending. */
export function readPinFromStdin(): string {
  return (readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trim();
}

export function managerPinHash(pin: string): string {
  if (!isValidManagerPin(pin)) throw new Error('the PIN must be 4 to 12 digits (the kiosk keypad has digits only); pipe it on standard input, e.g. `read -rs PIN; printf "%s\\n" "$PIN" | npm run provision -- kiosk-pin ST-0001 --out DIR`');
  const salt = randomBytes(MANAGER_PIN_SALT_BYTES);
  return encodeManagerPinHash({ iterations: MANAGER_PIN_ITERATIONS, salt, hash: pbkdf2Sync(pin, salt, MANAGER_PIN_ITERATIONS, MANAGER_PIN_HASH_BYTES, 'sha256') });
}

export function setKioskPin(ws: Workspace, stationIdInput: string, pin: string): void {
  const stationId = assertValidId(stationIdInput, 'stationId');
  const file = join(ws.paths.stationDir(stationId), 'kiosk-config.json');
  const kiosk = readJsonIfExists(file, KioskConfigSchema);
  if (!kiosk) throw new StationNotProvisionedError(stationId);
  ws.record(file, writeValidJson(file, KioskConfigSchema, { ...kiosk, managerPinHash: managerPinHash(pin) }));
}
