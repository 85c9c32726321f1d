/**
 * Pure rules for linking a phone to a volunteer (docs/protocol.md §Linking a phone).
 * A pairing is started on a phone for a typed volunteer number at one station. It is
 * only ever completed by that volunteer's own card tapped at that station while it
 * waits, followed by the same volunteer touching, on that station's kiosk, the code
 * their phone shows, among decoys. Every step here takes plain data and a random
 * source, so a test can drive each boundary.
 */

/** How long a started pairing waits for the card tap. */
export const PAIRING_TAP_WINDOW_MS = 2 * 60_000;
/** How long the kiosk offers the codes after the card tap. */
export const PAIRING_CHOOSE_WINDOW_MS = 60_000;
/** After linking, how long the phone may still add a passkey to the binding. */
export const PASSKEY_ENROL_WINDOW_MS = 10 * 60_000;
export const MAX_PHONES_PER_VOLUNTEER = 3;
/** At most this many pairings wait for one volunteer at one station; a newer one replaces the oldest. */
export const MAX_WAITING_PER_VOLUNTEER_STATION = 3;
/** Codes the kiosk offers: the waiting phones' own codes, topped up with decoys. */
export const KIOSK_CHOICES = 4;

export type PairingState = 'awaiting-tap' | 'awaiting-confirm' | 'linked' | 'declined' | 'expired' | 'limit' | 'cancelled' | 'superseded';

export interface PairingRecord {
  id: string;
  /** As typed on the phone: it may name no volunteer at all, and nothing says so. */
  volunteerId: string;
  stationId: string;
  deviceHash: string;
  code: string;
  state: PairingState;
  createdAtMs: number;
  expiresAtMs: number;
  checkinId?: string;
  choices?: string[];
  bindingId?: string;
}

/** A uniform integer in [0, bound); `randomInt` from node:crypto in production. */
export type RandomInt = (bound: number) => number;

export function pairingCode(random: RandomInt): string {
  return String(random(10_000)).padStart(4, '0');
}

/** A code for a new pairing that differs from the others waiting for the same volunteer at the same station. */
export function freshPairingCode(taken: readonly string[], random: RandomInt): string {
  for (;;) {
    const code = pairingCode(random);
    if (!taken.includes(code)) return code;
  }
}

/** The phones' own codes plus decoys, shuffled, so a blind touch on the kiosk rarely picks a real one. */
export function kioskChoices(codes: readonly string[], random: RandomInt, count = KIOSK_CHOICES): string[] {
  const choices = [...new Set(codes)];
  // At least one decoy, however many phones wait (at most MAX_WAITING_PER_VOLUNTEER_STATION).
  const target = Math.max(count, choices.length + 1);
  while (choices.length < target) {
    const decoy = pairingCode(random);
    if (!choices.includes(decoy)) choices.push(decoy);
  }
  for (let i = choices.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [choices[i], choices[j]] = [choices[j]!, choices[i]!];
  }
  return choices;
}

/** A pairing is live while it waits and its window is open. */
export function isLive(pairing: Pick<PairingRecord, 'state' | 'expiresAtMs'>, nowMs: number): boolean {
  return (pairing.state === 'awaiting-tap' || pairing.state === 'awaiting-confirm') && nowMs < pairing.expiresAtMs;
}

/** The state the phone sees: a waiting pairing whose window has closed reads as expired. */
export function visibleState(pairing: Pick<PairingRecord, 'state' | 'expiresAtMs'>, nowMs: number): PairingState {
  if ((pairing.state === 'awaiting-tap' || pairing.state === 'awaiting-confirm') && nowMs >= pairing.expiresAtMs) return 'expired';
  return pairing.state;
}

export type TapDecision =
  | { kind: 'none' }
  /** The volunteer already has the most phones: nothing is offered. */
  | { kind: 'limit'; pairingIds: string[] }
  | { kind: 'choose'; pairingIds: string[]; choices: string[]; expiresAtMs: number };

/**
 * A card tap at `stationId` by the card's owner `volunteerId`: the owner's own pairings
 * waiting at this station move on to the kiosk's choice. Another volunteer's pairing,
 * or one at another station, is never touched by this tap.
 */
export function decideTap(input: {
  waiting: readonly PairingRecord[];
  volunteerId: string;
  stationId: string;
  activePhones: number;
  nowMs: number;
  random: RandomInt;
}): TapDecision {
  const mine = input.waiting.filter(
    (p) => p.state === 'awaiting-tap' && p.volunteerId === input.volunteerId && p.stationId === input.stationId && isLive(p, input.nowMs),
  );
  if (mine.length === 0) return { kind: 'none' };
  const pairingIds = mine.map((p) => p.id);
  if (input.activePhones >= MAX_PHONES_PER_VOLUNTEER) return { kind: 'limit', pairingIds };
  return { kind: 'choose', pairingIds, choices: kioskChoices(mine.map((p) => p.code), input.random), expiresAtMs: input.nowMs + PAIRING_CHOOSE_WINDOW_MS };
}

export type AnswerDecision =
  | { kind: 'stale' }
  | { kind: 'link'; pairingId: string; declineIds: string[] }
  | { kind: 'decline'; declineIds: string[] };

/**
 * The kiosk's answer for the card tap `checkinId`: the touched code links exactly the
 * one pairing with that code; every other pairing offered for that tap is declined. A
 * decoy, "not me" or a late answer links nothing.
 */
export function decideAnswer(input: { offered: readonly PairingRecord[]; checkinId: string; stationId: string; choice: string | null; nowMs: number }): AnswerDecision {
  const offered = input.offered.filter((p) => p.state === 'awaiting-confirm' && p.checkinId === input.checkinId && p.stationId === input.stationId);
  const live = offered.filter((p) => isLive(p, input.nowMs));
  if (live.length === 0) return { kind: 'stale' };
  const chosen = input.choice === null ? undefined : live.find((p) => p.code === input.choice);
  const declineIds = live.filter((p) => p !== chosen).map((p) => p.id);
  return chosen ? { kind: 'link', pairingId: chosen.id, declineIds } : { kind: 'decline', declineIds };
}
