/**
 * The volunteers CSV of the contract: header `id,name,cards,phone`; `cards` holds uids
 * separated by `;` (normalised with normaliseCardUid), `phone` is optional. Every bad
 * row is reported by its line number; good rows are still returned.
 */
import { InvalidCardUidError, isValidId, ID_RULE, normaliseCardUid } from '../../shared/index.ts';
import { readCsvRecords, CsvSyntaxError } from './csv-records.ts';

export const VOLUNTEER_CSV_HEADER = ['id', 'name', 'cards', 'phone'] as const;

export interface VolunteerRow {
  line: number;
  id: string;
  name: string;
  cards: string[];
  /** Normalised (`+` and digits) or undefined; hashed before it is stored. */
  phone?: string;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface ParsedVolunteerCsv {
  rows: VolunteerRow[];
  problems: RowProblem[];
}

export function normalisePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s().-]/g, '');
  return /^\+?\d{5,20}$/.test(compact) ? compact : undefined;
}

export function parseVolunteerCsv(text: string): ParsedVolunteerCsv {
  let records;
  try {
    records = readCsvRecords(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { rows: [], problems: [{ line: err.line, message: err.message.replace(/^line \d+: /, '') }] };
    throw err;
  }
  const [header, ...body] = records;
  const expected = VOLUNTEER_CSV_HEADER.join(',');
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== expected) {
    return { rows: [], problems: [{ line: header?.line ?? 1, message: `the header must be exactly "${expected}"` }] };
  }
  const rows: VolunteerRow[] = [];
  const problems: RowProblem[] = [];
  const seenIds = new Map<string, number>();
  const seenCards = new Map<string, number>();
  for (const { line, fields } of body) {
    const rowProblems: string[] = [];
    if (fields.length !== VOLUNTEER_CSV_HEADER.length) {
      problems.push({ line, message: `expected ${VOLUNTEER_CSV_HEADER.length} fields (id,name,cards,phone), found ${fields.length}` });
      continue;
    }
    const [rawId, rawName, rawCards, rawPhone] = fields.map((f) => f.trim()) as [string, string, string, string];
    if (!isValidId(rawId)) rowProblems.push(`id ${JSON.stringify(rawId)} must be ${ID_RULE}`);
    else if (seenIds.has(rawId)) rowProblems.push(`id ${rawId} already appears on line ${seenIds.get(rawId)}`);
    if (rawName === '') rowProblems.push('name must not be empty');
    const cards: string[] = [];
    for (const rawUid of rawCards.split(';').map((u) => u.trim()).filter((u) => u !== '')) {
      try {
        const uid = normaliseCardUid(rawUid);
        const other = seenCards.get(uid);
        if (other !== undefined && other !== line) rowProblems.push(`card …${uid.slice(-4)} already appears on line ${other}`);
        else cards.push(uid);
      } catch (err) {
        if (!(err instanceof InvalidCardUidError)) throw err;
        rowProblems.push(`card ${cards.length + 1}: ${err.message}`);
      }
    }
    const phone = rawPhone === '' ? undefined : normalisePhone(rawPhone);
    if (rawPhone !== '' && phone === undefined) rowProblems.push('phone must be 5 to 20 digits, optionally with a leading +');
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((message) => ({ line, message })));
      continue;
    }
    seenIds.set(rawId, line);
    for (const uid of cards) seenCards.set(uid, line);
    rows.push({ line, id: rawId, name: rawName, cards, ...(phone !== undefined ? { phone } : {}) });
  }
  return { rows, problems };
}
