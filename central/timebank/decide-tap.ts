/**
 * The time bank's pairing rule, as a pure function so every store applies it the same way:
 * - no open session: the tap opens one (accepted, direction in);
 * - open session, tap at least minSessionMinutes after its start: the tap closes it
 *   (accepted, direction out, minutes and points);
 * - open session, tap sooner (or up to CLOCK_TOLERANCE_MS earlier than its start, as two
 *   stations' clocks may differ that much): duplicate, "already checked in at …";
 * - open session, tap dated more than CLOCK_TOLERANCE_MS before its start: a duplicate
 *   that holds the session for review (`before-session-start`): one of the two times is wrong;
 * - open session already held for review: the tap closes it, crediting nothing (a
 *   manager credits it in the review);
 * - open session whose daily cutoff passed before this tap: that session is auto-closed at
 *   the cutoff with 0 points and flagged for review, and this tap opens a new one.
 * Which times central trusts at all is decided before this, in trusted-time.ts.
 */
import type { Result, ReviewReason, ServiceCategoryId } from '../../shared/index.ts';
import { cutoffAfter, sessionMinutes, sessionPoints, type TimeBankRules } from './rules.ts';

/** How far two honest clocks may disagree: also how far ahead of central a CheckIn may be (trusted-time.ts). */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export interface OpenSession {
  id: string;
  startedAtMs: number;
  /** Set when the session already waits for a manager; a tap can then no longer credit it. */
  reviewReason?: ReviewReason;
  /** Protocol v2: its service category, for the category's points weight; absent: the default. */
  category?: ServiceCategoryId;
}

export interface AutoClose {
  sessionId: string;
  endedAtMs: number;
  minutes: number;
}

/** `review`: the session this tap opens, closes or touches waits for a manager, for that reason. */
export type TapDecision =
  | { kind: 'reject'; reason: string }
  | { kind: 'open'; autoClose?: AutoClose; review?: ReviewReason }
  | { kind: 'close'; sessionId: string; startedAtMs: number; minutes: number; points: number; review?: ReviewReason }
  | { kind: 'duplicate'; sessionId: string; sessionStartedAtMs: number; review?: ReviewReason };

export interface TapDecisionInput {
  atMs: number;
  method: 'card' | 'qr';
  volunteerKnown: boolean;
  openSession?: OpenSession;
  rules: TimeBankRules;
}

/** A session held for a clock reason credits no minutes either: its start is not trusted. */
export function autoCloseFor(session: OpenSession, rules: TimeBankRules): AutoClose {
  const endedAtMs = cutoffAfter(session.startedAtMs, rules);
  return { sessionId: session.id, endedAtMs, minutes: session.reviewReason ? 0 : sessionMinutes(session.startedAtMs, endedAtMs) };
}

export function decideTap({ atMs, method, volunteerKnown, openSession, rules }: TapDecisionInput): TapDecision {
  if (!volunteerKnown) return { kind: 'reject', reason: method === 'qr' ? 'unknown-volunteer' : 'unknown-card' };
  if (!openSession) return { kind: 'open' };
  const { id: sessionId, startedAtMs, reviewReason } = openSession;
  if (atMs >= cutoffAfter(startedAtMs, rules)) return { kind: 'open', autoClose: autoCloseFor(openSession, rules) };
  const elapsedMs = atMs - startedAtMs;
  if (elapsedMs < -CLOCK_TOLERANCE_MS) return { kind: 'duplicate', sessionId, sessionStartedAtMs: startedAtMs, review: 'before-session-start' };
  if (elapsedMs < rules.minSessionMinutes * 60_000) return { kind: 'duplicate', sessionId, sessionStartedAtMs: startedAtMs, ...(reviewReason ? { review: reviewReason } : {}) };
  if (reviewReason) return { kind: 'close', sessionId, startedAtMs, minutes: 0, points: 0, review: reviewReason };
  const minutes = sessionMinutes(startedAtMs, atMs);
  return { kind: 'close', sessionId, startedAtMs, minutes, points: sessionPoints(minutes, openSession.category, rules) };
}

// A type alias, not an interface: Result.volunteer is a loose object (index signature).
export type VolunteerSummary = {
  displayName: string;
  minutesToday: number;
  points: number;
  /** Protocol v2: the awarded star, 1–5; absent for none. */
  star?: number;
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
  if (decision.kind === 'reject') return { ...base, status: 'rejected', reason: decision.reason };
  const held = { ...(decision.review ? { reviewReason: decision.review } : {}), ...(volunteer ? { volunteer } : {}) };
  switch (decision.kind) {
    case 'open':
      return { ...base, status: 'accepted', direction: 'in', ...held };
    case 'close':
      return {
        ...base,
        status: 'accepted',
        direction: 'out',
        sessionStartedAt: new Date(decision.startedAtMs).toISOString(),
        sessionMinutes: decision.minutes,
        pointsEarned: decision.points,
        ...held,
      };
    case 'duplicate':
      return {
        ...base,
        status: 'duplicate',
        direction: 'in',
        sessionStartedAt: new Date(decision.sessionStartedAtMs).toISOString(),
        ...held,
      };
  }
}
