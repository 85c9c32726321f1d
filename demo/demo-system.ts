/**
 * The running demo: starts the parts in dependency order and stops them in
 * reverse. Broker first (everything talks through it: the embedded aedes, or with
 * `--store postgres` a real Mosquitto and the launcher's client link), then the central service's
 * data (volunteers, content), central and the station agents side by side, and last
 * the web server for kiosks and console. Stopping ends the agents while the broker is still
 * up, so each publishes its offline status (`reason: "shutdown"`).
 */
import { appendFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startEmbeddedBroker } from './broker/broker.ts';
import { connectClientLink, type BrokerLink } from './broker/broker-link.ts';
import { MOSQUITTO_BIN, writeDemoMosquittoFiles } from './broker/mosquitto.ts';
import { adminHttpListeningPort, httpListeningPort, ManagedChild, runToCompletion, type ChildSpec } from './child-process.ts';
import { LAUNCHER_USERNAME, type DemoFiles } from './demo-files.ts';
import { LIVE_DEMO_STATIONS } from './data/stations.ts';
import { submitDemoCorrection } from './data/reviews.ts';
import { HISTORY_DAYS } from './data/history.ts';
import { seedStars } from './bank-seeder.ts';
import { demoBrokerOf, type DemoOptions } from './options.ts';
import { startDemoPostgres, type DemoPostgres } from './demo-postgres.ts';
import { startStationMonitor, type StationMonitor } from './station-monitor.ts';
import { demoUrls, indexPage } from './summary.ts';
import { startWebServer } from './web/web-server.ts';

export const AGENT_BIN = 'station-agent/bin/station-agent.js';
export const CENTRAL_BIN = 'central/bin/central.js';
const START_TIMEOUT_MS = 45_000;

export interface DemoDeps {
  repoRoot: string;
  options: DemoOptions;
  files: DemoFiles;
  /** One line for the terminal. */
  print: (line: string) => void;
  /** A part stopped on its own: the launcher shuts everything down. */
  onPartFailed: (error: Error) => void;
}

