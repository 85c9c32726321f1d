/**
 * The card-only Redemption desk at this kiosk (protocol v2 §Time bank: the rewards shop).
 * After staff pick an item for a volunteer who tapped here, central sends a confirm
 * prompt; the kiosk shows it only for a tap it saw itself in the last two minutes (as
 * the pairing panel does), so the choice is made in front of the card holder. States:
 *   none -> confirm (Confirm / Cancel) -> sent -> closed (redeemed / declined / expired / cancelled / refused)
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeskPrompt, LocalizedText, Tap, Topics } from '../../shared/index.ts';
import { deskAnswer, deskAnswerTopic } from '../data/desk.ts';
import { OUTCOME_MS, SENT_WAIT_MS, TAP_MEMORY_MS } from './pairing-controller.ts';

export type DeskOutcomeKind = 'redeemed' | 'declined' | 'expired' | 'cancelled' | 'refused';

export type DeskScreen =
  | { kind: 'none' }
  | { kind: 'confirm'; checkinId: string; displayName: string; item: LocalizedText; price: number; balance: number; expiresAtMs: number }
  | { kind: 'sent'; checkinId: string }
  | { kind: 'closed'; checkinId: string; outcome: DeskOutcomeKind };

export interface DeskDeps {
  kioskId: string;
  stationId: string;
  topics: Topics;
  /** False when the kiosk is offline: the answer is then not sent, and the prompt closes as expired. */
  publish(topic: string, payload: object): boolean;
  now?: () => number;
}

export class DeskController implements ReactiveController {
  screen: DeskScreen = { kind: 'none' };
  private readonly taps = new Map<string, number>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: DeskDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private nowMs(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private show(screen: DeskScreen, forMs?: number): void {
    clearTimeout(this.timer);
    this.screen = screen;
    if (forMs !== undefined) this.timer = setTimeout(() => this.dismiss(), Math.max(0, forMs));
    this.host.requestUpdate();
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.screen = { kind: 'none' };
    this.host.requestUpdate();
  }

  sawTap(tap: Tap): void {
    const now = this.nowMs();
    for (const [id, at] of this.taps) if (now - at > TAP_MEMORY_MS) this.taps.delete(id);
    this.taps.set(tap.id, now);
  }

  onPrompt(prompt: DeskPrompt): void {
    const current = this.screen;
    if (prompt.state === 'closed') {
      if (current.kind !== 'none' && current.checkinId === prompt.checkinId) this.show({ kind: 'closed', checkinId: prompt.checkinId, outcome: prompt.outcome }, OUTCOME_MS);
      return;
    }
    const at = this.taps.get(prompt.checkinId);
    if (at === undefined || this.nowMs() - at > TAP_MEMORY_MS) return;
    const expiresAtMs = Date.parse(prompt.expiresAt);
    if (expiresAtMs <= this.nowMs()) return;
    this.show(
      { kind: 'confirm', checkinId: prompt.checkinId, displayName: prompt.displayName, item: prompt.item, price: prompt.price, balance: prompt.balance, expiresAtMs },
      expiresAtMs - this.nowMs(),
    );
  }

  /** The card holder touched Confirm (true) or Cancel (false). */
  answer(confirmed: boolean): void {
    const current = this.screen;
    if (current.kind !== 'confirm') return;
    const { kioskId, stationId, topics } = this.deps;
    const sent = this.deps.publish(deskAnswerTopic(topics, stationId), deskAnswer(current.checkinId, kioskId, confirmed, new Date(this.nowMs())));
    if (!sent) this.show({ kind: 'closed', checkinId: current.checkinId, outcome: 'expired' }, OUTCOME_MS);
    else if (!confirmed) this.show({ kind: 'closed', checkinId: current.checkinId, outcome: 'declined' }, OUTCOME_MS);
    else this.show({ kind: 'sent', checkinId: current.checkinId }, SENT_WAIT_MS);
  }
}
