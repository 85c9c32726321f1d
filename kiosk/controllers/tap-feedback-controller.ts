/**
 * The tap overlay's state machine (issue 4, Tap feedback overlay):
 *   Tap           -> reading
 *   no Result 3 s -> saved (will sync when online)
 *   Result        -> result, whether or not a Tap came first (phone QR check-ins)
 * Any shown outcome clears itself after 8 s.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Result, Tap } from '../../shared/index.ts';

export type TapFeedback =
  | { phase: 'none' }
  | { phase: 'reading'; id: string }
  | { phase: 'saved'; id: string }
  | { phase: 'result'; result: Result };

export type TapOutcome = 'accepted-in' | 'accepted-out' | 'duplicate' | 'rejected' | 'saved';

export interface TapLogEntry {
  at: string;
  outcome: TapOutcome;
}

export const RESULT_WAIT_MS = 3_000;
export const OVERLAY_CLEAR_MS = 8_000;
const LOG_SIZE = 20;

export function outcomeOf(result: Result): TapOutcome {
  if (result.status === 'accepted') return result.direction === 'out' ? 'accepted-out' : 'accepted-in';
  return result.status;
}

export class TapFeedbackController implements ReactiveController {
  feedback: TapFeedback = { phase: 'none' };
  /** The last 20 outcomes for the manager panel: no uids, no names. */
  readonly log: TapLogEntry[] = [];
  private waitTimer?: ReturnType<typeof setTimeout>;
  private clearTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onOutcome: (outcome: TapOutcome) => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clearTimers();
  }

  tap(tap: Tap): void {
    this.clearTimers();
    this.feedback = { phase: 'reading', id: tap.id };
    this.waitTimer = setTimeout(() => this.show({ phase: 'saved', id: tap.id }, 'saved'), RESULT_WAIT_MS);
    this.host.requestUpdate();
  }

  result(result: Result): void {
    this.clearTimers();
    this.show({ phase: 'result', result }, outcomeOf(result));
  }

  dismiss(): void {
    this.clearTimers();
    this.feedback = { phase: 'none' };
    this.host.requestUpdate();
  }

  private show(feedback: TapFeedback, outcome: TapOutcome): void {
    this.feedback = feedback;
    this.log.unshift({ at: new Date().toISOString(), outcome });
    this.log.length = Math.min(this.log.length, LOG_SIZE);
    this.onOutcome(outcome);
    this.clearTimer = setTimeout(() => this.dismiss(), OVERLAY_CLEAR_MS);
    this.host.requestUpdate();
  }

  private clearTimers(): void {
    clearTimeout(this.waitTimer);
    clearTimeout(this.clearTimer);
  }
}
