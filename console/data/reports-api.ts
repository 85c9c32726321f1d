/**
 * The programme's reports from central's manager API (protocol v2 §Time bank: reports),
 * with HTTP Basic credentials of a central manager account. The API answers only what
 * the account may see (its sites or its team); the console shows what it gets.
 */

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

export interface ReportCredentials {
  username: string;
  password: string;
}

function authorization({ username, password }: ReportCredentials): string {
  // btoa takes Latin-1 only; account names are ids, passwords may be anything, so encode UTF-8 first.
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

async function get(base: string, path: string, credentials: ReportCredentials): Promise<ReportAnswer<Response>> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { headers: { authorization: authorization(credentials), accept: 'application/json' }, credentials: 'omit' });
  } catch (err) {
    return { ok: false, status: 0, message: `central is not reachable at ${base || 'this address'} (${(err as Error).message})` };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: string; issues?: string[] } | undefined;
    return { ok: false, status: response.status, message: [body?.error ?? `HTTP ${response.status}`, ...(body?.issues ?? [])].join(': ') };
  }
  return { ok: true, value: response };
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
