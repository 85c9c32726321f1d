/**
 * `central teams import FILE.csv` (protocol v2): the teams volunteers belong to, header
 * `id,name,leader`; `leader` is a volunteer id or empty. Re-importing updates names and
 * leaders; teams not in the file are left as they are. Volunteers join a team through
 * the `team` column of the volunteers CSV (a team id not imported here is created,
 * named by its id, and takes its name when this file is imported).
 */
import { ID_RULE, isValidId } from '../../shared/index.ts';
import type { TeamRecord } from '../store/bank-store.ts';
import type { CentralStore } from '../store/central-store.ts';
import { CsvSyntaxError, readCsvRecords } from './csv-records.ts';
import type { RowProblem } from './volunteer-rows.ts';

export const TEAM_CSV_HEADER = ['id', 'name', 'leader'] as const;

export function parseTeamCsv(text: string): { teams: (TeamRecord & { line: number })[]; problems: RowProblem[] } {
  let records;
  try {
    records = readCsvRecords(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { teams: [], problems: [{ line: err.line, message: err.message.replace(/^line \d+: /, '') }] };
    throw err;
  }
  const [header, ...body] = records;
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== TEAM_CSV_HEADER.join(',')) {
    return { teams: [], problems: [{ line: header?.line ?? 1, message: `the header must be exactly "${TEAM_CSV_HEADER.join(',')}"` }] };
  }
  const teams: (TeamRecord & { line: number })[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of body) {
    if (fields.length !== TEAM_CSV_HEADER.length) {
      problems.push({ line, message: `expected ${TEAM_CSV_HEADER.length} fields (${TEAM_CSV_HEADER.join(',')}), found ${fields.length}` });
      continue;
    }
    const [id, name, leader] = fields.map((f) => f.trim()) as [string, string, string];
    const rowProblems: string[] = [];
    if (!isValidId(id)) rowProblems.push(`id ${JSON.stringify(id)} must be ${ID_RULE}`);
    else if (seen.has(id)) rowProblems.push(`id ${id} already appears on line ${seen.get(id)}`);
    if (name === '') rowProblems.push('name must not be empty');
    if (leader !== '' && !isValidId(leader)) rowProblems.push(`leader ${JSON.stringify(leader)} must be a volunteer id (${ID_RULE}) or empty`);
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((message) => ({ line, message })));
      continue;
    }
    seen.set(id, line);
    teams.push({ line, id, name, ...(leader !== '' ? { leaderVolunteerId: leader } : {}) });
  }
  return { teams, problems };
}

export async function importTeams(store: CentralStore, csvText: string): Promise<{ created: number; updated: number; problems: RowProblem[] }> {
  const parsed = parseTeamCsv(csvText);
  const problems = [...parsed.problems];
  const valid: TeamRecord[] = [];
  for (const { line, ...team } of parsed.teams) {
    if (team.leaderVolunteerId !== undefined && !(await store.findVolunteer(team.leaderVolunteerId))) {
      problems.push({ line, message: `leader ${team.leaderVolunteerId} is not a registered volunteer: import the volunteers first` });
      continue;
    }
    valid.push(team);
  }
  const report = await store.bank.upsertTeams(valid);
  return { ...report, problems: problems.sort((a, b) => a.line - b.line) };
}
