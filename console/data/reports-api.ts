/**
 * The programme's reports from central's manager API (protocol v2 §Time bank: reports),
 * with HTTP Basic credentials of a central manager account. The API answers only what
 * the account may see (its sites or its team); the console shows what it gets.
 * Calls go through the shared admin client (admin-api.ts).
 */
import { AdminApi, AdminApiError, type ManagerCredentials } from './admin-api.ts';

export interface ReportCell {
  month: string;
  key: string;
  label: string;
  minutes: number;
  events: number;
}

export interface ServiceReport {
  scope: { role: 'city-manager' } | { role: 'site-staff'; sites: string[] } | { role: 'team-leader'; team: string };
  from: string;
  to: string;
  months: { month: string; minutes: number; events: number }[];
  bySite: ReportCell[];
  byCategory: ReportCell[];
  byTeam: ReportCell[];
  total: { minutes: number; events: number };
  topVolunteers: { rank: number; volunteerId: string; displayName: string; minutes: number; events: number }[];
  target: { year: number; events: number; target: number; fraction: number };
}

export type ReportAnswer<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

export type ReportCredentials = ManagerCredentials;

async function get(base: string, path: string, credentials: ReportCredentials): Promise<ReportAnswer<Response>> {
  try {
    return { ok: true, value: await new AdminApi(credentials, base).fetch(path) };
  } catch (err) {
    if (err instanceof AdminApiError) return { ok: false, status: err.status, message: err.detail };
    throw err;
  }
}

export async function fetchServiceReport(base: string, credentials: ReportCredentials, from: string, to: string): Promise<ReportAnswer<ServiceReport>> {
  const answer = await get(base, `/api/reports/service?from=${from}&to=${to}`, credentials);
  return answer.ok ? { ok: true, value: (await answer.value.json()) as ServiceReport } : answer;
}

/** A CSV download as an object URL (the download needs the credentials, so a plain link cannot carry them). */
export async function fetchCsvUrl(base: string, credentials: ReportCredentials, path: string): Promise<ReportAnswer<string>> {
  const answer = await get(base, path, credentials);
  return answer.ok ? { ok: true, value: URL.createObjectURL(await answer.value.blob()) } : answer;
}
