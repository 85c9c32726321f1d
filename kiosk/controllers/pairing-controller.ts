/**
 * Linking a phone at this kiosk (protocol v2 §Linking a phone). After a card tap, central
 * may send the codes to offer; the kiosk shows them only for a tap it saw itself in the
 * last two minutes, so the choice is made on the screen in front of the card holder.
 * One prompt at a time: a newer tap's prompt replaces an older one, which then simply
 * runs out at central. States:
 *   none -> choose (touch a code or "not me") -> sent -> closed (linked / declined / expired / limit)
 *   none -> limit (the volunteer already has the most phones)
 */
import type { ReactiveControllerHost } from 'lit';
import type { PairingPrompt } from '../../shared/index.ts';
import { pairingAnswer, pairingAnswerTopic } from '../data/pairing.ts';
import { OUTCOME_MS, SENT_WAIT_MS, TapPromptController, type TapPromptDeps } from './tap-prompt-controller.ts';

export type PairingScreen =
  | { kind: 'none' }
  | { kind: 'choose'; checkinId: string; displayName: string; choices: string[]; expiresAtMs: number }
  | { kind: 'limit'; checkinId: string; displayName: string; maxPhones: number }
  | { kind: 'sent'; checkinId: string }
  | { kind: 'closed'; checkinId: string; outcome: 'linked' | 'declined' | 'expired' | 'limit' };

export type PairingDeps = TapPromptDeps;

export class PairingController extends TapPromptController<PairingScreen> {
  constructor(host: ReactiveControllerHost, deps: PairingDeps) {
    super(host, deps, { kind: 'none' });
  }

  onPrompt(prompt: PairingPrompt): void {
    const current = this.screen;
    if (prompt.state === 'closed') {
      if (current.kind !== 'none' && current.checkinId === prompt.checkinId) this.show({ kind: 'closed', checkinId: prompt.checkinId, outcome: prompt.outcome }, OUTCOME_MS);
      return;
    }
    if (!this.sawRecently(prompt.checkinId)) return;
    if (prompt.state === 'limit') {
      this.show({ kind: 'limit', checkinId: prompt.checkinId, displayName: prompt.displayName, maxPhones: prompt.maxPhones }, OUTCOME_MS);
      return;
    }
    const expiresAtMs = Date.parse(prompt.expiresAt);
    if (expiresAtMs <= this.nowMs()) return;
    this.show({ kind: 'choose', checkinId: prompt.checkinId, displayName: prompt.displayName, choices: prompt.choices, expiresAtMs }, expiresAtMs - this.nowMs());
  }

  /** The card holder touched a code, or "not me" (null). */
  answer(choice: string | null): void {
    const current = this.screen;
    if (current.kind !== 'choose') return;
    const { kioskId, stationId, topics } = this.deps;
    const sent = this.deps.publish(pairingAnswerTopic(topics, stationId), pairingAnswer(current.checkinId, kioskId, choice, new Date(this.nowMs())));
    if (!sent) {
      this.show({ kind: 'closed', checkinId: current.checkinId, outcome: 'expired' }, OUTCOME_MS);
      return;
    }
    if (choice === null) this.show({ kind: 'closed', checkinId: current.checkinId, outcome: 'declined' }, OUTCOME_MS);
    else this.show({ kind: 'sent', checkinId: current.checkinId }, SENT_WAIT_MS);
  }
}
