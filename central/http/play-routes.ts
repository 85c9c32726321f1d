/**
 * Proof of play on the admin listener (issue 14; protocol v2 §Proof of play):
 *   GET /api/play[?kiosk=&from=&to=]       per kiosk and hour, the screens and content versions shown and for how long
 *   GET /api/play.csv[?kiosk=&from=&to=]   the same, one row per entry
 * `from`/`to` are ISO times (default: the 24 h up to now), at most 31 days apart. Scope as
 * uptime: a city manager sees every kiosk, site staff their own sites' kiosks (another
 * site's is a 403 that names theirs); a team leader acts on no site, so a 403 too.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, TimestampSchema, type StationsFile } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { PlayHour } from '../store/play-store.ts';
import { stationOfKioskFrom } from '../stations/station-status-board.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, queryOf, sendJson, sendText } from './http-helpers.ts';
import { requireSite, sitesOf, roleRefusal } from './manager-scope.ts';
import { csvDocument } from './report-csv.ts';

export interface PlayRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: ManagerAuthenticator;
  now?: () => Date;
}

const DAY_MS = 86_400_000;
const LONGEST_WINDOW_MS = 31 * DAY_MS;

const PlayQuerySchema = v.strictObject({ kiosk: v.optional(IdSchema), from: v.optional(TimestampSchema), to: v.optional(TimestampSchema) });

export interface PlayAnswer {
  from: string;
  to: string;
  hours: { kioskId: string; stationId: string; siteId: string; hour: string; totalMs: number; entries: PlayHour['entries'] }[];
}

export const playRoutes: FastifyPluginAsync<PlayRouteDeps> = async (app, deps) => {
  const { store, stations, auth } = deps;
  const stationOfKiosk = stationOfKioskFrom(stations);
  const answerFor = async (request: FastifyRequest): Promise<PlayAnswer> => {
    const principal = await auth.principal(request);
    const query = queryOf(request, PlayQuerySchema);
    const toMs = query.to ? Date.parse(query.to) : (deps.now?.() ?? new Date()).getTime();
    const fromMs = query.from ? Date.parse(query.from) : toMs - DAY_MS;
    if (fromMs >= toMs) throw new HttpError(400, 'bad query parameters', ['from: must be before to']);
    if (toMs - fromMs > LONGEST_WINDOW_MS) throw new HttpError(400, 'bad query parameters', ['from: at most 31 days before to; ask for a month at a time']);
    let siteIds: readonly string[] | undefined;
    if (query.kiosk !== undefined) {
      const stationId = stationOfKiosk.get(query.kiosk);
      const siteId = stationId === undefined ? undefined : stations[stationId]?.siteId;
      if (siteId === undefined) throw new HttpError(404, `no station lists the kiosk ${query.kiosk} in the stations file`);
      requireSite(principal, siteId);
    } else {
      if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is team-leader, which acts on no site; proof of play is for city managers and site staff`, { zh: `账号“${principal.name}”是团队负责人，不管理任何站点：播放记录仅供市级管理员和站点工作人员查看。`, en: `The account "${principal.name}" is a team leader and acts on no site; proof of play is for city managers and site staff.` });
      const sites = sitesOf(principal);
      if (sites !== 'all') siteIds = sites;
    }
    const rows = await store.play.hoursFor({ fromMs, toMs, ...(query.kiosk !== undefined ? { kioskId: query.kiosk } : {}), ...(siteIds ? { siteIds } : {}) });
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      hours: rows.map((r) => ({
        kioskId: r.kioskId,
        stationId: r.stationId,
        siteId: r.siteId,
        hour: new Date(r.hourMs).toISOString(),
        totalMs: r.entries.reduce((sum, e) => sum + e.durationMs, 0),
        entries: r.entries,
      })),
    };
  };
  app.get('/api/play', async (request, reply) => sendJson(reply, 200, await answerFor(request)));
  app.get('/api/play.csv', async (request, reply) => {
    const answer = await answerFor(request);
    const rows = answer.hours.flatMap((h) =>
      h.entries.map((e) => [h.siteId, h.stationId, h.kioskId, h.hour, e.screen, e.appVersion, e.activitiesUpdatedAt ?? '', e.directoryUpdatedAt ?? '', Math.round(e.durationMs / 1000)]),
    );
    const csv = csvDocument(['site', 'station_id', 'kiosk_id', 'hour', 'screen', 'app_version', 'activities_updated_at', 'directory_updated_at', 'seconds'], rows);
    return sendText(reply, 200, 'text/csv; charset=utf-8', csv, { 'content-disposition': `attachment; filename="play-${answer.to.slice(0, 10)}.csv"` });
  });
};
