/**
 * Composition root: builds the collaborators from the config, each after what it
 * calls, starts them in order (outbox, HTTP, reader, delivery, MQTT) and stops them
 * in reverse order. Data flows readers/ -> checkin/ -> outbox/ -> mqtt/.
 */
import { hostname } from 'node:os';
import { topicsFor, type AgentConfig } from '../shared/index.ts';
import { CheckinRecorder, type TapOutcome } from './checkin/checkin-recorder.ts';
import { Debouncer } from './checkin/debouncer.ts';
import { HealthTracker } from './http/health.ts';
import { AgentMetrics } from './http/metrics.ts';
import { AgentHttpServer } from './http/server.ts';
import { answerSimulateTap } from './http/simulate-tap.ts';
import type { Logger } from './log.ts';
import { CommandHandler } from './mqtt/command-handler.ts';
import { Delivery } from './mqtt/delivery.ts';
import { InboundRouter } from './mqtt/inbound.ts';
import { MqttLink } from './mqtt/mqtt-link.ts';
import { StationStatusBuilder } from './mqtt/station-status.ts';
import { StatusPublisher } from './mqtt/status-publisher.ts';
import type { Outbox } from './outbox/outbox.ts';
import { OutboxPruner } from './outbox/outbox-pruner.ts';
import { SqliteOutbox } from './outbox/sqlite-outbox.ts';
import type { ScreenWatchdog } from './screen/screen-watchdog.ts';
import { ScreenshotResponder } from './screen/screenshot-responder.ts';
import type { CardRead } from './readers/card-read.ts';
import { createReader } from './readers/create-reader.ts';
import type { PortFactory } from './readers/serial-port.ts';
import { AGENT_VERSION } from './version.ts';

export interface AgentOptions {
  config: AgentConfig;
  logger: Logger;
  openPort?: PortFactory;
  outbox?: Outbox;
  /** Hooks for benchmarks and embedding; the agent works without them. */
  observe?: {
    puback?(seq: number): void;
    settled?(ids: readonly string[]): void;
  };
}

export interface RunningAgent {
  httpPort: number;
  stop(): Promise<void>;
}

const HEALTH_GRACE_MS = 30_000;

