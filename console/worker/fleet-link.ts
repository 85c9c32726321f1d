/**
 * The fleet worker's one owner of the MQTT connection (STYLE.md): connect with a
 * manager broker account over WebSocket, explain a refused login or an unreachable
 * broker by code, reconnect with full-jitter backoff, subscribe again on every
 * connect (so the retained statuses are replayed), and publish commands at QoS 1.
 * Every message is validated and indexed here, off the page's main thread, and the
 * changes go to the page in batches of at most one per BATCH_MS. Alongside, it reads
 * central's fleet snapshot (protocol v2), which fills in every device the broker has not
 * delivered yet: the retained replay of thousands of statuses takes the browser most of a
 * second, one HTTP answer a fraction of it.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff, topicsFor, type Topics } from '../../shared/index.ts';
import { applyFleetMessage } from '../data/fleet-messages.ts';
import { applyFleetSnapshot, fetchFleetSnapshot, type FleetSnapshotOutcome } from '../data/fleet-snapshot.ts';
import { FleetState } from '../data/fleet-state.ts';
import type { FleetBatch, FromFleetWorker, LinkFailureCode, ToFleetWorker } from './fleet-link-protocol.ts';

const CONNECT_TIMEOUT_MS = 8_000;
// MQTT 3.1.1 §3.2.2.3 CONNACK return codes 4 and 5; MQTT 5 reason codes 0x86, 0x87.
const LOGIN_REFUSED_CODES = new Set([4, 5, 0x86, 0x87]);
const SUBACK_FAILURE = 0x80;
/** About one display frame: the page renders at most once per frame anyway. */
const BATCH_MS = 16;
const REASONS_PER_BATCH = 20;
/** How long the broker's replay waits for central's fleet snapshot. */
const SNAPSHOT_WAIT_MS = 1_500;

