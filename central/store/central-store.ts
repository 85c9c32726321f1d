/**
 * The storage interface of the central service. SQLite implements it for one box;
 * a PostgreSQL implementation for a city-wide deployment must pass the same contract
 * suite (test/central/store/store-contract.ts). Every method is async for that reason.
 */
import type { Result, ReviewReason, ServiceCategoryId } from '../../shared/index.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { LedgerStore } from './ledger-store.ts';
import type { CertificateStore } from './certificate-store.ts';
import type { ReportStore } from './report-store.ts';
import type { BankStore } from './bank-store.ts';
import type { PhoneBindingStore } from './phone-binding-store.ts';
import type { ReviewStore } from './review-store.ts';
import type { ShopStore } from './shop-store.ts';
import type { DeskSessionStore } from './desk-session-store.ts';
import type { LeaseStore } from './lease-store.ts';
import type { AlertStore } from './alert-store.ts';
import type { ContentVersionStore } from './content-version-store.ts';
import type { UptimeStore } from './uptime-store.ts';
import type { AlertSubscriptionStore } from './alert-subscription-store.ts';
import type { PlayStore } from './play-store.ts';
import type { MediaStore } from './media-store.ts';

interface CheckInRequestBase {
  id: string;
  stationId: string;
  /** Set when the request is refused before the time bank sees it, e.g. `unknown-station`. */
  rejectReason?: string;
  /** ISO time of the tap (station clock) or of the phone's POST (server clock). */
  at: string;
}

/** A card tap from MQTT: the normalised uid and the station's seq, as protocol v1 CheckIn carries them. */
export interface CardCheckInRequest extends CheckInRequestBase {
  method: 'card';
  cardUid: string;
  seq: number;
}

/** A phone QR check-in: the volunteer number typed on the phone, and the token, accepted once per volunteer. */
export interface QrCheckInRequest extends CheckInRequestBase {
  method: 'qr';
  volunteerId: string;
  qrToken: string;
  /** Protocol v2: the activity checked in for, already checked against the published ones; a session this opens takes its category. */
  activity?: { id: string; category: ServiceCategoryId };
}

/** A check-in ready to be recorded; `method` says which fields it has. */
export type CheckInRequest = CardCheckInRequest | QrCheckInRequest;

export interface SeqGap {
  stationId: string;
  /** First and last missing seq, inclusive. */
  fromSeq: number;
  toSeq: number;
  detectedAt: string;
}

export type RecordOutcome =
  /** `repeated`: the id was recorded before; `result` is the stored one, unchanged. */
  | { kind: 'recorded'; result: Result; repeated: boolean; newGap?: SeqGap }
  /** QR only: this volunteer already used this token. Nothing was recorded. */
  | { kind: 'token-replayed' };

export interface VolunteerRecord {
  id: string;
  name: string;
  cards: string[];
  /** Protocol v2: the volunteer's team; on upsert, undefined leaves it, null clears it. A new team id creates the team (named by its id). */
  teamId?: string | null;
}

export interface VolunteerUpsertReport {
  created: number;
  updated: number;
  /** Rows refused as a whole, e.g. a card that belongs to another volunteer. */
  conflicts: { volunteerId: string; message: string }[];
}

export interface SessionRecord {
  id: string;
  volunteerId: string;
  volunteerName: string;
  stationId: string;
  /** Local calendar date of the start, in the time bank's zone. */
  localDate: string;
  startedAt: string;
  endedAt?: string;
  minutes?: number;
  points?: number;
  /** `clock-rule`: closed by migration 2, which found it opened in the future (see REVIEW_REASONS). */
  closedBy?: 'tap' | 'auto-cutoff' | 'clock-rule' | 'correction';
  needsReview: boolean;
  /** Why it waits for a manager, in the order raised (protocol v2); absent when it does not. */
  reviewReasons?: ReviewReason[];
  openCheckInId: string;
  closeCheckInId?: string;
}

export interface SessionQuery {
  /** Inclusive local dates `YYYY-MM-DD`. */
  fromDate: string;
  toDate: string;
  volunteerId?: string;
  stationId?: string;
}

export interface StationActivity {
  stationId: string;
  lastCheckInAt: string;
  maxSeq: number;
}

export interface CentralStore {
  /** Applies pending migrations; returns the schema version. */
  migrate(): Promise<number>;
  close(): Promise<void>;
  /**
   * Records each request exactly once per id and returns one outcome per request, in
   * order. A batch is one transaction. `nowIso` becomes Result.at for new records.
   */
  recordCheckIns(requests: readonly CheckInRequest[], rules: TimeBankRules, nowIso: string): Promise<RecordOutcome[]>;
  /** Closes open sessions whose daily cutoff is at or before `nowMs`; returns how many. */
  autoCloseDueSessions(rules: TimeBankRules, nowMs: number): Promise<number>;
  upsertVolunteers(volunteers: readonly VolunteerRecord[]): Promise<VolunteerUpsertReport>;
  findVolunteer(id: string): Promise<VolunteerRecord | undefined>;
  listSessions(query: SessionQuery): Promise<SessionRecord[]>;
  listSeqGaps(stationId?: string): Promise<SeqGap[]>;
  listStationActivity(): Promise<StationActivity[]>;
  /** Small key/value settings kept with the data; never keys that protect other data in it. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Phones linked to volunteers, pairings, attempt counters and the audit log; ready after migrate(). */
  readonly phone: PhoneBindingStore;
  /** The append-only points ledger (ledger-store.ts); ready after migrate(). */
  readonly ledger: LedgerStore;
  /** The review queue: held sessions and volunteers' corrections, decided once (review-store.ts). */
  readonly reviews: ReviewStore;
  /** Signed service certificates (certificate-store.ts); ready after migrate(). */
  readonly certificates: CertificateStore;
  /** The programme's figures by month, site, category and team (report-store.ts); ready after migrate(). */
  readonly reports: ReportStore;
  /** Service record, stars and teams (bank-store.ts); ready after migrate(). */
  readonly bank: BankStore;
  /** The rewards shop: catalogue, stock, reservations and redemptions (shop-store.ts); ready after migrate(). */
  readonly shop: ShopStore;
  /** Leases for the work that runs on one replica at a time (lease-store.ts); ready after migrate(). */
  readonly leases: LeaseStore;
  /** The card-only Redemption desk's sessions, shared by replicas (desk-session-store.ts); ready after migrate(). */
  readonly desk: DeskSessionStore;
  /** Alert episodes and their webhook outbox (alert-store.ts); ready after migrate(). */
  readonly alerts: AlertStore;
  /** Every publish of the whole content file (content-version-store.ts); ready after migrate(). */
  readonly contentVersions: ContentVersionStore;
  /** Every state transition of every station and kiosk (uptime-store.ts); ready after migrate(). */
  readonly uptime: UptimeStore;
  /** Alert email subscriptions and their last digests (alert-subscription-store.ts); ready after migrate(). */
  readonly alertSubscriptions: AlertSubscriptionStore;
  /** Proof of play: per kiosk and hour, what it showed (play-store.ts); ready after migrate(). */
  readonly play: PlayStore;
  /** Photos, every width of each upload, by media id (media-store.ts); ready after migrate(). */
  readonly media: MediaStore;
}