export async function startAgent({ config, logger, openPort, outbox = new SqliteOutbox(config.dataDir), observe = {} }: AgentOptions): Promise<RunningAgent> {
  const topics = topicsFor(config.topicRoot);
  const topic = (channel: 'checkins' | 'results' | 'taps' | 'status' | 'cmd' | 'screenshot') => topics.station(config.stationId, channel);
  const driver = config.reader.driver;

  const metrics = new AgentMetrics(() => outbox.stats());
  const health = new HealthTracker(HEALTH_GRACE_MS);
  const statusBuilder = new StationStatusBuilder({ siteId: config.siteId, driver, version: AGENT_VERSION, startedAt: new Date().toISOString(), outbox });

  const link = new MqttLink({
    url: config.broker.url,
    ...(config.broker.username !== undefined ? { username: config.broker.username } : {}),
    ...(config.broker.password !== undefined ? { password: config.broker.password } : {}),
    clientId: `station-agent-${config.stationId}`,
    will: { topic: topic('status'), payload: JSON.stringify({ v: 1, state: 'offline', reason: 'lost' }) },
    subscriptions: [topic('results'), topic('cmd')],
    logger,
  });
  const status = new StatusPublisher({ link, topic: topic('status'), build: () => statusBuilder.build() });
  const delivery = new Delivery({
    outbox,
    link,
    stationId: config.stationId,
    checkinsTopic: topic('checkins'),
    ackTimeoutMs: config.ackTimeoutMs,
    logger,
    onPublished: () => metrics.checkinsPublished.inc(),
    onPuback: (entry) => observe.puback?.(entry.seq),
    onResult: (result) => metrics.results.inc({ status: result.status }),
    onSettled: (ids) => observe.settled?.(ids),
    onPendingChanged: () => status.changed(),
  });

  const recorder = new CheckinRecorder({
    outbox,
    debouncer: new Debouncer(config.debounceMs),
    logger,
    recorded: (entry) => {
      metrics.taps.inc();
      // Tap first (QoS 0) so the kiosk reacts at once; it never carries the uid.
      link.publish(topic('taps'), JSON.stringify({ v: 1, id: entry.id, at: entry.at }), { qos: 0 });
      delivery.enqueued();
      status.changed();
    },
    refused: () => metrics.tapsRefused.inc(),
    writableChanged: (writable) => {
      statusBuilder.outboxWritableChanged(writable);
      status.changed();
    },
  });
  // Reads from the reader, POST /simulate-tap and simulate-tap commands all go this way.
  const readCard = (read: CardRead): TapOutcome => {
    statusBuilder.cardRead();
    return recorder.record(read);
  };

  // The watchdog is built further down (only with a `screen` block); the responder asks for it when a command comes.
  let watchdog: ScreenWatchdog | undefined;
  const screenshots = new ScreenshotResponder({
    stationId: config.stationId,
    kioskId: config.screen?.kioskId,
    ...(config.screen ? { capture: () => (watchdog ? watchdog.thumbnail() : Promise.reject(new Error('the screen watchdog is not running yet'))) } : {}),
    publish: (reply) => link.publish(topic('screenshot'), JSON.stringify(reply), { qos: 1, retain: false }),
    logger,
  });
  const commands = new CommandHandler({ driver, logger, read: readCard, screenshot: (command) => void screenshots.answer(command) });
  const inbound = new InboundRouter({ resultsTopic: topic('results'), cmdTopic: topic('cmd'), logger, results: (batch) => delivery.settle(batch), command: (command, retained) => commands.handle(command, retained) });
  link.attach({
    onConnect: () => {
      health.update({ mqttConnected: true });
      status.connected();
      delivery.connected();
    },
    onDisconnect: () => {
      health.update({ mqttConnected: false });
      delivery.disconnected();
    },
    onMessage: (t, payload, retained) => inbound.handle(t, payload, retained),
    onReconnectAttempt: () => metrics.mqttReconnects.inc(),
  });

  const reader = createReader({
    config,
    logger,
    ...(openPort ? { openPort } : {}),
    sink: {
      read: (read) => void readCard(read),
      state: (state) => {
        statusBuilder.readerChanged(state);
        health.update({ readerConnected: state.state === 'connected' });
        status.changed();
      },
      frameError: (kind) => metrics.frameErrors.inc({ kind }),
      reopened: () => metrics.readerReopens.inc(),
    },
  });
  const http = new AgentHttpServer({ host: config.http.host, port: config.http.port, health, metrics, logger, simulateTap: (uid) => answerSimulateTap(uid, { driver, read: readCard }) });
  // Optional: only a station PC whose agent config has a `screen` block watches its kiosk's Chromium.
  // Loaded only then: playwright-core and sharp cost every other agent start-up time and memory.
  const screen = config.screen;
  if (screen) {
    const [{ ScreenWatchdog }, { runScreenCommand }, { DisplayPower }] = await Promise.all([
      import('./screen/screen-watchdog.ts'),
      import('./screen/screen-command.ts'),
      import('./screen/display-power.ts'),
    ]);
    const { screenOffCommand: off, screenOnCommand: on } = screen;
    watchdog = new ScreenWatchdog({
      cdpUrl: screen.cdpUrl,
      kioskId: screen.kioskId,
      probeIntervalMs: screen.probeIntervalMs,
      probeTimeoutMs: screen.probeTimeoutMs,
      screenshotIntervalMs: screen.screenshotIntervalMs,
      restart: runScreenCommand(screen.restartCommand, 'restartCommand'),
      ...(off && on ? { displayPower: new DisplayPower({ off: runScreenCommand(off, 'screenOffCommand'), on: runScreenCommand(on, 'screenOnCommand'), logger }) } : {}),
      changed: (display) => {
        statusBuilder.displayChanged(display);
        status.changed();
      },
      logger,
    });
    statusBuilder.displayChanged(watchdog.current);
  }
  const pruner = new OutboxPruner({ outbox, retentionDays: config.auditRetentionDays, logger });

  // Start in order. The "http listening" line comes first so launchers find the port.
  const httpPort = await http.start();
  const stats = outbox.stats();
  if (outbox instanceof SqliteOutbox && outbox.tightenedModes.length > 0) {
    logger.warn({ tightened: outbox.tightenedModes }, 'outbox files were readable by others (they hold full card uids); made them 0700/0600');
  }
  logger.info({ stationId: config.stationId, driver, pending: stats.pending, lastSeq: stats.lastSeq, hostname: hostname() }, 'station agent starting');
  pruner.start();
  reader.start();
  delivery.start();
  status.start();
  link.start();
  watchdog?.start();

  return {
    httpPort,
    async stop() {
      await watchdog?.stop();
      pruner.stop();
      // Status and delivery stop before the link, so nothing is published after the goodbye.
      status.stop();
      delivery.stop();
      await link.stop({ topic: topic('status'), payload: JSON.stringify({ v: 1, state: 'offline', reason: 'shutdown', at: new Date().toISOString() }) });
      await reader.stop();
      await http.stop();
      outbox.close();
      logger.info('station agent stopped');
    },
  };
}
