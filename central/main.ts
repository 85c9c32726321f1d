/**
 * Composition root of the central service: builds the collaborators from the loaded
 * config, starts them in order (store, HTTP, MQTT consumers, auto-close) and stops
 * them in reverse. `startCentral` is also the programmatic entry for the demo launcher.
 */
import { topicsFor, DEFAULT_PERIOD_SECONDS } from '../shared/index.ts';
import { CheckinConsumer } from './checkins/checkin-consumer.ts';
import type { LoadedCentralConfig } from './config.ts';
import { CentralHttpServer } from './http/http-server.ts';
import { CentralMqtt } from './mqtt/central-mqtt.ts';
import { createCentralLogger, type CentralLogger } from './observability/logger.ts';
import { createCentralMetrics, type CentralMetrics } from './observability/metrics.ts';
import { PhoneCheckin } from './phone/phone-checkin.ts';
import { StationStatusBoard } from './stations/station-status-board.ts';
import type { CentralStore } from './store/central-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import { AutoCloseScheduler } from './timebank/auto-close-scheduler.ts';
import { rulesFromConfig } from './timebank/rules.ts';

export interface CentralDeps {
  log?: CentralLogger;
  /** Defaults to SQLite in `dataDir`. */
  store?: CentralStore;
  metrics?: CentralMetrics;
  /** The clock for Results, sessions and QR verification (tests move it). */
  now?: () => Date;
  /** QR code period; the kiosks' `checkin.periodSeconds`. */
  periodSeconds?: number;
  /** Aborted when a stop is requested during start-up: start-up then stops waiting for the broker. */
  stopRequested?: AbortSignal;
}

export interface RunningCentral {
  httpPort: number;
  store: CentralStore;
  stop(): Promise<void>;
}

export async function startCentral(loaded: LoadedCentralConfig, deps: CentralDeps = {}): Promise<RunningCentral> {
  const { config, stations } = loaded;
  const log = deps.log ?? createCentralLogger(config.logLevel);
  const metrics = deps.metrics ?? createCentralMetrics();
  const topics = topicsFor(config.topicRoot);
  const rules = rulesFromConfig(config);
  const now = deps.now;
  const store = deps.store ?? SqliteStore.open(loaded.dataDir);
  const schemaVersion = await store.migrate();
  log.info({ dataDir: loaded.dataDir, schemaVersion, stations: Object.keys(stations).length }, 'store ready');

  const mqtt = new CentralMqtt({ broker: config.broker, log, metrics });
  const consumer = new CheckinConsumer({ mqtt, store, topics, stations, rules, sharedSubscription: config.sharedSubscription, log, metrics, ...(now ? { now } : {}) });
  const statusBoard = new StationStatusBoard({ mqtt, topics, stations, log, metrics, ...(now ? { now } : {}) });
  const phone = new PhoneCheckin({ store, mqtt, topics, stations, rules, periodSeconds: deps.periodSeconds ?? DEFAULT_PERIOD_SECONDS, log, metrics, ...(now ? { now } : {}) });
  const autoClose = new AutoCloseScheduler({ store, rules, log, metrics, ...(now ? { now } : {}) });
  const http = new CentralHttpServer({
    log,
    metrics,
    manager: { store, stations, statusBoard, managers: config.managers },
    phone: { phone, stations, timeZone: rules.timeZone },
    health: () => ({ mqttConnected: mqtt.connected }),
  });

  const httpPort = await http.listen(config.http.host, config.http.port);
  log.info({ host: config.http.host, port: httpPort }, 'http listening');
  consumer.start();
  statusBoard.start();
  await mqtt.start(deps.stopRequested);
  if (!deps.stopRequested?.aborted) log.info({ filter: consumer.subscriptionFilter() }, 'consuming check-ins');
  autoClose.start();

  let stopped: Promise<void> | undefined;
  return {
    httpPort,
    store,
    stop: () =>
      (stopped ??= (async () => {
        await http.close();
        await autoClose.stop();
        await consumer.stop();
        await mqtt.stop();
        // Anything that arrived while the connection closed; its Results cannot go out, so agents resend.
        await consumer.stop();
        await store.close();
        log.info('central stopped');
      })()),
  };
}
