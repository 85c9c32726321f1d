/**
 * `station-agent run --config FILE | ports | outbox --config FILE`, `--help` on each.
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatOutboxReport } from './cli/outbox-report.ts';
import { formatPorts, listSerialPorts } from './cli/ports.ts';
import { loadAgentConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startAgent } from './main.ts';
import { OUTBOX_FILE, SqliteOutbox } from './outbox/sqlite-outbox.ts';

const HELP: Record<string, string> = {
  main: `Usage: station-agent <command> [options]

Commands:
  run --config FILE      run the station agent (reader -> outbox -> MQTT)
  ports                  list serial ports and their /dev/serial/by-id names
  outbox --config FILE   show pending check-ins (count, oldest, seq range)

Run "station-agent <command> --help" for details.`,
  run: `Usage: station-agent run --config FILE

Runs the agent. The config file is JSON (see docs/schemas/agent-config.json);
any field can be overridden by an environment variable VS_AGENT_<PATH>, e.g.
VS_AGENT_BROKER_URL, VS_AGENT_READER_PATH, VS_AGENT_HTTP_PORT.
A bad config exits with code 2 and lists every problem by its path.`,
  ports: `Usage: station-agent ports

Lists serial ports (/dev/tty{USB,ACM,S}*) with their stable /dev/serial/by-id names.
Use the by-id name as reader.path: it survives replugging and reboots.`,
  outbox: `Usage: station-agent outbox --config FILE

Shows the check-ins waiting for a Result from central: how many, the oldest, and
their seq range. Card uids are never printed. Safe to run next to a running agent.`,
};

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function loadConfigOrExit(file: string | undefined, command: string) {
  if (!file) fail(`station-agent ${command}: --config FILE is required\n\n${HELP[command]}`);
  const loaded = loadAgentConfig(file);
  if (!loaded.ok) fail(`station-agent: ${loaded.error.message}`);
  return loaded.config;
}

async function run(configFile: string | undefined): Promise<void> {
  const config = loadConfigOrExit(configFile, 'run');
  const logger = createLogger(config.logLevel, { station: config.stationId });
  // Listening before start-up begins, so a stop that arrives meanwhile is neither lost
  // nor fatal: start-up finishes, then the agent stops. A repeated signal changes nothing.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
  });
  let agent: Awaited<ReturnType<typeof startAgent>>;
  try {
    agent = await startAgent({ config, logger });
  } catch (err) {
    logger.fatal({ err }, 'station agent failed to start');
    process.exit(1);
  }
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception (kept running)'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection (kept running)'));
  const signal = await stopRequested;
  logger.info({ signal }, 'stopping');
  agent.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'unclean stop');
      process.exit(1);
    },
  );
}

function outbox(configFile: string | undefined): void {
  const config = loadConfigOrExit(configFile, 'outbox');
  if (!existsSync(join(config.dataDir, OUTBOX_FILE))) {
    console.log(`pending: 0\n(no outbox yet in ${config.dataDir})`);
    return;
  }
  const store = new SqliteOutbox(config.dataDir, { readonly: true });
  try {
    console.log(formatOutboxReport(store.stats()));
  } finally {
    store.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return void console.log(HELP.main);
  if (!(command in HELP) || command === 'main') fail(`station-agent: unknown command "${command}"\n\n${HELP.main}`);
  let values: { config?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    fail(`station-agent ${command}: ${(err as Error).message}\n\n${HELP[command]}`);
  }
  if (values.help) return void console.log(HELP[command]);
  if (command === 'ports') return void console.log(formatPorts(listSerialPorts()));
  if (command === 'outbox') return outbox(values.config);
  return run(values.config);
}

await main(process.argv.slice(2));
