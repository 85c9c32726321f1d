/**
 * The `central` command:
 *   central run --config FILE
 *   central volunteers import FILE.csv --config FILE
 *   central teams import FILE.csv --config FILE
 *   central content publish FILE.json --config FILE
 *   central content versions --config FILE
 *   central content rollback [--to N] --config FILE
 *   central managers add NAME --config FILE      (the password on standard input)
 *   central demo-history import FILE.json --config FILE   (demo only: past check-ins, see checkins/demo-history.ts)
 *   central migrate-store --from sqlite --to postgres [--to-url URL] --config FILE
 *   central --help
 * Exit codes: 0 done, 1 failed (bad CSV rows, broker unreachable), 2 bad usage or config.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigFileError } from '../shared/index.ts';
import { loadCentralConfig, type LoadedCentralConfig } from './config.ts';
import { loadContentFile, type ContentMessage } from './content/publish-content.ts';
import { publishContentVersion, rollbackTarget, type PublishVersionRequest } from './content/content-versions.ts';
import { ContentFileError, StoreSchemaError, UsageError } from './errors.ts';
import { addManager, ManagerPasswordError, passwordFromInput } from './managers/add-manager.ts';
import { startCentral } from './main.ts';
import { createCentralLogger } from './observability/logger.ts';
import type { CentralStore } from './store/central-store.ts';
import { formatMigrateReport, migrateSqliteToPostgres, MigrateStoreError } from './store/migrate-store.ts';
import { openStore } from './store/open-store.ts';
import { redactUrl } from './store/pg/pg-store.ts';
import { importVolunteers } from './volunteers/import-volunteers.ts';
import { importTeams } from './volunteers/import-teams.ts';
import { parseDemoHistory, recordDemoHistory } from './checkins/demo-history.ts';
import { rulesFromConfig } from './timebank/rules.ts';

export const HELP = `central — the volunteer time bank's central service (protocol v1)

Usage:
  central run --config FILE                        consume check-ins, answer Results, serve HTTP
  central volunteers import FILE.csv --config FILE  add or update volunteers (header id,name,cards[,phone][,team])
  central teams import FILE.csv --config FILE       add or update teams (header id,name,leader)
  central content publish FILE.json --config FILE   validate and publish activities, the station directory and (v2) star perks and rewards catalogues;
                                                   every publish is kept as a numbered content version
  central content versions --config FILE           list the content versions: number, when, who, what changed
  central content rollback [--to N] --config FILE  publish the previous version's (or version N's) file again, as a new version
  central managers add NAME --config FILE          create a manager, or set a new password: reads the
                                                   password (at least 12 characters) from standard input
                                                   and writes its scrypt hash into the config file
  central demo-history import FILE.json --config FILE
                                                   demo only: record past CheckIns (a JSON array) into the
                                                   store as if each arrived when it was made; live check-ins
                                                   keep timeBank.maxCheckInAgeHours
  central migrate-store --from sqlite --to postgres [--to-url URL] --config FILE
                                                   copy the SQLite store of the config's dataDir into
                                                   PostgreSQL (--to-url, else store.url), then
                                                   check row counts and every balance; safe to re-run
  central --help

Listeners: "http" serves the phone pages (/c/..., /healthz) and is the public one;
"adminHttp" (default 127.0.0.1:8091) serves the manager API (/api/...), /metrics
and /healthz, and is meant for loopback or an internal network only.

Every config value can be overridden by an environment variable VS_CENTRAL_<PATH>,
e.g. VS_CENTRAL_BROKER_URL, VS_CENTRAL_HTTP_PORT, VS_CENTRAL_ADMIN_HTTP_PORT,
VS_CENTRAL_TIME_BANK_POINTS_PER_HOUR.
Exit codes: 0 done, 1 failed, 2 bad usage or configuration.
`;

function configFileOf(values: { config?: string }): string {
  if (!values.config) throw new UsageError('--config FILE is required');
  return values.config;
}

function configOf(values: { config?: string }): LoadedCentralConfig {
  return loadCentralConfig(configFileOf(values));
}

async function runService(loaded: LoadedCentralConfig): Promise<number> {
  const log = createCentralLogger(loaded.config.logLevel);
  // Listening before start-up begins, so a stop that arrives meanwhile is neither lost
  // nor fatal: start-up finishes (without waiting any longer for the broker), then stops.
  const stop = new AbortController();
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stop.abort();
        resolve(signal);
      });
    }
  });
  const central = await startCentral(loaded, { log, stopRequested: stop.signal });
  const signal = await stopRequested;
  log.info({ signal }, 'stopping');
  await central.stop();
  return 0;
}

/** Reads an import file, opens and migrates the store, and runs one import over them. */
async function runFileImport(file: string, loaded: LoadedCentralConfig, run: (store: CentralStore, text: string) => Promise<number>): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`central: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 1;
  }
  const store = await openStore(loaded);
  try {
    await store.migrate();
    return await run(store, text);
  } finally {
    await store.close();
  }
}

function runVolunteersImport(file: string, loaded: LoadedCentralConfig): Promise<number> {
  return runFileImport(file, loaded, async (store, text) => {
    const report = await importVolunteers(store, text);
    console.log(`volunteers: ${report.created} added, ${report.updated} updated, ${report.problems.length} problem(s)`);
    for (const problem of report.problems) console.error(`${file}:${problem.line}: ${problem.message}`);
    for (const note of report.notes) console.log(`note: ${note}`);
    return report.problems.length > 0 ? 1 : 0;
  });
}

function runTeamsImport(file: string, loaded: LoadedCentralConfig): Promise<number> {
  return runFileImport(file, loaded, async (store, text) => {
    const report = await importTeams(store, text);
    console.log(`teams: ${report.created} added, ${report.updated} updated, ${report.problems.length} problem(s)`);
    for (const problem of report.problems) console.error(`${file}:${problem.line}: ${problem.message}`);
    return report.problems.length > 0 ? 1 : 0;
  });
}

function runDemoHistoryImport(file: string, loaded: LoadedCentralConfig): Promise<number> {
  return runFileImport(file, loaded, async (store, text) => {
    const parsed = parseDemoHistory(text);
    if (!parsed.ok) {
      for (const problem of parsed.problems) console.error(`${file}: ${problem}`);
      console.error('demo history: nothing recorded');
      return 1;
    }
    const report = await recordDemoHistory(store, parsed.checkIns, loaded.stations, rulesFromConfig(loaded.config, loaded.stations));
    console.log(`demo history: ${report.recorded} check-in(s) recorded, ${report.repeated} already there, ${report.problems.length} problem(s)`);
    for (const problem of report.problems) console.error(`${file}: ${problem}`);
    return report.problems.length > 0 ? 1 : 0;
  });
}

async function runContentPublish(file: string, loaded: LoadedCentralConfig): Promise<number> {
  const content = loadContentFile(file);
  return withStore(loaded, async (store) => {
    const latest = (await store.contentVersions.latest())?.version ?? 0;
    return publishVersion(store, loaded, { content, baseVersion: latest, catalogueActor: `content:${basename(file)}` });
  });
}

async function runContentVersions(loaded: LoadedCentralConfig): Promise<number> {
  return withStore(loaded, async (store) => {
    const versions = await store.contentVersions.list();
    if (versions.length === 0) console.log('no content version yet: publish one with "central content publish FILE.json"');
    for (const v of versions) console.log(`${v.version}\t${v.at}\t${v.by}\t${v.summary}`);
    return 0;
  });
}

async function runContentRollback(to: string | undefined, loaded: LoadedCentralConfig): Promise<number> {
  if (to !== undefined && !/^[1-9]\d*$/.test(to)) throw new UsageError(`--to takes a version number (1, 2, …), not "${to}"`);
  return withStore(loaded, async (store) => {
    const target = await rollbackTarget(store, to === undefined ? undefined : Number(to));
    if (!target.ok) {
      console.error(`central: content rollback: ${target.message}; nothing was published`);
      return 1;
    }
    return publishVersion(store, loaded, { content: target.content, baseVersion: target.latest, catalogueActor: `content:rollback-${target.to}`, rollbackTo: target.to });
  });
}

/** The CLI publishes as `cli:<OS user>`, from the latest version (the operator's file is the whole truth). */
async function publishVersion(store: CentralStore, loaded: LoadedCentralConfig, request: Omit<PublishVersionRequest, 'by' | 'nowIso'>): Promise<number> {
  const outcome = await publishContentVersion(store, loaded.config, { ...request, by: `cli:${userInfo().username}`, nowIso: new Date().toISOString() });
  if (outcome.kind === 'content-changed') {
    console.error(`central: content version ${outcome.current?.version ?? '?'} was published by ${outcome.current?.by ?? '?'} meanwhile; nothing was published, run the command again`);
    return 1;
  }
  for (const r of outcome.catalogues) {
    const corrections = r.corrections.map((c) => `${c.itemId} ${c.from} -> ${c.to}`).join(', ');
    console.log(`rewards ${r.siteId}: ${r.added.length} added, ${r.updated.length} updated, ${r.retired.length} retired${corrections ? `; stock corrected: ${corrections}` : ''}`);
  }
  for (const { topic, payload } of outcome.messages) console.log(`published ${topic} (${messageSize(payload)}, retained)`);
  console.log(`content version ${outcome.version.version} (${outcome.version.summary})`);
  return 0;
}

/** "3 item(s)" for a list, "shown"/"hidden" for a recruitment panel. */
function messageSize(payload: ContentMessage['payload']): string {
  const items = (payload as { items?: unknown }).items;
  return Array.isArray(items) ? `${items.length} item(s)` : (payload as { show?: boolean }).show ? 'shown' : 'hidden';
}

async function withStore(loaded: LoadedCentralConfig, run: (store: CentralStore) => Promise<number>): Promise<number> {
  const store = await openStore(loaded);
  try {
    await store.migrate();
    return await run(store);
  } finally {
    await store.close();
  }
}

/** The first line of standard input (prompted for on a terminal; not hidden, so type it where nobody watches). */
async function readPasswordLine(name: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`Password for manager ${name}: `);
  let input = '';
  for await (const chunk of process.stdin) {
    input += (chunk as Buffer).toString('utf8');
    if (input.includes('\n')) break;
  }
  return input;
}

async function runManagersAdd(name: string, configFile: string): Promise<number> {
  const password = passwordFromInput(await readPasswordLine(name));
  const { created } = addManager(configFile, name, password);
  console.log(created ? `manager ${name} added to ${configFile}` : `manager ${name}: new password set in ${configFile}`);
  console.log('A running central reads managers when it starts: restart it to apply.');
  try {
    loadCentralConfig(configFile, {});
  } catch (err) {
    if (!(err instanceof ConfigFileError)) throw err;
    console.error(`central: note: ${configFile} still has problems, and "central run" refuses it until they are fixed:\n${err.message}`);
  }
  return 0;
}

async function runMigrateStore(values: { from?: string; to?: string; 'to-url'?: string }, loaded: LoadedCentralConfig): Promise<number> {
  if (values.from !== 'sqlite' || values.to !== 'postgres') throw new UsageError('migrate-store moves a SQLite store into PostgreSQL: give --from sqlite --to postgres');
  // The config's store.url (or VS_CENTRAL_STORE_URL, its override) is where central will run from next.
  const url = values['to-url'] ?? (loaded.store.kind === 'postgres' ? loaded.store.url : undefined);
  if (!url) throw new UsageError('migrate-store needs the PostgreSQL URL: --to-url postgres://USER:PASS@HOST:PORT/DB, or store.url in the config (or VS_CENTRAL_STORE_URL)');
  console.log(`migrate-store: ${loaded.dataDir} -> ${redactUrl(url)}`);
  try {
    const report = await migrateSqliteToPostgres({ dataDir: loaded.dataDir, postgresUrl: url, progress: (line) => console.log(line) });
    console.log(formatMigrateReport(report));
    return report.ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof MigrateStoreError)) throw err;
    console.error(`central: migrate-store: ${err.message}`);
    return 1;
  }
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' }, from: { type: 'string' }, to: { type: 'string' }, 'to-url': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [command, sub, file, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === 'run' && sub === undefined) return runService(configOf(values));
  if (command === 'volunteers' && sub === 'import' && file && extra.length === 0) return runVolunteersImport(file, configOf(values));
  if (command === 'teams' && sub === 'import' && file && extra.length === 0) return runTeamsImport(file, configOf(values));
  if (command === 'content' && sub === 'publish' && file && extra.length === 0) return runContentPublish(file, configOf(values));
  if (command === 'content' && sub === 'versions' && file === undefined) return runContentVersions(configOf(values));
  if (command === 'content' && sub === 'rollback' && file === undefined) return runContentRollback(values.to, configOf(values));
  if (command === 'managers' && sub === 'add' && file && extra.length === 0) return runManagersAdd(file, configFileOf(values));
  if (command === 'demo-history' && sub === 'import' && file && extra.length === 0) return runDemoHistoryImport(file, configOf(values));
  if (command === 'migrate-store' && sub === undefined) return runMigrateStore(values, configOf(values));
  throw new UsageError(`unknown command: central ${positionals.join(' ')}`);
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await runCli(argv);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`central: ${err.message}\nRun "central --help" for usage.`);
      process.exitCode = 2;
    } else if (err instanceof ManagerPasswordError) {
      console.error(`central: ${err.message}; nothing was changed`);
      process.exitCode = 2;
    } else if (err instanceof ConfigFileError || err instanceof ContentFileError) {
      console.error(`central: ${err.message}`);
      process.exitCode = err instanceof ConfigFileError ? 2 : 1;
    } else if (err instanceof StoreSchemaError) {
      console.error(`central: ${err.message}`);
      process.exitCode = 1;
    } else {
      console.error(`central: ${(err as Error).message ?? String(err)}`);
      process.exitCode = 1;
    }
  }
}

