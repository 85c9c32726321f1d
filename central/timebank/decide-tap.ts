/**
 * The time bank's pairing rule, as a pure function so every store applies it the same way:
 * - no open session: the tap opens one (accepted, direction in);
 * - open session, tap at least minSessionMinutes after its start: the tap closes it
 *   (accepted, direction out, minutes and points);
 * - open session, tap sooner (or earlier than its start, e.g. delivered late): duplicate,
 *   "already checked in at …";
 * - open session whose daily cutoff passed before this tap: that session is auto-closed at
 *   the cutoff with 0 points and flagged for review, and this tap opens a new one.
 */
import type { Result } from '../../shared/index.ts';
import { cutoffAfter, pointsFor, sessionMinutes, type TimeBankRules } from './rules.ts';

export interface OpenSession {
  id: string;
  startedAtMs: number;
}

export interface AutoClose {
  sessionId: string;
  endedAtMs: number;
  minutes: number;
}

export type TapDecision =
  | { kind: 'reject'; reason: string }
  | { kind: 'open'; autoClose?: AutoClose }
  | { kind: 'close'; sessionId: string; startedAtMs: number; minutes: number; points: number }
  | { kind: 'duplicate'; sessionStartedAtMs: number };

export interface TapDecisionInput {
  atMs: number;
  method: 'card' | 'qr';
  volunteerKnown: boolean;
  openSession?: OpenSession;
  rules: TimeBankRules;
}

export function autoCloseFor(session: OpenSession, rules: TimeBankRules): AutoClose {
  const endedAtMs = cutoffAfter(session.startedAtMs, rules);
  return { sessionId: session.id, endedAtMs, minutes: sessionMinutes(session.startedAtMs, endedAtMs) };
}

export function decideTap({ atMs, method, volunteerKnown, openSession, rules }: TapDecisionInput): TapDecision {
  if (!volunteerKnown) return { kind: 'reject', reason: method === 'qr' ? 'unknown-volunteer' : 'unknown-card' };
  if (!openSession) return { kind: 'open' };
  if (atMs >= cutoffAfter(openSession.startedAtMs, rules)) return { kind: 'open', autoClose: autoCloseFor(openSession, rules) };
  const elapsedMs = atMs - openSession.startedAtMs;
  if (elapsedMs < rules.minSessionMinutes * 60_000) return { kind: 'duplicate', sessionStartedAtMs: openSession.startedAtMs };
  const minutes = sessionMinutes(openSession.startedAtMs, atMs);
  return { kind: 'close', sessionId: openSession.id, startedAtMs: openSession.startedAtMs, minutes, points: pointsFor(minutes, rules) };
}

// A type alias, not an interface: Result.volunteer is a loose object (index signature).
export type VolunteerSummary = {
  displayName: string;
  minutesToday: number;
  points: number;
};

/** The Result for a decision; the store adds the volunteer summary after applying it. */
export function resultFor(
  checkInId: string,
  decision: TapDecision,
  nowIso: string,
  method: 'card' | 'qr',
  volunteer: VolunteerSummary | undefined,
): Result {
  const base = { v: 1 as const, id: checkInId, at: nowIso, method };
  switch (decision.kind) {
    case 'reject':
      return { ...base, status: 'rejected', reason: decision.reason };
    case 'open':
      return { ...base, status: 'accepted', direction: 'in', ...(volunteer ? { volunteer } : {}) };
    case 'close':
      return {
        ...base,
        status: 'accepted',
        direction: 'out',
        sessionStartedAt: new Date(decision.startedAtMs).toISOString(),
        sessionMinutes: decision.minutes,
        pointsEarned: decision.points,
        ...(volunteer ? { volunteer } : {}),
      };
    case 'duplicate':
      return {
        ...base,
        status: 'duplicate',
        direction: 'in',
        sessionStartedAt: new Date(decision.sessionStartedAtMs).toISOString(),
        ...(volunteer ? { volunteer } : {}),
      };
  }
}
