/**
 * The volunteers CSV of the contract: header `id,name,cards`, then optionally `phone`
 * and (protocol v2) `team`, in either order;
 * `cards` holds uids separated by `;` (normalised with normaliseCardUid). The `phone`
 * column is accepted and ignored: nothing in central reads phone numbers, so none are
 * stored (protocol v2). `team` holds a team id (empty: no team); names and leaders of
 * teams come from `central teams import`. Every bad row is reported by its line number; good rows are
 * still returned.
 */
import { InvalidCardUidError, isValidId, ID_RULE, normaliseCardUid } from '../../shared/index.ts';
import { readCsvRecords, CsvSyntaxError } from './csv-records.ts';

export const VOLUNTEER_CSV_HEADER = ['id', 'name', 'cards'] as const;
/** The header of v1 files, whose last column central now ignores. */
export const VOLUNTEER_CSV_HEADER_WITH_PHONE = [...VOLUNTEER_CSV_HEADER, 'phone'] as const;

export interface VolunteerRow {
  line: number;
  id: string;
  name: string;
  cards: string[];
  /** Only when the file has a `team` column: the team id, or null for none. */
  teamId?: string | null;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface ParsedVolunteerCsv {
  rows: VolunteerRow[];
  problems: RowProblem[];
  /** Rows whose `phone` field was filled in and dropped unread. */
  phonesIgnored: number;
}

export function parseVolunteerCsv(text: string): ParsedVolunteerCsv {
  let records;
  try {
    records = readCsvRecords(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { rows: [], problems: [{ line: err.line, message: err.message.replace(/^line \d+: /, '') }], phonesIgnored: 0 };
    throw err;
  }
  const [header, ...body] = records;
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const extra = columns.slice(VOLUNTEER_CSV_HEADER.length);
  const headerOk =
    VOLUNTEER_CSV_HEADER.every((name, i) => columns[i] === name) && extra.every((name) => name === 'phone' || name === 'team') && new Set(extra).size === extra.length;
  if (!header || !headerOk) {
    const message = `the header must be exactly "${VOLUNTEER_CSV_HEADER.join(',')}", optionally followed by "phone" (ignored) and "team" (protocol v2), e.g. "${VOLUNTEER_CSV_HEADER_WITH_PHONE.join(',')},team"`;
    return { rows: [], problems: [{ line: header?.line ?? 1, message }], phonesIgnored: 0 };
  }
  const rows: VolunteerRow[] = [];
  const problems: RowProblem[] = [];
  let phonesIgnored = 0;
  const seenIds = new Map<string, number>();
  const seenCards = new Map<string, number>();
  for (const { line, fields } of body) {
    const rowProblems: string[] = [];
    if (fields.length !== columns.length) {
      problems.push({ line, message: `expected ${columns.length} fields (${columns.join(',')}), found ${fields.length}` });
      continue;
    }
    const trimmed = fields.map((f) => f.trim());
    const [rawId, rawName, rawCards] = trimmed as [string, string, string];
    const rawPhone = columns.includes('phone') ? trimmed[columns.indexOf('phone')]! : '';
    const rawTeam = columns.includes('team') ? trimmed[columns.indexOf('team')]! : undefined;
    if (rawTeam !== undefined && rawTeam !== '' && !isValidId(rawTeam)) rowProblems.push(`team ${JSON.stringify(rawTeam)} must be ${ID_RULE}`);
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
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((message) => ({ line, message })));
      continue;
    }
    if (rawPhone !== '') phonesIgnored++;
    seenIds.set(rawId, line);
    for (const uid of cards) seenCards.set(uid, line);
    rows.push({ line, id: rawId, name: rawName, cards, ...(rawTeam !== undefined ? { teamId: rawTeam === '' ? null : rawTeam } : {}) });
  }
  return { rows, problems, phonesIgnored };
}
