/** Volunteer registry writes for the SQLite store: upsert by id, cards replaced per volunteer. */
import type Database from 'better-sqlite3';
import type { VolunteerRecord, VolunteerUpsertReport } from './central-store.ts';
import { cardConflictMessage } from './volunteer-rules.ts';

export function createVolunteerWriter(db: Database.Database) {
  const s = {
    find: db.prepare<[string], { id: string; name: string; team_id: string | null }>('SELECT id, name, team_id FROM volunteers WHERE id = ?'),
    ensureTeam: db.prepare('INSERT OR IGNORE INTO teams (id, name) VALUES (?, ?)'),
    setTeam: db.prepare('UPDATE volunteers SET team_id = ? WHERE id = ?'),
    cardsOf: db.prepare<[string], { uid: string }>('SELECT uid FROM cards WHERE volunteer_id = ? ORDER BY uid'),
    cardOwner: db.prepare<[string], { volunteer_id: string }>('SELECT volunteer_id FROM cards WHERE uid = ?'),
    insert: db.prepare('INSERT INTO volunteers (id, name, updated_at) VALUES (?, ?, ?)'),
    update: db.prepare('UPDATE volunteers SET name = ?, updated_at = ? WHERE id = ?'),
    dropCards: db.prepare('DELETE FROM cards WHERE volunteer_id = ?'),
    addCard: db.prepare('INSERT INTO cards (uid, volunteer_id) VALUES (?, ?)'),
  };

  function upsertOne(volunteer: VolunteerRecord, nowIso: string, report: VolunteerUpsertReport): void {
    const taken = volunteer.cards.find((uid) => {
      const owner = s.cardOwner.get(uid);
      return owner !== undefined && owner.volunteer_id !== volunteer.id;
    });
    if (taken) {
      report.conflicts.push({ volunteerId: volunteer.id, message: cardConflictMessage(taken, s.cardOwner.get(taken)!.volunteer_id) });
      return;
    }
    if (s.find.get(volunteer.id)) {
      s.update.run(volunteer.name, nowIso, volunteer.id);
      report.updated++;
    } else {
      s.insert.run(volunteer.id, volunteer.name, nowIso);
      report.created++;
    }
    s.dropCards.run(volunteer.id);
    for (const uid of new Set(volunteer.cards)) s.addCard.run(uid, volunteer.id);
    if (volunteer.teamId !== undefined) {
      if (volunteer.teamId !== null) s.ensureTeam.run(volunteer.teamId, volunteer.teamId);
      s.setTeam.run(volunteer.teamId, volunteer.id);
    }
  }

  return {
    upsert(volunteers: readonly VolunteerRecord[], nowIso: string): VolunteerUpsertReport {
      const report: VolunteerUpsertReport = { created: 0, updated: 0, conflicts: [] };
      // Cards move between volunteers within one import: release every imported volunteer's cards first.
      db.transaction(() => {
        for (const volunteer of volunteers) if (s.find.get(volunteer.id)) s.dropCards.run(volunteer.id);
        for (const volunteer of volunteers) upsertOne(volunteer, nowIso, report);
      }).immediate();
      return report;
    },
    find(id: string): VolunteerRecord | undefined {
      const row = s.find.get(id);
      if (!row) return undefined;
      const cards = s.cardsOf.all(id).map((c) => c.uid);
      return { id: row.id, name: row.name, cards, ...(row.team_id !== null ? { teamId: row.team_id } : {}) };
    },
  };
}
