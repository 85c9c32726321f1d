/**
 * The messages between the console page and its fleet worker. The worker owns the
 * MQTT connection, validates every payload with the shared schemas and indexes the
 * fleet; the page keeps the words (errors and alerts follow the page's language) and
 * renders once per frame. Every message from the worker carries the sign-in `session`
 * it belongs to, so nothing from a previous sign-in lands after a reset.
 */
import type { ScreenshotReply } from '../../shared/index.ts';
import type { KioskRecord, StationRecord } from '../data/fleet-state.ts';

export interface SignInRequest {
  url: string;
  username: string;
  password: string;
}

export type LinkFailureCode = 'BAD_LOGIN' | 'UNREACHABLE' | 'BAD_URL' | 'NOT_ALLOWED';
export type PublishFailureCode = 'NOT_CONNECTED' | 'REFUSED';

/**
 * Protocol v2: central's `GET /api/fleet`, read alongside the broker's retained statuses
 * so the fleet shows in one answer instead of after thousands of messages.
 */
export interface FleetSnapshotRequest {
  url: string;
  /** HTTP Basic, from the sign-in's name and password. */
  authorization: string;
}

export type ToFleetWorker =
  | { type: 'sign-in'; session: number; request: SignInRequest; clientId: string; topicRoot: string; required: string[]; optional: string[]; snapshot?: FleetSnapshotRequest }
  | { type: 'sign-out'; session: number }
  | { type: 'publish'; session: number; id: number; topic: string; payload: string };

/** What changed since the last batch: whole records, so the page only copies them in. */
export interface FleetBatch {
  stations: StationRecord[];
  kiosks: KioskRecord[];
  forgottenStations: string[];
  forgottenKiosks: string[];
  invalidCount: number;
  /** The first few reasons of this batch, for the devtools console; the count is exact. */
  invalidReasons: string[];
}

export type FromFleetWorker =
  | { type: 'signed-in'; session: number }
  | { type: 'sign-in-failed'; session: number; code: LinkFailureCode; detail: string }
  | { type: 'connection'; session: number; state: 'connected' | 'reconnecting' }
  | { type: 'subscriptions-refused'; session: number; filters: string[] }
  | { type: 'published'; session: number; id: number; error?: { code: PublishFailureCode; detail: string } }
  | { type: 'fleet'; session: number; batch: FleetBatch }
  /** Protocol v2: a station's answer to a screenshot command, validated. */
  | { type: 'screenshot'; session: number; reply: ScreenshotReply }
  | { type: 'warning'; session: number; text: string };
