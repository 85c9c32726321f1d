/**
 * Composition root of the central service: builds the collaborators from the loaded
 * config, starts them in order (store, public and admin HTTP, MQTT consumers, auto-close) and stops
 * them in reverse. `startCentral` is also the programmatic entry for the demo launcher.
 */
import { topicsFor, DEFAULT_PERIOD_SECONDS } from '../shared/index.ts';
import { CheckinConsumer } from './checkins/checkin-consumer.ts';
import type { LoadedCentralConfig } from './config.ts';
import { buildAdminApp } from './http/admin-app.ts';
import { ManagerAuthenticator } from './http/basic-auth.ts';
import { AttemptGuard } from './phone/attempt-guard.ts';
import { ADMIN_HTTP_LIMITS, listenCentralApp, PUBLIC_HTTP_LIMITS, type HttpLimits } from './http/central-app.ts';
import { buildPublicApp } from './http/public-app.ts';
import { phoneAdminRoutes } from './http/phone-routes.ts';
import { reviewRoutes } from './http/review-routes.ts';
import { contentRoutes } from './http/content-routes.ts';
import { mediaRoutes } from './http/media-routes.ts';
import { CentralMqtt } from './mqtt/central-mqtt.ts';
import { createCentralLogger, type CentralLogger } from './observability/logger.ts';
import { createCentralMetrics, type CentralMetrics } from './observability/metrics.ts';
import { createPhoneWing } from './phone/phone-wing.ts';
import { ShopService } from './shop/shop-service.ts';
import { DeskSessions } from './shop/desk-sessions.ts';
import { StationStatusBoard } from './stations/station-status-board.ts';
import type { CentralStore } from './store/central-store.ts';
import { describeStoreLocation, openStore } from './store/open-store.ts';
import { JobLeader } from './jobs/job-leader.ts';
import { AutoCloseScheduler } from './timebank/auto-close-scheduler.ts';
import { rulesFromConfig } from './timebank/rules.ts';
import { createCertificateService } from './certificates/certificate-service.ts';
import { PerksBoard } from './content/perks-board.ts';
import { ActivitiesBoard } from './content/activities-board.ts';
import { bankRoutes } from './http/bank-routes.ts';
import { uptimeRoutes } from './http/uptime-routes.ts';
import { alertRoutes } from './http/alert-routes.ts';
import { alertSubscriptionRoutes } from './http/alert-subscription-routes.ts';
import { PointsExpiryJob } from './timebank/points-expiry-job.ts';
import { AlertEvaluator } from './alerts/alert-evaluator.ts';
import { UptimeRecorder } from './stations/uptime-recorder.ts';
import { PlayRecorder } from './stations/play-recorder.ts';
import { playRoutes } from './http/play-routes.ts';
import { ContentScheduler } from './content/content-scheduler.ts';
import { WebhookDelivery } from './alerts/webhook-delivery.ts';
import { createAlertEmailSender } from './alerts/email-delivery.ts';
import type { BackoffOptions } from '../shared/index.ts';

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
  /** Tighter HTTP limits (tests of the timeouts); defaults in central/http/central-app.ts. */
  httpLimits?: { public?: Partial<HttpLimits>; admin?: Partial<HttpLimits> };
  /** Faster alert evaluation and webhook retries (tests); defaults in central/alerts/. */
  alerts?: { evaluateEveryMs?: number; retry?: BackoffOptions };
}

export interface RunningCentral {
  /** The public listener: phone pages. */
  httpPort: number;
  /** The admin listener: manager API and /metrics. */
  adminHttpPort: number;
  store: CentralStore;
  stop(): Promise<void>;
}

