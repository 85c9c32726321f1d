/**
 * Protocol v2 §Time bank: the volunteer's own record on a linked phone (爱心存折),
 * `GET /phone/api/passbook`, and `POST /phone/api/stars/apply`. Hours are minutes of
 * credited service; points are the ledger's balance and entries, newest first.
 */
import type { LocalizedText } from '../schema-kit.ts';
import type { ServiceCategoryId } from '../timebank/categories.ts';

export type PassbookEntryKind = 'earned' | 'adjusted' | 'redeemed' | 'reversed' | 'expired';

export interface PassbookEntry {
  id: number;
  kind: PassbookEntryKind;
  /** Signed. */
  points: number;
  balanceAfter: number;
  at: string;
  /** A manager's reason (adjusted, reversed) or why points expired. */
  reason?: string;
}

export interface PassbookStar {
  /** The awarded star, 0 (none) to 5. */
  awarded: number;
  /** The star the hours reach; above `awarded` in `apply` mode until a manager approves. */
  reached: number;
  mode: 'apply' | 'auto';
  /** Absent at 5 stars. */
  next?: { star: number; thresholdHours: number; hoursToGo: number };
  /** The star this volunteer may apply for now; absent when none or an application is pending. */
  eligibleStar?: number;
  pendingApplication?: { id: string; star: number; appliedAt: string };
  /** The latest decided application, so a decline's reason reaches the volunteer. */
  lastDecision?: { star: number; status: 'approved' | 'declined'; decidedAt: string; reason?: string };
}

export interface PassbookSession {
  id: string;
  stationId: string;
  stationName: LocalizedText;
  category: ServiceCategoryId;
  categoryLabel: LocalizedText;
  localDate: string;
  startedAt: string;
  endedAt?: string;
  minutes?: number;
  points?: number;
  /** Waits for a manager (e.g. auto-closed at the cutoff): not counted in the hours yet. */
  needsReview: boolean;
}

export interface PassbookReply {
  volunteerId: string;
  displayName: string;
  hours: {
    totalMinutes: number;
    sessions: number;
    byCategory: { category: ServiceCategoryId; label: LocalizedText; minutes: number; sessions: number }[];
    /** Local months `YYYY-MM`, newest first. */
    byMonth: { month: string; minutes: number; sessions: number }[];
  };
  points: { balance: number; entries: PassbookEntry[]; nextBeforeId?: number };
  star: PassbookStar;
  recentSessions: PassbookSession[];
}

export interface StarApplyReply {
  ok: true;
  application: { id: string; star: number; appliedAt: string; status: 'pending' };
  repeated: boolean;
  message: LocalizedText;
}
