/**
 * Linking a phone at this kiosk (protocol v2 §Linking a phone). After a card tap, central
 * may send the codes to offer; the kiosk shows them only for a tap it saw itself in the
 * last two minutes, so the choice is made on the screen in front of the card holder.
 * One prompt at a time: a newer tap's prompt replaces an older one, which then simply
 * runs out at central. States:
 *   none -> choose (touch a code or "not me") -> sent -> closed (linked / declined / expired / limit)
 *   none -> limit (the volunteer already has the most phones)
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PairingPrompt, Tap, Topics } from '../../shared/index.ts';
import { pairingAnswer, pairingAnswerTopic } from '../data/pairing.ts';

export type PairingScreen =
  | { kind: 'none' }
  | { kind: 'choose'; checkinId: string; displayName: string; choices: string[]; expiresAtMs: number }
  | { kind: 'limit'; checkinId: string; displayName: string; maxPhones: number }
  | { kind: 'sent'; checkinId: string }
  | { kind: 'closed'; checkinId: string; outcome: 'linked' | 'declined' | 'expired' | 'limit' };

/** A prompt for a tap older than this is not for whoever stands here now. */
export const TAP_MEMORY_MS = 2 * 60_000;
/** How long an outcome (linked, not linked, limit) stays on screen. */
export const OUTCOME_MS = 8_000;
/** Without central's closing word after an answer, the panel goes away after this. */
export const SENT_WAIT_MS = 15_000;

export interface PairingDeps {
  kioskId: string;
  stationId: string;
  topics: Topics;
  /** False when the kiosk is offline: the answer is then not sent, and the panel says so by closing. */
  publish(topic: string, payload: object): boolean;
  now?: () => number;
}

export class PairingController implements ReactiveController {
  screen: PairingScreen = { kind: 'none' };
  private readonly taps = new Map<string, number>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: PairingDeps,
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

  private show(screen: PairingScreen, forMs?: number): void {
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

  /** Every Tap this kiosk shows; only these may bring up a prompt. */
  sawTap(tap: Tap): void {
    const now = this.nowMs();
    for (const [id, at] of this.taps) if (now - at > TAP_MEMORY_MS) this.taps.delete(id);
    this.taps.set(tap.id, now);
  }

  private sawRecently(checkinId: string): boolean {
    const at = this.taps.get(checkinId);
    return at !== undefined && this.nowMs() - at <= TAP_MEMORY_MS;
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
