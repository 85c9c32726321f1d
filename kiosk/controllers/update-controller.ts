/**
 * Service-worker registration and updates (issue 4, Updates): check every 30 min
 * with workbox-window; a waiting version is applied only when the host says the
 * kiosk is idle on home, never with a prompt, and at most once per version so a
 * broken update can never cause a reload loop.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { messageSW as messageServiceWorker, Workbox } from 'workbox-window';
import type { ServiceWorkerState } from '../data/kiosk-status.ts';

export const UPDATE_CHECK_MS = 30 * 60_000;
const REGISTER_DELAY_MS = 1_000;
const RELOAD_GUARD_KEY = 'kiosk:update-reloaded-for';

interface VersionReply {
  version?: string;
}

export interface UpdateControllerDeps {
  /** Called when the version or state changes, to republish KioskStatus. */
  onChange(): void;
  /** True when nobody is using the kiosk: idle, on home, no overlay. */
  isIdleOnHome(): boolean;
}

export class UpdateController implements ReactiveController {
  state: ServiceWorkerState = 'none';
  version?: string;
  waitingVersion?: string;
  private workbox?: Workbox;
  private messageSW?: typeof messageServiceWorker;
  private checkTimer?: ReturnType<typeof setInterval>;
  private applying = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: UpdateControllerDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!('serviceWorker' in navigator)) {
      this.state = 'unsupported';
      return;
    }
    // Well after the first paint: registering (and fetching workbox-window) must not delay the QR.
    setTimeout(() => void this.register(), REGISTER_DELAY_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.checkTimer);
  }

  /** Applies a waiting update if there is one and it was not applied before. */
  applyIfWaiting(): boolean {
    const workbox = this.workbox;
    const version = this.waitingVersion;
    if (!workbox || this.applying || this.state !== 'waiting' || !version) return false;
    if (localStorage.getItem(RELOAD_GUARD_KEY) === version) return false;
    this.applying = true;
    localStorage.setItem(RELOAD_GUARD_KEY, version);
    workbox.addEventListener('controlling', () => window.location.reload());
    workbox.messageSkipWaiting();
    return true;
  }

  private changed(): void {
    this.host.requestUpdate();
    this.deps.onChange();
  }

  private async versionOf(worker: ServiceWorker | null | undefined): Promise<string | undefined> {
    if (!worker || !this.messageSW) return undefined;
    try {
      const reply = (await this.messageSW(worker, { type: 'GET_VERSION' })) as VersionReply;
      return reply.version;
    } catch {
      return undefined;
    }
  }

  private async register(): Promise<void> {
    try {
      const workboxWindow = await import('workbox-window');
      this.messageSW = workboxWindow.messageSW;
      // Relative script and scope: each kiosk path is its own app (several may share an origin).
      const workbox = new workboxWindow.Workbox('./sw.js', { scope: './' });
      this.workbox = workbox;
      workbox.addEventListener('waiting', (event) => void this.onWaiting(event.sw));
      workbox.addEventListener('activated', () => void this.refreshActive());
      this.state = 'installing';
      const registration = await workbox.register();
      if (registration?.waiting) await this.onWaiting(registration.waiting);
      await this.refreshActive();
      this.checkTimer = setInterval(() => void workbox.update().catch(() => undefined), UPDATE_CHECK_MS);
    } catch (err) {
      console.warn('kiosk: service worker registration failed', err);
      this.state = 'error';
      this.changed();
    }
  }

  private async refreshActive(): Promise<void> {
    const registration = await navigator.serviceWorker.getRegistration('./');
    this.version = await this.versionOf(registration?.active);
    if (this.state !== 'waiting') this.state = registration?.active ? 'active' : 'installing';
    this.changed();
  }

  private async onWaiting(worker: ServiceWorker | undefined): Promise<void> {
    this.waitingVersion = (await this.versionOf(worker)) ?? 'unknown';
    this.state = 'waiting';
    this.changed();
    // An unattended kiosk is already idle: apply now rather than after the next visitor.
    if (this.deps.isIdleOnHome()) this.applyIfWaiting();
  }
}
