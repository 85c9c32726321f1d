/**
 * Volunteer registry writes for the PostgreSQL store, as sqlite-volunteers.ts: upsert by
 * id, cards replaced per volunteer, a card of someone else refuses that row as a whole.
 */
import type pg from 'pg';
import type { VolunteerRecord, VolunteerUpsertReport } from '../central-store.ts';
import { cardConflictMessage } from '../volunteer-rules.ts';
import { inTransaction, type PgTx } from './pg-tx.ts';

async function exists(tx: PgTx, id: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM volunteers WHERE id = $1', [id])).rowCount === 1;
}

async function upsertOne(tx: PgTx, volunteer: VolunteerRecord, nowIso: string, report: VolunteerUpsertReport): Promise<void> {
  const uids = [...new Set(volunteer.cards)];
  const owners = await tx.query<{ uid: string; volunteer_id: string }>('SELECT uid, volunteer_id FROM cards WHERE uid = ANY($1::text[]) AND volunteer_id <> $2', [uids, volunteer.id]);
  const taken = volunteer.cards.find((uid) => owners.rows.some((o) => o.uid === uid));
  if (taken) {
    report.conflicts.push({ volunteerId: volunteer.id, message: cardConflictMessage(taken, owners.rows.find((o) => o.uid === taken)!.volunteer_id) });
    return;
  }
  const inserted = await tx.query('INSERT INTO volunteers (id, name, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [volunteer.id, volunteer.name, nowIso]);
  if (inserted.rowCount === 1) report.created++;
  else {
    await tx.query('UPDATE volunteers SET name = $2, updated_at = $3 WHERE id = $1', [volunteer.id, volunteer.name, nowIso]);
    report.updated++;
  }
  await tx.query('DELETE FROM cards WHERE volunteer_id = $1', [volunteer.id]);
  if (uids.length > 0) await tx.query('INSERT INTO cards (uid, volunteer_id) SELECT unnest($1::text[]), $2', [uids, volunteer.id]);
  if (volunteer.teamId !== undefined) {
    if (volunteer.teamId !== null) await tx.query('INSERT INTO teams (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [volunteer.teamId]);
    await tx.query('UPDATE volunteers SET team_id = $2 WHERE id = $1', [volunteer.id, volunteer.teamId]);
  }
}

export function createPgVolunteerWriter(pool: pg.Pool) {
  return {
    upsert: (volunteers: readonly VolunteerRecord[], nowIso: string): Promise<VolunteerUpsertReport> =>
      inTransaction(pool, async (tx) => {
        const report: VolunteerUpsertReport = { created: 0, updated: 0, conflicts: [] };
        // Cards move between volunteers within one import: release every imported volunteer's cards first.
        for (const volunteer of volunteers) if (await exists(tx, volunteer.id)) await tx.query('DELETE FROM cards WHERE volunteer_id = $1', [volunteer.id]);
        for (const volunteer of volunteers) await upsertOne(tx, volunteer, nowIso, report);
        return report;
      }),
    find: async (id: string): Promise<VolunteerRecord | undefined> => {
      const { rows } = await pool.query<{ id: string; name: string; team_id: string | null }>('SELECT id, name, team_id FROM volunteers WHERE id = $1', [id]);
      const row = rows[0];
      if (!row) return undefined;
      const cards = (await pool.query<{ uid: string }>('SELECT uid FROM cards WHERE volunteer_id = $1 ORDER BY uid', [id])).rows.map((c) => c.uid);
      return { id: row.id, name: row.name, cards, ...(row.team_id !== null ? { teamId: row.team_id } : {}) };
    },
  };
}
