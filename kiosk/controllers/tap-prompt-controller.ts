/**
 * What the pairing panel and the desk prompt share: central asks the card holder a
 * question after a tap (link this phone? take this item?), and the kiosk asks it only
 * for a tap it saw itself in the last two minutes, so the answer is given on the screen
 * in front of the card. One screen at a time, each with an optional time on screen.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Tap, Topics } from '../../shared/index.ts';

/** A prompt for a tap older than this is not for whoever stands here now. */
export const TAP_MEMORY_MS = 2 * 60_000;
/** How long an outcome (linked, not linked, redeemed, …) stays on screen. */
export const OUTCOME_MS = 8_000;
/** Without central's closing word after an answer, the screen goes away after this. */
export const SENT_WAIT_MS = 15_000;

export interface TapPromptDeps {
  kioskId: string;
  stationId: string;
  topics: Topics;
  /** False when the kiosk is offline: the answer is then not sent, and the screen says so by closing. */
  publish(topic: string, payload: object): boolean;
  now?: () => number;
}

export abstract class TapPromptController<Screen extends { kind: string }> implements ReactiveController {
  screen: Screen;
  private readonly taps = new Map<string, number>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    protected readonly deps: TapPromptDeps,
    private readonly none: Screen,
  ) {
    this.screen = none;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  protected nowMs(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Shows `screen`, for `forMs` if given, then nothing. */
  protected show(screen: Screen, forMs?: number): void {
    clearTimeout(this.timer);
    this.screen = screen;
    if (forMs !== undefined) this.timer = setTimeout(() => this.dismiss(), Math.max(0, forMs));
    this.host.requestUpdate();
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.screen = this.none;
    this.host.requestUpdate();
  }

  /** Every Tap this kiosk shows; only these may bring up a prompt. */
  sawTap(tap: Tap): void {
    const now = this.nowMs();
    for (const [id, at] of this.taps) if (now - at > TAP_MEMORY_MS) this.taps.delete(id);
    this.taps.set(tap.id, now);
  }

  protected sawRecently(checkinId: string): boolean {
    const at = this.taps.get(checkinId);
    return at !== undefined && this.nowMs() - at <= TAP_MEMORY_MS;
  }
}
