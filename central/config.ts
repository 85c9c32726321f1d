/**
 * Loads `central run --config FILE`: JSON, then `VS_CENTRAL_*` environment overrides,
 * then CentralConfigSchema; the stations file (relative to the config file) with
 * StationsFileSchema. Every problem is collected as `path: message`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  applyEnvOverrides,
  CENTRAL_ENV_PREFIX,
  CentralConfigSchema,
  StationsFileSchema,
  validate,
  type CentralConfig,
  type StationsFile,
} from '../shared/index.ts';
import { CentralConfigError } from './errors.ts';

export interface LoadedCentralConfig {
  config: CentralConfig;
  stations: StationsFile;
  /** Absolute paths, resolved against the config file's folder. */
  dataDir: string;
  stationsFile: string;
}

function readJson(file: string, label: string): { ok: true; value: unknown } | { ok: false; issue: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, issue: `${label}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, issue: `${label}: ${file} is not valid JSON (${(err as Error).message})` };
  }
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Throws CentralConfigError listing every problem; the CLI prints them and exits 2. */
export function loadCentralConfig(configFile: string, env: Record<string, string | undefined> = process.env): LoadedCentralConfig {
  const file = resolve(configFile);
  const raw = readJson(file, '(root)');
  if (!raw.ok) throw new CentralConfigError(file, [raw.issue]);
  const withEnv = applyEnvOverrides(raw.value, CentralConfigSchema, env, CENTRAL_ENV_PREFIX) as Record<string, unknown>;
  const parsed = validate(CentralConfigSchema, withEnv);
  const issues: string[] = parsed.ok ? [] : [...parsed.issues];
  // Checks the schema cannot express; run on the raw values too, so one pass reports everything.
  const timeBank = withEnv.timeBank as { timeZone?: unknown } | undefined;
  if (typeof timeBank?.timeZone === 'string' && !isKnownTimeZone(timeBank.timeZone)) {
    issues.push(`timeBank.timeZone: ${JSON.stringify(timeBank.timeZone)} is not an IANA time zone, e.g. Asia/Shanghai`);
  }
  const baseDir = dirname(file);
  const stationsFile = typeof withEnv.stationsFile === 'string' && withEnv.stationsFile !== '' ? resolve(baseDir, withEnv.stationsFile) : undefined;
  let stations: StationsFile = {};
  if (stationsFile) {
    const stationsRaw = readJson(stationsFile, 'stationsFile');
    if (!stationsRaw.ok) issues.push(stationsRaw.issue);
    else {
      const parsedStations = validate(StationsFileSchema, stationsRaw.value);
      if (parsedStations.ok) stations = parsedStations.value;
      else issues.push(...parsedStations.issues.map((issue) => `stationsFile ${issue}`));
    }
  }
  if (!parsed.ok || !stationsFile || issues.length > 0) throw new CentralConfigError(file, issues);
  const config = parsed.value;
  return { config, stations, dataDir: resolve(baseDir, config.dataDir), stationsFile };
}
