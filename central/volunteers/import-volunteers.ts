/**
 * `central volunteers import FILE.csv`: parse, hash phones, upsert. Re-importing
 * updates names, phones and cards of the volunteers in the file; volunteers not in
 * the file are left as they are. Bad rows are skipped and reported by line number.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CentralStore, VolunteerRecord } from '../store/central-store.ts';
import { parseVolunteerCsv, type RowProblem } from './volunteer-rows.ts';

const PHONE_KEY_META = 'phone-hash-key';

export interface VolunteerImportReport {
  created: number;
  updated: number;
  problems: RowProblem[];
}

/** The phone hash key lives with the data, so hashes are comparable across imports but useless elsewhere. */
async function phoneHashKey(store: CentralStore): Promise<string> {
  const existing = await store.getMeta(PHONE_KEY_META);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  await store.setMeta(PHONE_KEY_META, key);
  return key;
}

export function hashPhone(key: string, phone: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(phone, 'utf8').digest('hex')}`;
}

export async function importVolunteers(store: CentralStore, csvText: string): Promise<VolunteerImportReport> {
  const { rows, problems } = parseVolunteerCsv(csvText);
  const key = await phoneHashKey(store);
  const records: VolunteerRecord[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    cards: row.cards,
    ...(row.phone !== undefined ? { phoneHash: hashPhone(key, row.phone) } : {}),
  }));
  const report = await store.upsertVolunteers(records);
  const lineOf = new Map(rows.map((r) => [r.id, r.line]));
  const conflictProblems = report.conflicts.map((c) => ({ line: lineOf.get(c.volunteerId) ?? 0, message: c.message }));
  return { created: report.created, updated: report.updated, problems: [...problems, ...conflictProblems].sort((a, b) => a.line - b.line) };
}
