/**
 * Alert episodes on the admin listener (issue 14; protocol v2 §Alerts in the console):
 *   GET  /api/alerts[?state=open|all][&site=][&device=][&from=][&to=][&limit=]   newest first
 *   GET  /api/alerts.csv[?…the same]                                            history as CSV (state defaults to all)
 *   POST /api/alerts/{id}/ack  {note?}                                          who and when; the first ack is kept (409 after)
 * Scope as uptime: a city manager sees every site, site staff their own sites (another
 * site is a 403 that names theirs, and lists leave it out); a team leader acts on no site.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, validate } from '../../shared/index.ts';
import { ACK_NOTE_MAX, type AlertEpisodeQuery, type AlertEpisodeView } from '../store/alert-history.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, queryOf, sendJson, sendText } from './http-helpers.ts';
import { requireSite, sitesOf, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';
import { csvDocument } from './report-csv.ts';

export interface AlertRouteDeps {
  store: CentralStore;
  auth: Pick<ManagerAuthenticator, 'principal'>;
  now?: () => Date;
}

export const ALERT_LIST_MAX = 500;
const DEFAULT_LIMIT = 100;

const Timestamp = v.pipe(
  v.string(),
  v.check((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 timestamp, e.g. 2026-12-01T00:00:00Z'),
  v.transform((s) => new Date(s).toISOString()),
);

const AlertQuerySchema = v.strictObject(
  {
    state: v.optional(v.picklist(['open', 'all'], 'must be open or all')),
    site: v.optional(IdSchema),
    device: v.optional(IdSchema),
    from: v.optional(Timestamp),
    to: v.optional(Timestamp),
    limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'must be a whole number'), v.transform(Number), v.minValue(1, 'must be at least 1'), v.maxValue(ALERT_LIST_MAX, `must be at most ${ALERT_LIST_MAX}`))),
  },
  (issue) => (issue.input === undefined ? 'is required' : 'is not a known parameter (known: state, site, device, from, to, limit)'),
);

const AckParamsSchema = v.strictObject({ id: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be the number of an alert episode'), v.transform(Number)) });
const AckBodySchema = v.strictObject({ note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(ACK_NOTE_MAX, `must be at most ${ACK_NOTE_MAX} characters`))) });

function requireAlertViewer(principal: ManagerPrincipal): void {
  if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is team-leader, which acts on no site; alerts are for city managers and site staff`, { zh: `账号“${principal.name}”是团队负责人，不管理任何站点：告警仅供市级管理员和站点工作人员查看。`, en: `The account "${principal.name}" is a team leader and acts on no site; alerts are for city managers and site staff.` });
}

function episodeQuery(request: FastifyRequest, principal: ManagerPrincipal, defaultState: 'open' | 'all'): AlertEpisodeQuery {
  requireAlertViewer(principal);
  const q = queryOf(request, AlertQuerySchema);
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) throw new HttpError(400, 'bad query parameters', ['to: must be after from']);
  if (q.site !== undefined) requireSite(principal, q.site);
  const scope = sitesOf(principal);
  const siteIds = q.site !== undefined ? [q.site] : scope === 'all' ? undefined : scope;
  return {
    state: q.state ?? defaultState,
    limit: q.limit ?? DEFAULT_LIMIT,
    ...(siteIds ? { siteIds } : {}),
    ...(q.device ? { deviceId: q.device } : {}),
    ...(q.from ? { fromIso: q.from } : {}),
    ...(q.to ? { toIso: q.to } : {}),
  };
}

export function alertHistoryCsv(episodes: readonly AlertEpisodeView[]): string {
  return csvDocument(
    ['id', 'alert', 'device_kind', 'device_id', 'station_id', 'site', 'since', 'opened_at', 'closed_at', 'acked_by', 'acked_at', 'ack_note'],
    episodes.map((e) => [e.id, e.alert, e.deviceKind, e.deviceId, e.stationId, e.siteId, e.since, e.openedAt, e.closedAt ?? '', e.ack?.by ?? '', e.ack?.at ?? '', e.ack?.note ?? '']),
  );
}

export const alertRoutes: FastifyPluginAsync<AlertRouteDeps> = async (app, deps) => {
  const { store, auth } = deps;
  const nowIso = () => (deps.now?.() ?? new Date()).toISOString();
  app.get('/api/alerts', async (request, reply) => {
    const query = episodeQuery(request, await auth.principal(request), 'open');
    return sendJson(reply, 200, { at: nowIso(), episodes: await store.alerts.listEpisodes(query) });
  });
  app.get('/api/alerts.csv', async (request, reply) => {
    const query = episodeQuery(request, await auth.principal(request), 'all');
    const csv = alertHistoryCsv(await store.alerts.listEpisodes(query));
    return sendText(reply, 200, 'text/csv; charset=utf-8', csv, { 'content-disposition': `attachment; filename="alerts-${nowIso().slice(0, 10)}.csv"` });
  });
  app.post('/api/alerts/:id/ack', async (request, reply) => {
    const principal = await auth.principal(request);
    requireAlertViewer(principal);
    const params = validate(AckParamsSchema, request.params);
    if (!params.ok) throw new HttpError(400, 'bad alert episode id', params.issues);
    const body = validate(AckBodySchema, request.body ?? {});
    if (!body.ok) throw new HttpError(400, 'bad acknowledgement', body.issues);
    const { id } = params.value;
    const missing = () => new HttpError(404, `no alert episode ${id}; GET /api/alerts?state=all lists them with their ids`);
    const found = await store.alerts.episodeById(id);
    if (!found) throw missing();
    requireSite(principal, found.siteId);
    const note = body.value.note;
    const outcome = await store.alerts.acknowledgeEpisode(id, { by: principal.name, at: nowIso(), ...(note ? { note } : {}) });
    if (!outcome.ok && outcome.reason === 'not-found') throw missing();
    if (!outcome.ok) {
      const ack = outcome.episode.ack!;
      return sendJson(reply, 409, { error: `alert episode ${id} was already acknowledged by ${ack.by} at ${ack.at}; the first acknowledgement is kept`, episode: outcome.episode });
    }
    return sendJson(reply, 200, { episode: outcome.episode });
  });
};
