/**
 * The card-only Redemption desk's sessions (central/shop/desk-sessions.ts), in the store
 * so every replica sees them: staff may open the desk on one replica, the card tap and
 * the kiosk's answer reach whichever replica the broker picks, and the desk page's
 * polls whichever the load balancer picks. Each change is a compare-and-set on the
 * session's state, so of two replicas handling the same tap or answer exactly one
 * moves the session on.
 */
import type { LocalizedText } from '../../shared/index.ts';
import type { Redemption, ShopRefusal } from './shop-store.ts';

export type DeskSessionState = 'waiting-tap' | 'identified' | 'prompted' | 'redeemed' | 'declined' | 'expired' | 'refused' | 'closed';

export const OPEN_DESK_STATES: readonly DeskSessionState[] = ['waiting-tap', 'identified', 'prompted'];

export interface DeskSession {
  id: string;
  requestId: string;
  stationId: string;
  siteId: string;
  state: DeskSessionState;
  openedBy: string;
  openedAtMs: number;
  /** Of the current phase: the tap wait, the pick, or the kiosk's answer. */
  expiresAtMs: number;
  checkinId?: string;
  volunteer?: { id: string; displayName: string; balance: number; star: number };
  offer?: { itemId: string; item: LocalizedText; price: number; requestId: string };
  receipt?: Redemption;
  refusal?: ShopRefusal;
  settledAtMs?: number;
}

export interface DeskSessionStore {
  /** Stores a new session; when its request id is already stored, returns that session instead (created false). */
  openDeskSession(session: DeskSession): Promise<{ session: DeskSession; created: boolean }>;
  deskSession(id: string): Promise<DeskSession | undefined>;
  /** The station's sessions in one of `states`, oldest first. */
  deskSessionsAt(stationId: string, states: readonly DeskSessionState[]): Promise<DeskSession[]>;
  /** The session a tap (check-in id) identified at this station. */
  deskSessionOfCheckin(stationId: string, checkinId: string): Promise<DeskSession | undefined>;
  /** Open sessions whose phase ran out by `nowMs`. */
  dueDeskSessions(nowMs: number): Promise<DeskSession[]>;
  /** Writes `session` only if the stored one is still in `expected` state; true when written. */
  updateDeskSession(session: DeskSession, expected: DeskSessionState): Promise<boolean>;
  /** Drops sessions settled before `beforeMs`. */
  pruneDeskSessions(beforeMs: number): Promise<void>;
}

/** The columns both stores keep; the whole session is also kept as JSON in `data`. */
export interface DeskSessionRow {
  data: string;
}

export function deskSessionOf(row: DeskSessionRow): DeskSession {
  return JSON.parse(row.data) as DeskSession;
}

export function deskSessionParams(session: DeskSession): [string, string, string, string, string | null, number, number | null, string] {
  return [session.id, session.requestId, session.stationId, session.state, session.checkinId ?? null, session.expiresAtMs, session.settledAtMs ?? null, JSON.stringify(session)];
}

/** The table, the same in both stores but for the integer type. */
export function deskSessionsSchema(bigint: string): string {
  return `
    CREATE TABLE desk_sessions (
      id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL UNIQUE,
      station_id TEXT NOT NULL,
      state TEXT NOT NULL,
      checkin_id TEXT,
      expires_at_ms ${bigint} NOT NULL,
      settled_at_ms ${bigint},
      data TEXT NOT NULL
    );
    CREATE INDEX desk_sessions_by_station ON desk_sessions(station_id, state);
    CREATE INDEX desk_sessions_by_expiry ON desk_sessions(expires_at_ms);
  `;
}
