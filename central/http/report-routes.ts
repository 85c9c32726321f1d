/**
 * The programme's reports and the certificate admin routes, on the admin listener
 * (protocol v2 §Time bank: certificates, reports and perks):
 *   GET  /api/reports/service?from=YYYY-MM&to=YYYY-MM[&site=][&team=]   hours and events per month by site, category and team; top volunteers; yearly target
 *   GET  /api/reports/service.csv?from=&to=&by=site|category|team[&site=][&team=]
 *   GET  /api/reports/top-volunteers.csv?from=&to=[&site=][&team=]
 *   GET  /api/certificates?volunteer=ID                                 a volunteer's certificates
 *   POST /api/certificates/{id}/revoke {reason}                         city managers; audited
 * Scope comes from `auth.principal(request)`: a city manager sees every site, site staff
 * their own sites' stations, a team leader their own team's members. Asking for more
 * (another site, another team) is a 403 that says what the account may see.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { CertificateIdSchema, CertificateRevokeRequestSchema, IdSchema, maskName, validate, type StationsFile } from '../../shared/index.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ServiceFigureQuery } from '../store/report-store.ts';
import { lastDayOf, monthsBetween, REPORT_DIMENSIONS, sumBy, labelOf, targetProgress, totalsOf, type ReportDimension } from '../timebank/report-figures.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, queryOf, sendJson, sendText } from './http-helpers.ts';
import { requireCityManager, requireSite, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';
import { reportCsv, topVolunteersCsv } from './report-csv.ts';

export interface ReportRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: ManagerAuthenticator;
  certificates: CertificateService;
  yearlyServiceEventTarget: number;
  now?: () => Date;
}

const MAX_MONTHS = 36;
const TOP_LIMIT = 20;
const MonthSchema = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'));
const ReportQuerySchema = v.strictObject({ from: MonthSchema, to: MonthSchema, site: v.optional(IdSchema), team: v.optional(IdSchema), by: v.optional(v.picklist(REPORT_DIMENSIONS, 'must be site, category or team')) });
type ReportQuery = v.InferOutput<typeof ReportQuerySchema>;

/** What this account may see, narrowed by `site` and `team`; refuses anything wider. */
export function scopedQuery(principal: ManagerPrincipal, stations: StationsFile, q: { site?: string; team?: string }, fromDate: string, toDate: string): ServiceFigureQuery {
  const stationsOfSites = (sites: readonly string[]) => Object.entries(stations).flatMap(([id, entry]) => (sites.includes(entry.siteId) ? [id] : []));
  if (q.site !== undefined) requireSite(principal, q.site);
  if (principal.role === 'team-leader' && q.team !== undefined && q.team !== principal.team) {
    throw roleRefusal(`the account "${principal.name}" may see the figures of team ${principal.team} only`, { zh: `账号“${principal.name}”只能查看团队 ${principal.team} 的数据。`, en: `The account "${principal.name}" may see the figures of team ${principal.team} only.` });
  }
  const base: ServiceFigureQuery = { fromDate, toDate };
  if (q.site !== undefined) base.stationIds = stationsOfSites([q.site]);
  else if (principal.role === 'site-staff') base.stationIds = stationsOfSites(principal.sites);
  const team = principal.role === 'team-leader' ? principal.team : q.team;
  if (team !== undefined) base.teamId = team;
  return base;
}

function scopeOf(principal: ManagerPrincipal) {
  if (principal.role === 'site-staff') return { role: principal.role, sites: principal.sites };
  if (principal.role === 'team-leader') return { role: principal.role, team: principal.team };
  return { role: principal.role };
}

