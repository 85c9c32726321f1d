/**
 * The phone-identity part of the central store (protocol v2 §Linking a phone): pending
 * pairings, bindings of phones to volunteers, their passkeys, single-use WebAuthn
 * challenges, failed-attempt counters shared by every replica, and the audit log.
 * Every method that changes more than one row is one transaction; a state change is
 * a compare-and-set on the old state, so two replicas never both complete a pairing.
 */
import type { AttemptCounter, AttemptKey, AttemptRules } from '../phone/attempt-rules.ts';
import type { PairingRecord, PairingState } from '../phone/pairing-rules.ts';

export type PhoneCredential = 'device-key' | 'passkey';

export interface BindingRecord {
  id: string;
  volunteerId: string;
  deviceHash: string;
  credential: PhoneCredential;
  /** Where the phone was linked. */
  stationId: string;
  createdAtMs: number;
  lastUsedAtMs?: number;
  revokedAtMs?: number;
  revokedBy?: string;
  revokeReason?: 'unlinked-on-phone' | 'revoked-by-manager' | 'replaced';
}

export interface PasskeyRecord {
  /** base64url credential id, as WebAuthn reports it. */
  credentialId: string;
  bindingId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  createdAtMs: number;
}

export type ChallengePurpose = 'register' | 'checkin';

export interface ChallengeRecord {
  challenge: string;
  purpose: ChallengePurpose;
  deviceHash: string;
  bindingId?: string;
  expiresAtMs: number;
}

export interface AuditEntry {
  at: string;
  /** `manager:NAME`, `phone`, `kiosk:K-0001` or `central`. */
  actor: string;
  action: 'phone-linked' | 'phone-unlinked' | 'phones-revoked' | 'passkey-added'
    /** Reviews (review-store.ts): a volunteer's request, a manager's decision. */
    | 'correction-requested' | 'review-credited' | 'review-declined'
    /** Certificates (certificate-store.ts): a manager revoked one. */
    | 'certificate-revoked'
    /** Protocol v2 time bank (sqlite-bank.ts): star applications, decisions and awards. */
    | 'star-applied' | 'star-approved' | 'star-declined' | 'star-awarded';
  volunteerId?: string;
  detail: Record<string, unknown>;
}

export type CompletePairingOutcome =
  | { kind: 'linked'; binding: BindingRecord }
  | { kind: 'limit' }
  /** Someone else (another replica, a second answer) already settled it, or its window closed. */
  | { kind: 'stale' };

export interface PhoneBindingStore {
  volunteerOfCard(cardUid: string): Promise<{ id: string; name: string } | undefined>;

  /**
   * Saves a new pairing. The device's earlier live pairings are superseded (one phone
   * waits for one link at a time), and so is the oldest one waiting for the same
   * number at the same station beyond `maxWaiting`.
   */
  startPairing(pairing: PairingRecord, maxWaiting: number, nowMs: number): Promise<void>;
  /** Pairings in `awaiting-tap` for this number at this station (live or not: the rules decide). */
  waitingPairings(stationId: string, volunteerId: string): Promise<PairingRecord[]>;
  /** awaiting-tap -> awaiting-confirm for those of `ids` still waiting and live; returns how many moved. */
  offerPairings(ids: readonly string[], offer: { checkinId: string; choices: string[]; expiresAtMs: number }, nowMs: number): Promise<number>;
  /** Ends waiting pairings in a final state (limit, declined, expired, cancelled). */
  settlePairings(ids: readonly string[], state: Exclude<PairingState, 'awaiting-tap' | 'awaiting-confirm' | 'linked'>, nowMs: number): Promise<void>;
  /** The pairings the kiosk was offered for one card tap at one station. */
  pairingsOfferedFor(checkinId: string, stationId: string): Promise<PairingRecord[]>;
  /**
   * One transaction: awaiting-confirm -> linked for `pairingId` (if still so and live),
   * the others of `declineIds` declined, a new binding of the pairing's device to its
   * volunteer (replacing that device's earlier binding), unless the volunteer already
   * has `maxPhones` active ones. Audited as `phone-linked` by `actor`.
   */
  completePairing(input: { pairingId: string; declineIds: readonly string[]; bindingId: string; actor: string; nowMs: number; maxPhones: number }): Promise<CompletePairingOutcome>;
  latestPairingOfDevice(deviceHash: string): Promise<PairingRecord | undefined>;
  cancelPairingsOfDevice(deviceHash: string, nowMs: number): Promise<number>;

  activeBindingOfDevice(deviceHash: string): Promise<BindingRecord | undefined>;
  activeBinding(bindingId: string): Promise<BindingRecord | undefined>;
  /** Active and revoked, newest first: for the manager API. */
  bindingsOfVolunteer(volunteerId: string): Promise<BindingRecord[]>;
  countActiveBindings(volunteerId: string): Promise<number>;
  touchBinding(bindingId: string, nowMs: number): Promise<void>;
  /** The phone unlinks itself; audited. False when it was not active. */
  unlinkBinding(bindingId: string, nowMs: number): Promise<boolean>;
  /** Revokes every active binding of the volunteer; audited (also when there were none). */
  revokeVolunteerBindings(volunteerId: string, actor: string, nowMs: number): Promise<number>;

  /** Adds the passkey and makes it the binding's credential; audited. */
  addPasskey(passkey: PasskeyRecord, nowMs: number): Promise<void>;
  /** The passkey and its binding, if the binding is active. */
  passkeyById(credentialId: string): Promise<{ passkey: PasskeyRecord; binding: BindingRecord } | undefined>;
  passkeysOfBinding(bindingId: string): Promise<PasskeyRecord[]>;
  updatePasskeyCounter(credentialId: string, counter: number): Promise<void>;

  saveChallenge(challenge: ChallengeRecord): Promise<void>;
  /** Removes and returns the challenge if it exists for this purpose and device and is unexpired: each is used once. */
  takeChallenge(challenge: string, purpose: ChallengePurpose, deviceHash: string, nowMs: number): Promise<ChallengeRecord | undefined>;

  attemptCounters(keys: readonly AttemptKey[]): Promise<(AttemptCounter | undefined)[]>;
  /** Counts one failure under every key, atomically; returns the new counters. */
  recordFailedAttempt(keys: readonly AttemptKey[], nowMs: number, rules: AttemptRules): Promise<AttemptCounter[]>;

  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: { volunteerId?: string; limit?: number }): Promise<AuditEntry[]>;

  /** Drops expired challenges, idle counters and pairings settled more than a day ago. */
  prunePhoneState(nowMs: number): Promise<void>;
}