export async function startCentral(loaded: LoadedCentralConfig, deps: CentralDeps = {}): Promise<RunningCentral> {
  const { config, stations } = loaded;
  const log = deps.log ?? createCentralLogger(config.logLevel);
  const metrics = deps.metrics ?? createCentralMetrics();
  const topics = topicsFor(config.topicRoot);
  const rules = rulesFromConfig(config, stations);
  const now = deps.now;
  const store = deps.store ?? (await openStore(loaded));
  // PostgreSQL: several replicas starting together migrate once (PgStore.migrate takes a lock).
  const schemaVersion = await store.migrate();
  log.info({ ...describeStoreLocation(loaded.store), schemaVersion, stations: Object.keys(stations).length }, 'store ready');

  const mqtt = new CentralMqtt({ broker: config.broker, log, metrics });
  const consumer = new CheckinConsumer({ mqtt, store, topics, stations, rules, sharedSubscription: config.sharedSubscription, log, metrics, ...(now ? { now } : {}) });
  const statusBoard = new StationStatusBoard({ mqtt, topics, stations, log, metrics, ...(now ? { now } : {}) });
  const activities = new ActivitiesBoard({ mqtt, topics, log });
  const phone = createPhoneWing({
    config,
    store,
    mqtt,
    topics,
    stations,
    rules,
    periodSeconds: deps.periodSeconds ?? DEFAULT_PERIOD_SECONDS,
    log,
    metrics,
    activities,
    ...(loaded.phoneAppDir ? { appDir: loaded.phoneAppDir } : {}),
    ...(now ? { now } : {}),
  });
  const shop = new ShopService({ store, mqtt, topics, timeZone: rules.timeZone, log, ...(now ? { now } : {}) });
  const deskSessions = new DeskSessions({ shop, mqtt, topics, stations, log, ...(now ? { now } : {}) });
  // The work that must run once runs on the replica holding the jobs lease; gaining it runs it at once.
  const leader = new JobLeader({ leases: store.leases, log, onGained: () => void runOnceJobs() });
  const autoClose = new AutoCloseScheduler({ store, rules, log, metrics, leader, ...(now ? { now } : {}) });
  const health = () => ({ mqttConnected: mqtt.connected });
  const certificates = { store, certificates: createCertificateService(loaded, store, now) };
  const perks = new PerksBoard({ mqtt, topics, log });
  const http = buildPublicApp({
    log,
    phone: { phone, stations, timeZone: rules.timeZone, shop },
    certificates,
    perks: { perks },
    health,
    limits: { ...PUBLIC_HTTP_LIMITS, ...deps.httpLimits?.public },
    trustedProxies: config.trustedProxies,
  });
  // Failed manager logins are counted in the store, so every replica shares one budget.
  const attempts = new AttemptGuard(store.phone, () => (now?.() ?? new Date()).getTime());
  const auth = new ManagerAuthenticator({ managers: config.managers, managerRoles: config.managerRoles, log, attempts });
  const adminHttp = buildAdminApp({
    log,
    metrics,
    manager: { store, stations, statusBoard, auth },
    reports: { store, stations, auth, certificates: certificates.certificates, yearlyServiceEventTarget: config.programme.yearlyServiceEventTarget, ...(now ? { now } : {}) },
    desk: { shop, sites: [...new Set(Object.values(stations).map((s) => s.siteId))].sort(), principal: (request) => auth.principal(request), sessions: deskSessions, stations },
    health,
    limits: { ...ADMIN_HTTP_LIMITS, ...deps.httpLimits?.admin },
    trustedProxies: config.trustedProxies,
  });
  adminHttp.register(phoneAdminRoutes, { phone, authenticate: (request) => auth.authenticate(request) });
  adminHttp.register(reviewRoutes, { store, stations, auth, rules, ...(now ? { now } : {}) });
  adminHttp.register(bankRoutes, { store, stations, auth, rules, ...(now ? { now } : {}) });
  // Content goes out on the content publisher's account when one is configured: a replica's own may not write it.
  const publishing = { broker: config.contentBroker ?? config.broker, topicRoot: config.topicRoot };
  adminHttp.register(contentRoutes, { store, stations, auth, publishing, ...(now ? { now } : {}) });
  adminHttp.register(mediaRoutes, { store, auth, ...(now ? { now } : {}) });
  adminHttp.register(uptimeRoutes, { store, stations, auth, ...(now ? { now } : {}) });
  adminHttp.register(alertRoutes, { store, auth, ...(now ? { now } : {}) });
  adminHttp.register(alertSubscriptionRoutes, { store, stations, auth, emailConfigured: config.alerts.email !== undefined, ...(now ? { now } : {}) });
  adminHttp.register(playRoutes, { store, stations, auth, ...(now ? { now } : {}) });
  const pointsExpiry = new PointsExpiryJob({ store, rules, log, leader, ...(now ? { now } : {}) });
  const nowMs = () => (now?.() ?? new Date()).getTime();
  const delivery = new WebhookDelivery({
    alerts: store.alerts,
    log,
    nowMs,
    leader,
    ...(deps.alerts?.retry ? { retry: deps.alerts.retry } : {}),
    ...(config.alerts.email ? { sendEmail: createAlertEmailSender(config.alerts.email) } : {}),
  });
  const alertEvaluator = new AlertEvaluator({
    board: statusBoard,
    stations,
    alerts: store.alerts,
    seqGaps: () => store.listSeqGaps(),
    config: config.alerts,
    delivery,
    log,
    nowMs,
    leader,
    ...(deps.alerts?.evaluateEveryMs ? { evaluateEveryMs: deps.alerts.evaluateEveryMs } : {}),
    subscriptions: { store: store.alertSubscriptions, timeZone: rules.timeZone },
  });
  const playRecorder = new PlayRecorder({ mqtt, topics, stations, play: store.play, log, metrics, nowMs });
  const uptimeRecorder = new UptimeRecorder({ board: statusBoard, stations, uptime: store.uptime, log, leader });
  const contentScheduler = new ContentScheduler({ contentVersions: store.contentVersions, publishing, log, nowMs, leader });
  let jobsStarted = false;
  const runOnceJobs = async () => {
    if (!jobsStarted) return;
    await autoClose.runOnce();
    await pointsExpiry.runOnce();
    await alertEvaluator.runOnce();
    await uptimeRecorder.runOnce();
    await contentScheduler.runOnce();
  };

  // "http listening" (the public port) comes first: launchers and tests find the port from it.
  const httpPort = await listenCentralApp(http, config.http.host, config.http.port, 'http');
  log.info({ host: config.http.host, port: httpPort }, 'http listening');
  let adminHttpPort: number;
  try {
    adminHttpPort = await listenCentralApp(adminHttp, config.adminHttp.host, config.adminHttp.port, 'adminHttp');
  } catch (err) {
    await http.close();
    throw err;
  }
  log.info({ host: config.adminHttp.host, port: adminHttpPort }, 'admin http listening');
  consumer.start();
  phone.start(consumer.subscriptionFilter(), config.sharedSubscription);
  deskSessions.start(consumer.subscriptionFilter(), config.sharedSubscription);
  statusBoard.start();
  playRecorder.start();
  perks.start();
  activities.start();
  await mqtt.start(deps.stopRequested);
  if (!deps.stopRequested?.aborted) log.info({ filter: consumer.subscriptionFilter() }, 'consuming check-ins');
  await leader.start();
  jobsStarted = true;
  autoClose.start();
  pointsExpiry.start();
  alertEvaluator.start();
  uptimeRecorder.start();
  contentScheduler.start();
  shop.start();

  let stopped: Promise<void> | undefined;
  return {
    httpPort,
    adminHttpPort,
    store,
    stop: () =>
      (stopped ??= (async () => {
        await http.close();
        await adminHttp.close();
        await autoClose.stop();
        await pointsExpiry.stop();
        await alertEvaluator.stop();
        await uptimeRecorder.stop();
        await contentScheduler.stop();
        await leader.stop();
        await shop.stop();
        deskSessions.stop();
        await consumer.stop();
        await mqtt.stop();
        // Anything that arrived while the connection closed; its Results cannot go out, so agents resend.
        await consumer.stop();
        await store.close();
        log.info('central stopped');
      })()),
  };
}
