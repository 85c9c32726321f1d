/**
 * Versioned schema of the PostgreSQL store. Table `schema_version` holds the applied
 * version; PgStore.migrate() applies the pending ones under an advisory lock. Append,
 * never edit. Each part of the store keeps its DDL in its own file. Version 1 also
 * creates what later parts reuse: `audit_log` (written through pg-audit.ts) and
 * `vs_refuse_change(message)`, the trigger function of append-only tables.
 */
import { ALERT_ACK_MIGRATION } from '../alert-history.ts';
import { PG_ALERTS_SCHEMA } from './pg-alerts.ts';
import { PG_CORE_SCHEMA } from './pg-core-schema.ts';
import { PG_PHONE_SCHEMA } from './pg-phone-schema.ts';
import { PG_SHOP_SCHEMA } from './pg-shop-schema.ts';
import { PG_LEASES_SCHEMA } from './pg-leases.ts';
import { PG_DESK_SESSIONS_SCHEMA } from './pg-desk-sessions.ts';
import { PG_CONTENT_VERSIONS_SCHEMA } from './pg-content-versions.ts';
import { PG_UPTIME_SCHEMA } from './pg-uptime.ts';
import { PG_ALERT_SUBSCRIPTIONS_SCHEMA } from './pg-alert-subscriptions.ts';
import { PG_PLAY_SCHEMA } from './pg-play.ts';
import { PG_MEDIA_SCHEMA } from './pg-media.ts';

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  { version: 1, description: 'core: volunteers, cards, check-ins, sessions, seq gaps, QR tokens, audit log, points ledger, teams, stars', sql: PG_CORE_SCHEMA },
  { version: 2, description: 'rewards shop (items, redemptions, shop events) and reviews (correction requests, one decision per item)', sql: PG_SHOP_SCHEMA },
  { version: 3, description: 'phone identity: pairings, bindings, passkeys, WebAuthn challenges, attempt counters; signed certificates', sql: PG_PHONE_SCHEMA },
  { version: 4, description: 'time bank: the published activity a phone checked in for, on the session it opened (SQLite migration 10)', sql: 'ALTER TABLE sessions ADD COLUMN activity_id text;' },
  { version: 5, description: 'replicas: leases for the work that runs on one replica at a time (SQLite migration 11)', sql: PG_LEASES_SCHEMA },
  { version: 6, description: 'replicas: the card-only Redemption desk sessions, shared by every replica (SQLite migration 12)', sql: PG_DESK_SESSIONS_SCHEMA },
  { version: 7, description: 'alerts: episodes (one open per alert and device) and the webhook outbox (SQLite migration 13)', sql: PG_ALERTS_SCHEMA },
  { version: 8, description: 'content: every publish of the content file as a version (SQLite migration 14)', sql: PG_CONTENT_VERSIONS_SCHEMA },
  { version: 9, description: 'uptime: every state transition of every station and kiosk (SQLite migration 15)', sql: PG_UPTIME_SCHEMA },
  { version: 10, description: 'alerts: who acknowledged an episode, when, and a note (SQLite migration 16)', sql: ALERT_ACK_MIGRATION },
  { version: 11, description: 'alerts: email subscriptions per manager account, with quiet hours and the last daily digest (SQLite migration 17)', sql: PG_ALERT_SUBSCRIPTIONS_SCHEMA },
  { version: 12, description: 'proof of play: per kiosk and clock hour, the screens and content versions shown (SQLite migration 18)', sql: PG_PLAY_SCHEMA },
  { version: 13, description: 'photos: every width of each uploaded photo, WebP, by media id (SQLite migration 19)', sql: PG_MEDIA_SCHEMA },
];
