/**
 * The card-only Redemption desk at this kiosk (protocol v2 §Time bank: the rewards shop).
 * After staff pick an item for a volunteer who tapped here, central sends a confirm
 * prompt; the kiosk shows it only for a tap it saw itself in the last two minutes (as
 * the pairing panel does, tap-prompt-controller.ts), so the choice is made in front of the card holder. States:
 *   none -> confirm (Confirm / Cancel) -> sent -> closed (redeemed / declined / expired / cancelled / refused)
 */
import type { ReactiveControllerHost } from 'lit';
import type { DeskPrompt, LocalizedText } from '../../shared/index.ts';
import { deskAnswer, deskAnswerTopic } from '../data/desk.ts';
import { OUTCOME_MS, SENT_WAIT_MS, TapPromptController, type TapPromptDeps } from './tap-prompt-controller.ts';

export type DeskOutcomeKind = 'redeemed' | 'declined' | 'expired' | 'cancelled' | 'refused';

export type DeskScreen =
  | { kind: 'none' }
  | { kind: 'confirm'; checkinId: string; displayName: string; item: LocalizedText; price: number; balance: number; expiresAtMs: number }
  | { kind: 'sent'; checkinId: string }
  | { kind: 'closed'; checkinId: string; outcome: DeskOutcomeKind };

export type DeskDeps = TapPromptDeps;

export class DeskController extends TapPromptController<DeskScreen> {
  constructor(host: ReactiveControllerHost, deps: DeskDeps) {
    super(host, deps, { kind: 'none' });
  }

  onPrompt(prompt: DeskPrompt): void {
    const current = this.screen;
    if (prompt.state === 'closed') {
      if (current.kind !== 'none' && current.checkinId === prompt.checkinId) this.show({ kind: 'closed', checkinId: prompt.checkinId, outcome: prompt.outcome }, OUTCOME_MS);
      return;
    }
    if (!this.sawRecently(prompt.checkinId)) return;
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
