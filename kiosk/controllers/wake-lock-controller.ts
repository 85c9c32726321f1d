/**
 * Keeps the screen on (Screen Wake Lock API) and asks for persistent storage once.
 * A wake lock is released whenever the page is hidden, so it is re-taken on
 * `visibilitychange`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class WakeLockController implements ReactiveController {
  held = false;
  persisted = false;
  private sentinel?: WakeLockSentinel;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    void this.acquire();
    void this.persist();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    void this.sentinel?.release().catch(() => undefined);
  }

  private onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.acquire();
  };

  private async acquire(): Promise<void> {
    if (!('wakeLock' in navigator)) return;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      this.held = true;
      this.sentinel.addEventListener('release', () => {
        this.held = false;
        this.host.requestUpdate();
      });
    } catch (err) {
      this.held = false;
      console.warn('kiosk: wake lock refused', (err as Error).message);
    }
    this.host.requestUpdate();
  }

  private async persist(): Promise<void> {
    if (!navigator.storage?.persist) return;
    try {
      this.persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch {
      this.persisted = false;
    }
    this.host.requestUpdate();
  }
}
