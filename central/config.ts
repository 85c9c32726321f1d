/**
 * Loads `central run --config FILE` with the shared config-file reader: JSON, then
 * `VS_CENTRAL_*` environment overrides (`VS_CENTRAL_STORE_URL` among them), then CentralConfigSchema; and the stations
 * file it names (relative to the config file) with StationsFileSchema. One
 * ConfigFileError lists every problem of both as `path: message`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CENTRAL_ENV_PREFIX,
  ConfigFileError,
  CentralConfigSchema,
  problemsOfNamedFile,
  readConfigFile,
  StationsFileSchema,
  type CentralConfig,
  type Problem,
  type StationsFile,
} from '../shared/index.ts';

/** The store central opens (central/store/open-store.ts): the SQLite file in dataDir, or a PostgreSQL URL. */
export type StoreLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface LoadedCentralConfig {
  config: CentralConfig;
  store: StoreLocation;
  stations: StationsFile;
  /** Absolute paths, resolved against the config file's folder. */
  dataDir: string;
  stationsFile: string;
  /** `phone.appDir`, when the config names one. */
  phoneAppDir?: string;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A refused manager hash says the command that fixes it with this manager's name and
 * this file filled in, ready to copy: `central managers add alice --config /etc/central/central.json`.
 */
function withManagerCommands(error: ConfigFileError, file: string): ConfigFileError {
  const generic = 'central managers add NAME --config FILE';
  let changed = false;
  const problems = error.problems.map((problem) => {
    const name = /^managers\.(.+)$/.exec(problem.path)?.[1];
    if (name === undefined || !problem.message.includes(generic)) return problem;
    changed = true;
    return { ...problem, message: problem.message.replace(generic, `central managers add ${name} --config ${file}`) };
  });
  if (!changed) return error;
  // The advice is the message's last line (shared/config/config-file.ts, describeFileProblems).
  return new ConfigFileError(error.code, error.file, problems, error.message.slice(error.message.lastIndexOf('\n') + 1));
}

/** Throws ConfigFileError listing every problem; the CLI prints it and exits 2. */
export function loadCentralConfig(configFile: string, env: Record<string, string | undefined> = process.env): LoadedCentralConfig {
  const file = resolve(configFile);
  const baseDir = dirname(file);
  let stations: StationsFile = {};
  let stationsFile = '';
  const loaded = readConfigFile({
    file,
    read: () => readFileSync(file, 'utf8'),
    schema: CentralConfigSchema,
    format: 'docs/schemas/central-config.json',
    envPrefix: CENTRAL_ENV_PREFIX,
    env,
    // On the raw values, so a bad time zone or stations file is reported alongside the schema's problems.
    check: (input) => {
      const raw = (input ?? {}) as { timeBank?: { timeZone?: unknown }; stationsFile?: unknown };
      const problems: Problem[] = [];
      const timeZone = raw.timeBank?.timeZone;
      if (typeof timeZone === 'string' && !isKnownTimeZone(timeZone)) {
        problems.push({ path: 'timeBank.timeZone', message: `${JSON.stringify(timeZone)} is not an IANA time zone, e.g. Asia/Shanghai` });
      }
      if (typeof raw.stationsFile === 'string' && raw.stationsFile !== '') {
        stationsFile = resolve(baseDir, raw.stationsFile);
        const path = stationsFile;
        const read = readConfigFile({ file: path, read: () => readFileSync(path, 'utf8'), schema: StationsFileSchema, format: 'docs/schemas/stations-file.json' });
        if (read.ok) stations = read.value;
        else problems.push(...problemsOfNamedFile('stationsFile', read.error));
      }
      return problems;
    },
  });
  if (!loaded.ok) throw withManagerCommands(loaded.error, file);
  const config = loaded.value;
  const dataDir = resolve(baseDir, config.dataDir);
  // The schema refuses a url for sqlite and a postgres kind without one: a url alone means postgres.
  const store: StoreLocation = config.store.url !== undefined ? { kind: 'postgres', url: config.store.url } : { kind: 'sqlite', dataDir };
  return { config, store, stations, dataDir, stationsFile, ...(config.phone.appDir ? { phoneAppDir: resolve(baseDir, config.phone.appDir) } : {}) };
}
