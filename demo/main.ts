/**
 * `npm start`: the whole system on one machine. Composition root: reads options,
 * checks ports, writes the demo files, builds the kiosk if needed, starts the
 * DemoSystem, prints the table, wires terminal keys, and stops everything on
 * Ctrl-C, SIGTERM or SIGHUP.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortInUseError } from './listen-errors.ts';
import { DemoSecretsFileError, writeDemoFiles } from './demo-files.ts';
import { postgresMissing } from './demo-postgres.ts';
import { AGENT_BIN, CENTRAL_BIN, DemoStoppedError, DemoSystem } from './demo-system.ts';
import { LIVE_DEMO_STATIONS } from './data/stations.ts';
import { DEMO_VOLUNTEERS, randomDemoVolunteer, unknownCardUid } from './data/volunteers.ts';
import { demoBrokerOf, DemoOptionsError, parseDemoOptions, USAGE } from './options.ts';
import { mosquittoMissing } from './broker/mosquitto.ts';
import { assertPortsFree, DemoPortBusyError } from './ports.ts';
import { demoUrls, summaryTable } from './summary.ts';
import { simulateTap } from './taps.ts';
import { listenForKeys } from './terminal-keys.ts';
import { buildWebApp, webBuildIsStale } from './web-build.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Signals repeated this soon after the first are echoes (npm and tsx forward Ctrl-C too), not impatience. */
const ECHO_SIGNAL_MS = 3000;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string, exitCode: number): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseDemoOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof DemoOptionsError) fail(`${err.message}\n\n${USAGE}`, 2);
    throw err;
  }
  if (options === null) return void print(USAGE);

  // What --store postgres needs installed, all of it named before anything starts.
  const notInstalled = [options.store === 'postgres' ? postgresMissing() : null, demoBrokerOf(options) === 'mosquitto' ? mosquittoMissing() : null].filter((m) => m !== null);
  if (notInstalled.length > 0) fail(notInstalled.join('\n\n'), 1);
  const missing = [AGENT_BIN, CENTRAL_BIN].filter((bin) => !existsSync(join(repoRoot, bin)));
  if (missing.length > 0) fail(`missing ${missing.join(', ')}: this checkout does not contain every part yet.`, 1);
  try {
    await assertPortsFree(options.ports);
  } catch (err) {
    if (err instanceof DemoPortBusyError) fail(err.message, 1);
    throw err;
  }

  let files;
  try {
    files = writeDemoFiles(options);
  } catch (err) {
    if (err instanceof DemoSecretsFileError) fail(err.message, 1);
    throw err;
  }
  for (const [app, distDir] of [['kiosk', options.kioskDist], ['console', options.consoleDist], ['phone', options.phoneDist ?? 'dist/phone']] as const) {
    if (!webBuildIsStale(repoRoot, app, resolve(distDir))) continue;
    print(`Building the ${app} (first run or changed sources)…`);
    await buildWebApp(repoRoot, app, distDir, join(files.logsDir, `${app}-build.log`));
  }

  let stopKeys: () => void = () => undefined;
  let shuttingDown: Promise<void> | undefined;
  let firstSignalAt = 0;
  const system = new DemoSystem({
    repoRoot,
    options,
    files,
    print,
    onPartFailed: (error) => void shutdown(`${error.message}\n`, 1),
  });

  const shutdown = (reason: string, exitCode: number): Promise<void> => {
    shuttingDown ??= (async () => {
      stopKeys();
      print(reason);
      await system.stop();
      print('Stopped.');
      process.exit(exitCode);
    })();
    return shuttingDown;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!shuttingDown) {
        firstSignalAt = Date.now();
        void shutdown(`\n${signal}: stopping every part…`, 0);
      } else if (Date.now() - firstSignalAt > ECHO_SIGNAL_MS) {
        print(`${signal} again: killing every part now.`);
        system.killAllNow();
        process.exit(130);
      }
    });
  }
  process.on('exit', () => system.killAllNow());

  try {
    await system.start();
  } catch (err) {
    if (err instanceof DemoStoppedError) return;
    const message = err instanceof PortInUseError ? `${err.message}\nChoose other ports with --port-base N (or VS_DEMO_PORT_BASE=N).` : (err as Error).message;
    await shutdown(`npm start: could not start the demo: ${message}`, 1);
    return;
  }

  const broker = system.broker!;
  const tap = (stationIndex: number, uid: string) => {
    const station = LIVE_DEMO_STATIONS[stationIndex];
    if (!station) return;
    simulateTap(broker, files.topicRoot, station.stationId, uid).catch((err: Error) => print(`tap failed: ${err.message}`));
  };
  const withKeys = options.keys && process.stdin.isTTY === true;
  if (withKeys) {
    stopKeys = listenForKeys(LIVE_DEMO_STATIONS.length, {
      tapVolunteer: (i) => tap(i, randomDemoVolunteer().cardUid),
      tapUnknown: (i) => tap(i, unknownCardUid()),
      // One known volunteer, so a phone being linked as V0001 gets V0001's own card tap.
      tapFirstVolunteer: (i) => tap(i, DEMO_VOLUNTEERS[0]!.cardUid),
      quit: () => void shutdown('Quitting: stopping every part…', 0),
    });
  }
  const replicas = system.postgres
    ? { postgresUrl: system.postgres.url, centralPorts: system.centralPorts, centralAdminPorts: system.centralAdminPorts }
    : undefined;
  print(summaryTable(demoUrls(options.ports), files, options.ports, system.agentHttpPorts, withKeys, system.centralAdminPort, replicas));
  // For scripts and tests that drive the demo: the processes it started, as one JSON line.
  print(JSON.stringify({ msg: 'demo ready', pids: system.childPids(), agentHttpPorts: system.agentHttpPorts, centralAdminPort: system.centralAdminPort, ...replicas }));
}

main().catch((err: Error) => fail(err.stack ?? err.message, 1));
