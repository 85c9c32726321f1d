/**
 * `central volunteers import FILE.csv`: parse, upsert. Re-importing updates names and
 * cards of the volunteers in the file; volunteers not in the file are left as they are.
 * Bad rows are skipped and reported by line number. Phone numbers are not stored at all
 * (nothing reads them); a filled-in `phone` column is reported as ignored.
 */
import type { CentralStore, VolunteerRecord } from '../store/central-store.ts';
import { parseVolunteerCsv, type RowProblem } from './volunteer-rows.ts';

export interface VolunteerImportReport {
  created: number;
  updated: number;
  problems: RowProblem[];
  /** What the operator should know that is not a problem, e.g. ignored phone numbers. */
  notes: string[];
}

export async function importVolunteers(store: CentralStore, csvText: string): Promise<VolunteerImportReport> {
  const { rows, problems, phonesIgnored } = parseVolunteerCsv(csvText);
  const records: VolunteerRecord[] = rows.map((row) => ({ id: row.id, name: row.name, cards: row.cards, ...(row.teamId !== undefined ? { teamId: row.teamId } : {}) }));
  const report = await store.upsertVolunteers(records);
  const lineOf = new Map(rows.map((r) => [r.id, r.line]));
  const conflictProblems = report.conflicts.map((c) => ({ line: lineOf.get(c.volunteerId) ?? 0, message: c.message }));
  const notes =
    phonesIgnored > 0 ? [`the phone column was ignored on ${phonesIgnored} row(s): central does not store phone numbers; the column can be left out`] : [];
  return { created: report.created, updated: report.updated, problems: [...problems, ...conflictProblems].sort((a, b) => a.line - b.line), notes };
}