export const reportRoutes: FastifyPluginAsync<ReportRouteDeps> = async (app, deps) => {
  const { store, stations, auth } = deps;
  const principals = new WeakMap<FastifyRequest, ManagerPrincipal>();
  app.addHook('onRequest', async (request) => {
    principals.set(request, await auth.principal(request));
  });
  const principalOf = (request: FastifyRequest) => principals.get(request)!;

  const figuresFor = async (request: FastifyRequest) => {
    const q: ReportQuery = queryOf(request, ReportQuerySchema);
    if (q.from > q.to) throw new HttpError(400, 'bad query parameters', ['to: must not be before from']);
    const months = monthsBetween(q.from, q.to);
    if (months.length > MAX_MONTHS) throw new HttpError(400, 'bad query parameters', [`to: a report spans at most ${MAX_MONTHS} months`]);
    const principal = principalOf(request);
    const query = scopedQuery(principal, stations, q, `${q.from}-01`, lastDayOf(q.to));
    const teams = new Map((await store.reports.teams()).map((t) => [t.id, t.name]));
    const sites = new Map(Object.values(stations).map((s) => [s.siteId, s.siteId]));
    return { q, months, principal, query, rows: await store.reports.serviceFigures(query), names: { sites, teams } };
  };
  const topOf = async (query: ServiceFigureQuery) =>
    (await store.reports.topVolunteers(query, TOP_LIMIT)).map((t, i) => ({ rank: i + 1, volunteerId: t.volunteerId, displayName: maskName(t.name), minutes: t.minutes, events: t.events }));
  const csvReply = (reply: FastifyReply, name: string, body: string) =>
    sendText(reply, 200, 'text/csv; charset=utf-8', body, { 'content-disposition': `attachment; filename="${name}"` });

  app.get('/api/reports/service', async (request, reply) => {
    const { q, months, principal, query, rows, names } = await figuresFor(request);
    const year = Number(q.to.slice(0, 4));
    const yearRows = await store.reports.serviceFigures({ ...query, fromDate: `${year}-01-01`, toDate: `${year}-12-31` });
    const dimension = (by: ReportDimension) => sumBy(rows, by, stations).map((cell) => ({ ...cell, label: labelOf(by, cell.key, names) }));
    return sendJson(reply, 200, {
      scope: scopeOf(principal),
      from: q.from,
      to: q.to,
      months: months.map((month) => ({ month, ...totalsOf(rows.filter((r) => r.month === month)) })),
      bySite: dimension('site'),
      byCategory: dimension('category'),
      byTeam: dimension('team'),
      total: totalsOf(rows),
      topVolunteers: await topOf(query),
      target: targetProgress(year, totalsOf(yearRows).events, deps.yearlyServiceEventTarget),
    });
  });
  app.get('/api/reports/service.csv', async (request, reply) => {
    const { q, rows, names } = await figuresFor(request);
    const by = q.by ?? 'site';
    return csvReply(reply, `service-by-${by}-${q.from}-to-${q.to}.csv`, reportCsv(by, sumBy(rows, by, stations), (key) => labelOf(by, key, names)));
  });
  app.get('/api/reports/top-volunteers.csv', async (request, reply) => {
    const { q, query } = await figuresFor(request);
    return csvReply(reply, `top-volunteers-${q.from}-to-${q.to}.csv`, topVolunteersCsv(await topOf(query)));
  });

  app.get('/api/certificates', async (request, reply) => {
    requireCityManager(principalOf(request));
    const { volunteer } = queryOf(request, v.strictObject({ volunteer: IdSchema }));
    const stored = await store.certificates.listOfVolunteer(volunteer);
    return sendJson(reply, 200, {
      certificates: await Promise.all(
        stored.map(async (c) => ({ id: c.id, issuedAt: c.issuedAt, verdict: (await deps.certificates.verify(c.id)).verdict, revokedAt: c.revokedAt ?? null, revokedBy: c.revokedBy ?? null, revokeReason: c.revokeReason ?? null })),
      ),
    });
  });
  app.post('/api/certificates/:id/revoke', async (request, reply) => {
    const principal = principalOf(request);
    requireCityManager(principal);
    const id = validate(CertificateIdSchema, (request.params as { id: string }).id);
    if (!id.ok) throw new HttpError(400, 'bad parameters', id.issues.map((issue) => `id: ${issue}`));
    const body = validate(CertificateRevokeRequestSchema, request.body ?? {});
    if (!body.ok) throw new HttpError(400, 'the request body is not valid', body.issues);
    const at = (deps.now?.() ?? new Date()).toISOString();
    const outcome = await store.certificates.revoke(id.value, { actor: `manager:${principal.name}`, reason: body.value.reason, at });
    if (outcome.kind === 'unknown') throw new HttpError(404, `no certificate has the number ${id.value}`);
    if (outcome.kind === 'already-revoked') throw new HttpError(409, `certificate ${id.value} was already revoked at ${outcome.certificate.revokedAt}`);
    return sendJson(reply, 200, { id: id.value, revokedAt: at, revokedBy: `manager:${principal.name}` });
  });
};
