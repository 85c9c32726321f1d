/**
 * Calls `onIdle` once after `idleMs` without a touch, key or pointer movement
 * (issue 4: idle reset after 60 s). `isIdle` also gates updates.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export class IdleController implements ReactiveController {
  isIdle = true;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    host: ReactiveControllerHost,
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.onActivity, { capture: true, passive: true });
  }

  hostDisconnected(): void {
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.onActivity, { capture: true });
    clearTimeout(this.timer);
  }

  private onActivity = (): void => {
    this.isIdle = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.isIdle = true;
      this.onIdle();
    }, this.idleMs);
  };
}