async function waitForTcp(port: number, timeoutMs: number, child: ManagedChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running) throw child.exitError();
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.spec.name} did not listen on port ${port} within ${timeoutMs / 1000} s; see ${child.spec.logFile}`);
}

export class DemoStoppedError extends Error {
  readonly code = 'DEMO_STOPPED';
  constructor() {
    super('the demo was stopped while starting');
    this.name = 'DemoStoppedError';
  }
}

export class DemoSystem {
  /** The launcher's own way onto the broker (station monitor, terminal taps). */
  broker: BrokerLink | undefined;
  monitor: StationMonitor | undefined;
  readonly agentHttpPorts: Record<string, number> = {};
  /** Central's admin listener (manager API, /metrics), on a port it picked. */
  centralAdminPort: number | undefined;
  /** With `--store postgres`: the private server the replicas share. */
  postgres: DemoPostgres | undefined;
  /** The central replicas' HTTP ports, in start order (one with SQLite, two with PostgreSQL). */
  readonly centralPorts: number[] = [];
  /** Each replica's admin listener (manager API, /metrics), in the same order. */
  readonly centralAdminPorts: number[] = [];
  private readonly children: ManagedChild[] = [];
  private readonly stops: { name: string; stop: () => Promise<void> }[] = [];
  private stopping = false;

  constructor(private readonly deps: DemoDeps) {}

  /** Every process the demo started and that still runs. */
  childPids(): number[] {
    return this.children.filter((c) => c.running).flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  private spec(name: string, bin: string, args: string[], logName: string, env: Record<string, string> = {}): ChildSpec {
    const { repoRoot, files } = this.deps;
    // The store URL goes in by VS_CENTRAL_STORE_URL: the config file stays the same for every replica.
    const storeEnv: Record<string, string> = this.postgres ? { VS_CENTRAL_STORE_URL: this.postgres.url } : {};
    const extra = { ...storeEnv, ...env };
    return {
      name,
      command: process.execPath,
      args: [join(repoRoot, bin), ...args],
      cwd: repoRoot,
      logFile: join(files.logsDir, `${logName}.log`),
      ...(Object.keys(extra).length > 0 ? { env: { ...process.env, ...extra } } : {}),
    };
  }

  /** Between start steps: a shutdown requested meanwhile ends the start. */
  private assertNotStopping(): void {
    if (this.stopping) throw new DemoStoppedError();
  }

  private async runOnce(spec: ChildSpec): Promise<void> {
    this.assertNotStopping();
    const child = new ManagedChild(spec);
    this.children.push(child);
    await runToCompletion(child);
  }

  private startChild(spec: ChildSpec): ManagedChild {
    this.assertNotStopping();
    const child = new ManagedChild(spec);
    child.start();
    this.children.push(child);
    this.stops.push({ name: spec.name, stop: () => child.stop() });
    void child.whenExited().then(() => {
      if (!this.stopping) this.deps.onPartFailed(child.exitError());
    });
    return child;
  }

  async start(): Promise<void> {
    const { options, files, print } = this.deps;
    this.broker = demoBrokerOf(options) === 'mosquitto' ? await this.startMosquitto() : await this.startEmbeddedBroker();
    const broker = this.broker;
    this.monitor = await startStationMonitor(broker, files.topicRoot, LIVE_DEMO_STATIONS.map((s) => s.stationId), print);
    const monitor = this.monitor;
    this.stops.push({ name: 'station monitor', stop: () => monitor.stop() });

    let freshData: boolean;
    if (options.store === 'postgres') {
      print('Starting PostgreSQL…');
      this.assertNotStopping();
      this.postgres = await startDemoPostgres(files.varDir);
      const postgres = this.postgres;
      this.stops.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
      // A new database also gets the volunteers' past service.
      freshData = postgres.freshDatabase;
    } else {
      // A fresh central data directory also gets the volunteers' past service.
      freshData = !existsSync(join(files.varDir, 'central', 'data'));
    }
    print('Importing demo volunteers and publishing demo content…');
    const config = ['--config', files.centralConfigFile];
    // Independent steps run side by side: a cold tsx start of each CLI is most of the wait.
    await Promise.all([
      (async () => {
        await this.runOnce(this.spec('central volunteers import', CENTRAL_BIN, ['volunteers', 'import', files.volunteersCsvFile, ...config], 'central-import'));
        // Leaders are volunteers, so the teams follow the volunteers.
        await this.runOnce(this.spec('central teams import', CENTRAL_BIN, ['teams', 'import', files.teamsCsvFile, ...config], 'central-teams'));
        // Months of past service, each recorded as if it arrived on time (central/checkins/demo-history.ts).
        if (freshData) await this.runOnce(this.spec('central demo-history import', CENTRAL_BIN, ['demo-history', 'import', files.historyFile, ...config], 'central-history'));
      })(),
      (async () => {
        const publish = (file: string, name: string) => this.runOnce(this.spec('central content publish', CENTRAL_BIN, ['content', 'publish', file, '--config', files.contentPublisherConfigFile], name));
        // Fresh data gets an earlier version first, so the console's rollback has something to go back to.
        if (freshData) await publish(files.earlierContentFile, 'central-content-earlier');
        await publish(files.contentFile, 'central-content');
      })(),
    ]);

    const replicaPorts = [options.ports.central, ...(this.postgres && options.ports.centralReplica !== undefined ? [options.ports.centralReplica] : [])];
    print(replicaPorts.length > 1 ? `Starting ${replicaPorts.length} central replicas and two station agents…` : 'Starting the central service and two station agents…');
    // Every replica runs its own config file: the same settings, its own broker account and HTTP port.
    const replicas = replicaPorts.map((port, i) => {
      const name = i === 0 ? 'central' : `central-${i + 1}`;
      const child = this.startChild(this.spec(name, CENTRAL_BIN, ['run', '--config', files.replicaConfigFiles[i] ?? ''], name));
      return { port, child, adminReady: child.waitForLine(adminHttpListeningPort, START_TIMEOUT_MS, 'its admin http port') };
    });
    // Agents need only the broker; their check-ins wait in the outbox until central answers.
    const agents = LIVE_DEMO_STATIONS.map((station) => {
      const agent = this.startChild(this.spec(`agent ${station.stationId}`, AGENT_BIN, ['run', '--config', files.agentConfigFiles[station.stationId] ?? ''], `agent-${station.stationId}`));
      return { station, ready: agent.waitForLine(httpListeningPort, START_TIMEOUT_MS, 'its http port') };
    });
    // Promise.all: every wait is handled, even when another part fails first.
    const [httpPorts, , adminPorts] = await Promise.all([
      Promise.all(agents.map((a) => a.ready)),
      Promise.all(replicas.map((r) => waitForTcp(r.port, START_TIMEOUT_MS, r.child))),
      Promise.all(replicas.map((r) => r.adminReady)),
    ]);
    const adminPort = adminPorts[0]!;
    this.centralPorts.push(...replicaPorts);
    this.centralAdminPorts.push(...adminPorts);
    agents.forEach(({ station }, i) => (this.agentHttpPorts[station.stationId] = httpPorts[i]!));
    this.centralAdminPort = adminPort;
    if (freshData) {
      print(`Recorded the demo volunteers' service of the last ${HISTORY_DAYS} days.`);
      const refused = await submitDemoCorrection(`http://127.0.0.1:${adminPort}`, files.managerLogin, new Date());
      if (refused) print(`Warning: the demo correction request was not taken (${refused})`);
      const bank = await seedStars(`http://127.0.0.1:${adminPort}`, files.managerLogin);
      const spread = Object.entries(bank.stars).map(([star, n]) => `${n} with ${star}★`).join(', ');
      print(`Teams and stars: ${spread}${bank.eligible ? `; ${bank.eligible} may apply for a star on the phone` : ''}.`);
    }
    const ids = LIVE_DEMO_STATIONS.map((s) => s.stationId);
    if (!(await monitor.waitUntilOnline(ids, START_TIMEOUT_MS))) {
      print(`Warning: not every station reported online yet (${ids.filter((id) => !monitor.isOnline(id)).join(', ')}); see ${files.logsDir}`);
    }

    this.assertNotStopping();
    const urls = demoUrls(options.ports);
    const web = await startWebServer({
      port: options.ports.web,
      kioskDist: options.kioskDist,
      consoleDist: options.consoleDist,
      kioskConfigs: files.kioskConfigs,
      consoleConfig: files.consoleConfig,
      indexHtml: indexPage(urls),
      apiOrigin: `http://127.0.0.1:${adminPort}`,
    });
    this.stops.push({ name: 'web server', stop: () => web.close() });
  }

  private async startEmbeddedBroker(): Promise<BrokerLink> {
    const { options, files } = this.deps;
    const brokerLog = join(files.logsDir, 'broker.log');
    const broker = await startEmbeddedBroker({
      port: options.ports.mqtt,
      wsPort: options.ports.ws,
      users: files.brokerUsers,
      log: (line) => appendFileSync(brokerLog, `${new Date().toISOString()} ${line}\n`),
    });
    this.stops.push({ name: 'broker', stop: () => broker.close() });
    return broker;
  }

  /** Mosquitto as a child like the others (its output in logs/broker.log), and the launcher's client on it. */
  private async startMosquitto(): Promise<BrokerLink> {
    const { repoRoot, options, files, print } = this.deps;
    print('Starting Mosquitto…');
    const configFile = writeDemoMosquittoFiles(files.varDir, options.ports, files.brokerUsers, files.brokerAccounts);
    const mosquitto = this.startChild({ name: 'mosquitto', command: MOSQUITTO_BIN, args: ['-c', configFile], cwd: repoRoot, logFile: join(files.logsDir, 'broker.log') });
    await Promise.all([waitForTcp(options.ports.mqtt, START_TIMEOUT_MS, mosquitto), waitForTcp(options.ports.ws, START_TIMEOUT_MS, mosquitto)]);
    this.assertNotStopping();
    const link = await connectClientLink({
      url: `mqtt://127.0.0.1:${options.ports.mqtt}`,
      wsUrl: `ws://127.0.0.1:${options.ports.ws}`,
      username: LAUNCHER_USERNAME,
      password: files.brokerUsers[LAUNCHER_USERNAME] ?? '',
      log: print,
    });
    this.stops.push({ name: 'launcher broker link', stop: () => link.close() });
    return link;
  }

  /** Stops everything that was started: agents first (in parallel), then the rest newest first. */
  async stop(): Promise<void> {
    this.stopping = true;
    const isAgent = (part: { name: string }) => part.name.startsWith('agent ');
    const stopPart = (part: { name: string; stop: () => Promise<void> }) => part.stop().catch((err: Error) => this.deps.print(`${part.name}: ${err.message}`));
    await Promise.all(this.stops.filter(isAgent).map(stopPart));
    for (const part of this.stops.filter((p) => !isAgent(p)).reverse()) await stopPart(part);
    this.stops.length = 0;
    // One-shot commands still running (a shutdown during start-up).
    await Promise.all(this.children.map((child) => child.stop()));
  }

  /** From a synchronous exit handler: no child may outlive the launcher. */
  killAllNow(): void {
    for (const child of this.children) child.killNow();
    this.postgres?.killNow();
  }
}
