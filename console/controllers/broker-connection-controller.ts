/**
 * The console page's side of its one MQTT connection (STYLE.md). The connection
 * itself lives in the fleet worker (`console/worker/`), which signs in with a manager
 * broker account over WebSocket, reconnects with full-jitter backoff, subscribes
 * again on every connect, validates and indexes every status, and publishes commands
 * at QoS 1. This controller starts that worker, turns its codes into words in the
 * page's language, and hands the fleet batches on.
 */
import { msg, str } from '@lit/localize';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ScreenshotReply } from '../../shared/index.ts';
import { basicAuthorization } from '../data/admin-api.ts';
import type { FleetBatch, FromFleetWorker, LinkFailureCode, SignInRequest, ToFleetWorker } from '../worker/fleet-link-protocol.ts';

export type { SignInRequest } from '../worker/fleet-link-protocol.ts';
export type ConnectionState = 'signed-out' | 'signing-in' | 'connected' | 'reconnecting';

export interface BrokerConnectionDeps {
  topicRoot: string;
  /** Filters that must be granted, and ones the manager ACL may refuse (then a feature degrades). */
  subscriptions(): { required: string[]; optional: string[] };
  /** Validated, indexed changes from the worker, at most one batch per frame's worth of messages. */
  onFleet(batch: FleetBatch): void;
  onSubscriptionsRefused?(filters: string[]): void;
  /** Protocol v2: a station answered a screenshot command. */
  onScreenshot?(reply: ScreenshotReply): void;
  /** Central's `GET /api/fleet` (protocol v2), read at sign-in with the same name and password; absent: the broker alone. */
  fleetSnapshotUrl?: string;
  /** Defaults to the fleet worker; a test may pass another Worker. */
  createWorker?(): Worker;
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

const PUBACK_TIMEOUT_MS = 10_000;

interface PendingSignIn {
  resolve(): void;
  reject(err: BrokerConnectionError): void;
  url: string;
}

interface PendingPublish {
  resolve(): void;
  reject(err: BrokerConnectionError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class BrokerConnectionController implements ReactiveController {
  state: ConnectionState = 'signed-out';
  /** Why the last sign-in failed, in the current locale. */
  get error(): string | undefined {
    return this.errorText?.();
  }
  private errorText?: () => string;
  username?: string;
  private worker?: Worker;
  private session = 0;
  private signingIn?: PendingSignIn;
  private readonly publishes = new Map<number, PendingPublish>();
  private publishId = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: BrokerConnectionDeps,
  ) {
    host.addController(this);
  }

  /** The worker starts with the login form, so signing in does not wait for mqtt.js to load. */
  hostConnected(): void {
    this.startWorker();
  }

  hostDisconnected(): void {
    this.signOut();
  }

  /** Resolves once subscribed; rejects with a BrokerConnectionError the login form shows. */
  signIn(request: SignInRequest): Promise<void> {
    this.signOut();
    this.errorText = undefined;
    this.setState('signing-in');
    const session = ++this.session;
    const { required, optional } = this.deps.subscriptions();
    return new Promise<void>((resolve, reject) => {
      this.signingIn = {
        url: request.url,
        resolve: () => {
          this.username = request.username;
          this.setState('connected');
          resolve();
        },
        reject: (err) => {
          this.errorText = err.describe;
          this.setState('signed-out');
          reject(err);
        },
      };
      const snapshot = this.deps.fleetSnapshotUrl ? { url: this.deps.fleetSnapshotUrl, authorization: basicAuthorization(request) } : undefined;
      this.send({ type: 'sign-in', session, request, clientId: `console-${crypto.randomUUID().slice(0, 8)}`, topicRoot: this.deps.topicRoot, required, optional, ...(snapshot ? { snapshot } : {}) });
    });
  }

  signOut(): void {
    const session = this.session++;
    if (this.worker) this.send({ type: 'sign-out', session });
    this.signingIn = undefined;
    for (const pending of this.publishes.values()) {
      clearTimeout(pending.timer);
      pending.reject(notConnected());
    }
    this.publishes.clear();
    this.setState('signed-out');
  }

  /** QoS 1: resolves on the broker's PUBACK (MQTT 3.1.1 §4.3.2). */
  publish(topic: string, payload: string): Promise<void> {
    if (this.state !== 'connected') return Promise.reject(notConnected());
    const id = ++this.publishId;
    return new Promise((resolve, reject) => {
      // mqtt.js keeps an unacknowledged QoS 1 message and resends it after a reconnect,
      // so the manager is told it is pending rather than left waiting on "Sending…".
      const timer = setTimeout(() => {
        this.publishes.delete(id);
        reject(
          new BrokerConnectionError('NOT_CONNECTED', () =>
            msg(str`No acknowledgement from the broker within ${PUBACK_TIMEOUT_MS / 1000} s: the command is sent when the connection returns, unless it expires first.`, { id: 'console.err.noPuback' }),
          ),
        );
      }, PUBACK_TIMEOUT_MS);
      this.publishes.set(id, { resolve, reject, timer });
      this.send({ type: 'publish', session: this.session, id, topic, payload });
    });
  }

  private send(message: ToFleetWorker): void {
    this.startWorker().postMessage(message);
  }

  private startWorker(): Worker {
    if (!this.worker) {
      this.worker = this.deps.createWorker?.() ?? new Worker(new URL('../worker/fleet-worker.ts', import.meta.url), { type: 'module', name: 'fleet-worker' });
      this.worker.addEventListener('message', (event: MessageEvent<FromFleetWorker>) => this.receive(event.data));
      this.worker.addEventListener('error', (event) => {
        console.error('[console] fleet worker failed:', event.message);
        this.signingIn?.reject(new BrokerConnectionError('UNREACHABLE', () => msg(str`The console could not start its connection worker: ${event.message}. Reload the page.`, { id: 'console.err.worker' })));
        this.signingIn = undefined;
      });
    }
    return this.worker;
  }

  private receive(message: FromFleetWorker): void {
    if (message.session !== this.session) return; // from a sign-in since replaced
    switch (message.type) {
      case 'fleet':
        this.deps.onFleet(message.batch);
        return;
      case 'signed-in':
        this.signingIn?.resolve();
        this.signingIn = undefined;
        return;
      case 'sign-in-failed': {
        const pending = this.signingIn;
        this.signingIn = undefined;
        pending?.reject(signInError(message.code, message.detail, pending.url));
        return;
      }
      case 'connection':
        if (this.signingIn) return; // the sign-in's own answer decides
        this.setState(message.state);
        return;
      case 'subscriptions-refused':
        this.deps.onSubscriptionsRefused?.(message.filters);
        return;
      case 'published': {
        const pending = this.publishes.get(message.id);
        if (!pending) return;
        this.publishes.delete(message.id);
        clearTimeout(pending.timer);
        if (!message.error) pending.resolve();
        else if (message.error.code === 'NOT_CONNECTED') pending.reject(notConnected());
        else {
          const detail = message.error.detail;
          pending.reject(new BrokerConnectionError('NOT_ALLOWED', () => msg(str`The broker refused the command: ${detail}`, { id: 'console.err.commandRefused' })));
        }
        return;
      }
      case 'screenshot':
        this.deps.onScreenshot?.(message.reply);
        return;
      case 'warning':
        console.warn(`[console] ${message.text}`);
        return;
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }
}

function notConnected(): BrokerConnectionError {
  return new BrokerConnectionError('NOT_CONNECTED', () => msg('Not connected to the broker: wait for the connection to come back, then try again.', { id: 'console.err.notConnected' }));
}

function signInError(code: LinkFailureCode, detail: string, url: string): BrokerConnectionError {
  switch (code) {
    case 'BAD_LOGIN':
      return new BrokerConnectionError('BAD_LOGIN', () => msg('The broker refused this username or password.', { id: 'console.err.badLogin' }));
    case 'BAD_URL':
      return new BrokerConnectionError('UNREACHABLE', () => msg(str`Cannot use broker URL ${url}: ${detail}`, { id: 'console.err.badUrl' }));
    case 'NOT_ALLOWED':
      return new BrokerConnectionError('NOT_ALLOWED', () => msg(str`This account may not read ${detail}. Sign in with a manager account.`, { id: 'console.err.notAllowed' }));
    default:
      return new BrokerConnectionError('UNREACHABLE', () => msg(str`Cannot reach the broker at ${url}. Check the address and that its WebSocket listener is running.`, { id: 'console.err.unreachable' }));
  }
}
