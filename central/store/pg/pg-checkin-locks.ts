/**
 * The row locks that let a batch of check-ins run at READ COMMITTED instead of
 * SERIALIZABLE (pg-store.ts `recordCheckIns`, docs/architecture.md "Isolation").
 *
 * Every rule of recording a check-in reads and writes rows of one volunteer (open
 * session, ledger balance, stars) or of one station (`station_seq`, `seq_gaps`). Before
 * it reads anything, a batch locks all its volunteers' rows and then all its stations'
 * `station_seq` rows, each set sorted by id. Two replicas' batches that share a
 * volunteer or a station therefore queue on the first shared row, in the same order,
 * instead of both reading and one being rolled back (40001) and redone whole; and no
 * two batches can wait for each other (no deadlock). A SERIALIZABLE writer elsewhere
 * (redemption, review, auto-close) that updates a row this batch changed still fails
 * with 40001 and is retried on the new values.
 */
import type { CheckInRequest } from '../central-store.ts';
import type { PgTx } from './pg-tx.ts';

export async function lockCheckInRows(tx: PgTx, requests: readonly CheckInRequest[]): Promise<void> {
  const cardUids = [...new Set(requests.flatMap((r) => (r.method === 'card' && r.rejectReason === undefined ? [r.cardUid] : [])))];
  const volunteerIds = [...new Set(requests.flatMap((r) => (r.method === 'qr' && r.rejectReason === undefined ? [r.volunteerId] : [])))];
  if (cardUids.length > 0 || volunteerIds.length > 0) {
    // FOR UPDATE after ORDER BY locks the rows in that order (the lock step runs on sorted rows).
    await tx.query('SELECT v.id FROM volunteers v WHERE v.id IN (SELECT c.volunteer_id FROM cards c WHERE c.uid = ANY($1::text[])) OR v.id = ANY($2::text[]) ORDER BY v.id FOR UPDATE', [
      cardUids,
      volunteerIds,
    ]);
  }
  const stationIds = [...new Set(requests.map((r) => r.stationId))].sort();
  // One statement, sorted: creates a station's row if it is new (max_seq 0 is what a missing
  // row means) and locks existing ones; a concurrent first insert of the same station waits.
  // The empty last_checkin_at is replaced by this batch's own trackSeq before it commits.
  await tx.query(
    `INSERT INTO station_seq (station_id, max_seq, last_checkin_at) SELECT s, 0, '' FROM unnest($1::text[]) AS s ORDER BY s
     ON CONFLICT (station_id) DO UPDATE SET max_seq = station_seq.max_seq`,
    [stationIds],
  );
}