class LinkFailure extends Error {
  constructor(
    readonly code: LinkFailureCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

type SignIn = Extract<ToFleetWorker, { type: 'sign-in' }>;

export class FleetLink {
  private session = 0;
  private client?: MqttClient;
  private topics?: Topics;
  private subscriptions: { required: string[]; optional: string[] } = { required: [], optional: [] };
  private fleet = new FleetState();
  private readonly backoff = new Backoff({ baseMs: 500, capMs: 30_000 });
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private batchTimer?: ReturnType<typeof setTimeout>;
  private changedStations = new Set<string>();
  private changedKiosks = new Set<string>();
  /** Stations the page has a record of, so a kiosk naming a new one brings its row along. */
  private stationsSent = new Set<string>();
  private invalidCount = 0;
  private invalidReasons: string[] = [];
  /** Devices whose status (or its deletion) came from the broker this sign-in: newer than any snapshot. */
  private readonly liveStations = new Set<string>();
  private readonly liveKiosks = new Set<string>();

  constructor(private readonly post: (message: FromFleetWorker) => void) {}

  handle(message: ToFleetWorker): void {
    if (message.type === 'sign-in') void this.signIn(message);
    else if (message.type === 'sign-out') {
      // No session: a connection still being made for the last sign-in is dropped when it lands.
      this.session = -1;
      this.signOut();
    }
    else this.publish(message.session, message.id, message.topic, message.payload);
  }

  private async signIn(request: SignIn): Promise<void> {
    this.signOut();
    const session = (this.session = request.session);
    this.topics = topicsFor(request.topicRoot);
    this.subscriptions = { required: request.required, optional: request.optional };
    this.fleet = new FleetState();
    this.stationsSent.clear();
    this.liveStations.clear();
    this.liveKiosks.clear();
    // Read and applied while the broker connects: central has checked the same name and
    // password. The page shows nothing of it unless the broker takes the login too.
    const snapshotApplied = request.snapshot ? fetchFleetSnapshot(request.snapshot).then((outcome) => this.applySnapshot(session, outcome)) : undefined;
    let client: MqttClient | undefined;
    try {
      client = await connectOnce(request);
      if (session !== this.session) {
        client.end(true);
        return;
      }
      this.client = client;
      this.watch(client);
      // The snapshot first, then the broker's replay of the same statuses: the replay (one
      // message each) would otherwise hold up the snapshot's answer in this same thread.
      // A slow central delays the replay by SNAPSHOT_WAIT_MS at most; its late answer
      // still fills in what the broker has not given by then.
      if (snapshotApplied) {
        await Promise.race([snapshotApplied, new Promise((resolve) => setTimeout(resolve, SNAPSHOT_WAIT_MS))]);
        if (session !== this.session) return;
      }
      await this.subscribe(client);
      this.post({ type: 'signed-in', session });
    } catch (err) {
      client?.removeAllListeners();
      client?.on('error', () => undefined);
      client?.end(true);
      if (this.client === client) this.client = undefined;
      // No session any more: a snapshot answering after the broker refused is dropped.
      if (session === this.session) this.session = -1;
      const failure = err instanceof LinkFailure ? err : new LinkFailure('UNREACHABLE', err instanceof Error ? err.message : String(err));
      this.post({ type: 'sign-in-failed', session, code: failure.code, detail: failure.detail });
    }
  }

  private signOut(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.changedStations.clear();
    this.changedKiosks.clear();
    this.invalidCount = 0;
    this.invalidReasons = [];
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => undefined);
    client?.end(true);
  }

  private publish(session: number, id: number, topic: string, payload: string): void {
    const client = this.client;
    if (session !== this.session || !client?.connected) {
      this.post({ type: 'published', session, id, error: { code: 'NOT_CONNECTED', detail: 'not connected' } });
      return;
    }
    client.publish(topic, payload, { qos: 1 }, (err) => {
      this.post(err ? { type: 'published', session, id, error: { code: 'REFUSED', detail: err.message } } : { type: 'published', session, id });
    });
  }

  private watch(client: MqttClient): void {
    const session = this.session;
    client.on('message', (topic, payload, packet) => {
      try {
        this.receive(topic, payload, packet.retain);
      } catch (err) {
        // A bug in one message's handling must not stop the stream for the others.
        this.post({ type: 'warning', session, text: `message handler failed for ${topic}: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.post({ type: 'connection', session, state: 'reconnecting' });
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => client.reconnect(), Math.max(250, this.backoff.next()));
    });
    client.on('error', (err) => this.post({ type: 'warning', session, text: `broker connection: ${err.message}` }));
    client.on('connect', () => {
      if (this.client !== client) return;
      this.backoff.reset();
      this.subscribe(client)
        .then(() => this.post({ type: 'connection', session, state: 'connected' }))
        .catch((err: Error) => this.post({ type: 'warning', session, text: `subscribe after reconnect failed: ${err.message}` }));
    });
  }

  private async subscribe(client: MqttClient): Promise<void> {
    const { required, optional } = this.subscriptions;
    // QoS 0 on our side of the broker: the session is clean, so a QoS 1 message in flight
    // when the connection drops is discarded either way (MQTT 3.1.1 §3.1.2.4), and every
    // connect replays the retained statuses. QoS 1 would only add a PUBACK round trip per
    // message, which throttled sign-in to the broker's in-flight window (20 by default).
    const granted = await client.subscribeAsync([...required, ...optional], { qos: 0 });
    const refused = granted.filter((g) => g.qos === SUBACK_FAILURE).map((g) => g.topic);
    const refusedRequired = refused.filter((topic) => required.includes(topic));
    if (refusedRequired.length > 0) throw new LinkFailure('NOT_ALLOWED', refusedRequired.join(', '));
    if (refused.length > 0) this.post({ type: 'subscriptions-refused', session: this.session, filters: refused });
  }

  /** Validates and indexes one message now; the page hears of it with the next batch. */
  private receive(topic: string, payload: Uint8Array, retained: boolean): void {
    if (!this.topics) return;
    const outcome = applyFleetMessage(this.fleet, this.topics, { topic, payload, receipt: { receivedAt: Date.now(), retained } });
    if (!outcome.ok) {
      this.invalidCount++;
      if (this.invalidReasons.length < REASONS_PER_BATCH) this.invalidReasons.push(outcome.reason);
    } else if (outcome.screenshot) {
      this.post({ type: 'screenshot', session: this.session, reply: outcome.screenshot });
      return;
    } else {
      this.noteChange(topic);
    }
    this.scheduleBatch();
  }

  /** Every device the broker has not spoken for yet, from central's snapshot; the page hears with the next batch. */
  private applySnapshot(session: number, outcome: FleetSnapshotOutcome): void {
    if (session !== this.session) return;
    if (!outcome.ok) {
      if (outcome.warning) this.post({ type: 'warning', session, text: outcome.warning });
      return;
    }
    const applied = applyFleetSnapshot(this.fleet, outcome.snapshot, { stations: this.liveStations, kiosks: this.liveKiosks }, Date.now());
    for (const id of applied.stations) this.changedStations.add(id);
    for (const id of applied.kiosks) this.noteKiosk(id);
    for (const reason of applied.invalidReasons) {
      this.invalidCount++;
      if (this.invalidReasons.length < REASONS_PER_BATCH) this.invalidReasons.push(reason);
    }
    // At once: the broker's replay may be queued in this thread ahead of the batch timer.
    clearTimeout(this.batchTimer);
    this.sendBatch();
  }

  private noteChange(topic: string): void {
    const parsed = this.topics?.parse(topic);
    if (!parsed) return;
    if (parsed.kind === 'kiosk-status') {
      this.liveKiosks.add(parsed.kioskId);
      this.noteKiosk(parsed.kioskId);
    } else if (parsed.kind === 'station') {
      if (parsed.channel === 'status') this.liveStations.add(parsed.stationId);
      this.changedStations.add(parsed.stationId);
    }
  }

  private noteKiosk(kioskId: string): void {
    this.changedKiosks.add(kioskId);
    // A kiosk's status may name a station nobody has heard of yet: the page needs that row too.
    const stationId = this.fleet.kiosks.get(kioskId)?.status.stationId;
    if (stationId !== undefined && !this.stationsSent.has(stationId)) this.changedStations.add(stationId);
  }

  private scheduleBatch(): void {
    if (this.batchTimer !== undefined) return;
    this.batchTimer = setTimeout(() => this.sendBatch(), BATCH_MS);
  }

  private sendBatch(): void {
    this.batchTimer = undefined;
    const batch: FleetBatch = { stations: [], kiosks: [], forgottenStations: [], forgottenKiosks: [], invalidCount: this.invalidCount, invalidReasons: this.invalidReasons };
    for (const id of this.changedStations) {
      const record = this.fleet.stations.get(id);
      if (record) {
        batch.stations.push(record);
        this.stationsSent.add(id);
      } else {
        batch.forgottenStations.push(id);
        this.stationsSent.delete(id);
      }
    }
    for (const id of this.changedKiosks) {
      const record = this.fleet.kiosks.get(id);
      if (record) batch.kiosks.push(record);
      else batch.forgottenKiosks.push(id);
    }
    this.changedStations.clear();
    this.changedKiosks.clear();
    this.invalidCount = 0;
    this.invalidReasons = [];
    this.post({ type: 'fleet', session: this.session, batch });
  }
}

/** One connection attempt that either connects or says, by code, why not. */
function connectOnce(request: SignIn): Promise<MqttClient> {
  const options: IClientOptions = {
    clientId: request.clientId,
    username: request.request.username || undefined,
    password: request.request.password || undefined,
    clean: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // We reconnect ourselves, with jitter, and we subscribe ourselves on every connect.
    reconnectPeriod: 0,
    resubscribe: false,
  };
  return new Promise((resolve, reject) => {
    let client: MqttClient;
    try {
      client = mqtt.connect(request.request.url, options);
    } catch (err) {
      reject(new LinkFailure('BAD_URL', (err as Error).message));
      return;
    }
    let refusedLogin = false;
    const onError = (err: Error & { code?: unknown }) => {
      if (typeof err.code === 'number' && LOGIN_REFUSED_CODES.has(err.code)) refusedLogin = true;
    };
    const onClose = () => {
      cleanup();
      client.end(true);
      reject(new LinkFailure(refusedLogin ? 'BAD_LOGIN' : 'UNREACHABLE', request.request.url));
    };
    const onConnect = () => {
      cleanup();
      resolve(client);
    };
    // onError stays attached: an 'error' with no listener would throw (EventEmitter).
    const cleanup = () => {
      client.off('close', onClose);
      client.off('connect', onConnect);
    };
    client.on('error', onError);
    client.on('close', onClose);
    client.on('connect', onConnect);
  });
}
