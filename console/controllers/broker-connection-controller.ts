/**
 * The console's one owner of the MQTT connection (STYLE.md): sign-in with a manager
 * broker account over WebSocket, a clear error for a bad login or an unreachable
 * broker, reconnect with full-jitter backoff, subscribe again on every connect (so
 * the retained statuses are replayed), and QoS 1 publishing for commands.
 */
import { msg, str } from '@lit/localize';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff } from '../../shared/index.ts';

export type ConnectionState = 'signed-out' | 'signing-in' | 'connected' | 'reconnecting';

export interface SignInRequest {
  url: string;
  username: string;
  password: string;
}

export interface BrokerConnectionDeps {
  /** Filters that must be granted, and ones the manager ACL may refuse (then a feature degrades). */
  subscriptions(): { required: string[]; optional: string[] };
  onMessage(topic: string, payload: Uint8Array, retained: boolean): void;
  onSubscriptionsRefused?(filters: string[]): void;
}

export class BrokerConnectionError extends Error {
  constructor(
    readonly code: 'BAD_LOGIN' | 'UNREACHABLE' | 'NOT_ALLOWED' | 'NOT_CONNECTED',
    /** Words the failure in the current locale, so a shown error follows a language switch. */
    readonly describe: () => string,
  ) {
    super(describe());
    this.name = 'BrokerConnectionError';
  }
}

const CONNECT_TIMEOUT_MS = 8_000;
// MQTT 3.1.1 §3.2.2.3 CONNACK return codes 4 and 5; MQTT 5 reason codes 0x86, 0x87.
const LOGIN_REFUSED_CODES = new Set([4, 5, 0x86, 0x87]);
const SUBACK_FAILURE = 0x80;
const PUBACK_TIMEOUT_MS = 10_000;

export class BrokerConnectionController implements ReactiveController {
  state: ConnectionState = 'signed-out';
  /** Why the last sign-in failed, in the current locale. */
  get error(): string | undefined {
    return this.errorText?.();
  }
  private errorText?: () => string;
  username?: string;
  private client?: MqttClient;
  private readonly backoff = new Backoff({ baseMs: 500, capMs: 30_000 });
  private reconnectTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: BrokerConnectionDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.signOut();
  }

  /** Resolves once subscribed; rejects with a BrokerConnectionError the login form shows. */
  async signIn(request: SignInRequest): Promise<void> {
    this.signOut();
    this.errorText = undefined;
    this.setState('signing-in');
    try {
      this.client = await connectOnce(request);
      this.username = request.username;
      this.watch(this.client);
      await this.subscribe(this.client);
      this.setState('connected');
    } catch (err) {
      this.client?.end(true);
      this.client = undefined;
      const described = err instanceof BrokerConnectionError ? err.describe : () => (err instanceof Error ? err.message : String(err));
      this.errorText = described;
      this.setState('signed-out');
      throw err;
    }
  }

  signOut(): void {
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => undefined);
    client?.end(true);
    this.setState('signed-out');
  }

  /** QoS 1: resolves on the broker's PUBACK (MQTT 3.1.1 §4.3.2). */
  publish(topic: string, payload: string): Promise<void> {
    const client = this.client;
    if (!client?.connected) return Promise.reject(new BrokerConnectionError('NOT_CONNECTED', () => msg('Not connected to the broker: wait for the connection to come back, then try again.', { id: 'console.err.notConnected' })));
    return new Promise((resolve, reject) => {
      // mqtt.js keeps an unacknowledged QoS 1 message and resends it after a reconnect,
      // so the manager is told it is pending rather than left waiting on "Sending…".
      const timer = setTimeout(
        () => reject(new BrokerConnectionError('NOT_CONNECTED', () => msg(str`No acknowledgement from the broker within ${PUBACK_TIMEOUT_MS / 1000} s: the command is sent when the connection returns, unless it expires first.`, { id: 'console.err.noPuback' }))),
        PUBACK_TIMEOUT_MS,
      );
      client.publish(topic, payload, { qos: 1 }, (err) => {
        clearTimeout(timer);
        if (err) reject(new BrokerConnectionError('NOT_ALLOWED', () => msg(str`The broker refused the command: ${err.message}`, { id: 'console.err.commandRefused' })));
        else resolve();
      });
    });
  }

  private watch(client: MqttClient): void {
    client.on('message', (topic, payload, packet) => {
      try {
        this.deps.onMessage(topic, payload, packet.retain);
      } catch (err) {
        // A bug in one message's handling must not stop the stream for the others.
        console.error('[console] message handler failed', topic, err);
      }
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.setState('reconnecting');
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => client.reconnect(), Math.max(250, this.backoff.next()));
    });
    client.on('error', (err) => console.warn('[console] broker connection:', err.message));
    client.on('connect', () => {
      if (this.client !== client) return;
      this.backoff.reset();
      this.subscribe(client)
        .then(() => this.setState('connected'))
        .catch((err: Error) => console.warn('[console] subscribe after reconnect failed:', err.message));
    });
  }

  private async subscribe(client: MqttClient): Promise<void> {
    const { required, optional } = this.deps.subscriptions();
    const granted = await client.subscribeAsync([...required, ...optional], { qos: 1 });
    const refused = granted.filter((g) => g.qos === SUBACK_FAILURE).map((g) => g.topic);
    const refusedRequired = refused.filter((topic) => required.includes(topic));
    if (refusedRequired.length > 0) {
      throw new BrokerConnectionError('NOT_ALLOWED', () => msg(str`This account may not read ${refusedRequired.join(', ')}. Sign in with a manager account.`, { id: 'console.err.notAllowed' }));
    }
    if (refused.length > 0) this.deps.onSubscriptionsRefused?.(refused);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }
}

/** One connection attempt that either connects or explains, in words, why not. */
function connectOnce(request: SignInRequest): Promise<MqttClient> {
  const options: IClientOptions = {
    clientId: `console-${crypto.randomUUID().slice(0, 8)}`,
    username: request.username || undefined,
    password: request.password || undefined,
    clean: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // We reconnect ourselves, with jitter, and we subscribe ourselves on every connect.
    reconnectPeriod: 0,
    resubscribe: false,
  };
  return new Promise((resolve, reject) => {
    let client: MqttClient;
    try {
      client = mqtt.connect(request.url, options);
    } catch (err) {
      reject(new BrokerConnectionError('UNREACHABLE', () => msg(str`Cannot use broker URL ${request.url}: ${(err as Error).message}`, { id: 'console.err.badUrl' })));
      return;
    }
    let refusedLogin = false;
    const onError = (err: Error & { code?: unknown }) => {
      if (typeof err.code === 'number' && LOGIN_REFUSED_CODES.has(err.code)) refusedLogin = true;
    };
    const onClose = () => {
      cleanup();
      client.end(true);
      reject(
        refusedLogin
          ? new BrokerConnectionError('BAD_LOGIN', () => msg('The broker refused this username or password.', { id: 'console.err.badLogin' }))
          : new BrokerConnectionError('UNREACHABLE', () => msg(str`Cannot reach the broker at ${request.url}. Check the address and that its WebSocket listener is running.`, { id: 'console.err.unreachable' })),
      );
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
