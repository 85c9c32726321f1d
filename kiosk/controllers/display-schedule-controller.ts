/**
 * Puts the screen to sleep outside the display schedule (issue 14, shared/display-schedule.ts)
 * and wakes it for `wakeMs` on a touch or a card tap. A touch while woken keeps it awake.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { decideDisplay, type DisplayDecision, type DisplaySchedule } from '../../shared/display-schedule.ts';

/** Re-read the schedule at least this often: new directory content, or a clock set by NTP. */
const RECHECK_MS = 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown'] as const;

export interface DisplayScheduleDeps {
  schedule: () => DisplaySchedule;
  /** Called after the state flips (the kiosk republishes its status). */
  onChange: () => void;
}

export class DisplayScheduleController implements ReactiveController {
  state: DisplayDecision['state'] = 'on';
  since = new Date();
  private wokenUntil = 0;
  private reason: DisplayDecision['reason'] = 'no-hours';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: DisplayScheduleDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.__vsDisplay = this.state;
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.onActivity, { capture: true, passive: true });
    this.evaluate();
  }

  hostDisconnected(): void {
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.onActivity, { capture: true });
    clearTimeout(this.timer);
  }

  /** A touch on the sleeping screen, or a card tap or its result: on for the wake period. */
  wake(): void {
    this.wokenUntil = Date.now() + this.deps.schedule().wakeMs;
    this.evaluate();
  }

  /** Again now, e.g. after new directory content. */
  evaluate = (): void => {
    clearTimeout(this.timer);
    const now = new Date();
    const decision = decideDisplay(this.deps.schedule(), now, this.wokenUntil);
    this.reason = decision.reason;
    const delay = Math.min(RECHECK_MS, Math.max(0, (decision.changesAt?.getTime() ?? Infinity) - now.getTime()));
    this.timer = setTimeout(this.evaluate, delay);
    if (decision.state === this.state) return;
    this.state = decision.state;
    window.__vsDisplay = decision.state;
    this.since = now;
    this.host.requestUpdate();
    this.deps.onChange();
  };

  // Only while woken outside hours: in hours a touch must not stretch the screen past closing.
  private onActivity = (): void => {
    if (this.state === 'on' && this.reason === 'woken') this.wake();
  };
}
