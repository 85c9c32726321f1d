/**
 * Manager HTTP API (HTTP Basic, see basic-auth.ts), on the admin listener only:
 *   GET /api/stations                         every station with its last status, kiosks, last check-in
 *   GET /api/fleet                            (protocol v2) the last status of every station and kiosk the account may see
 *   GET /api/sessions?from=&to=[&volunteer=][&station=]   sessions by local date range (YYYY-MM-DD, inclusive)
 *   GET /api/seq-gaps[?station=]              missing check-in seqs per station
 *   GET /api/service-hours.csv?from=&to=      the same sessions as CSV
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, LocalDateSchema, type StationsFile } from '../../shared/index.ts';
import type { StationStatusBoard } from '../stations/station-status-board.ts';
import type { CentralStore, SessionQuery } from '../store/central-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { maySeeSite, roleRefusal, type ManagerPrincipal } from './manager-scope.ts';
import { HttpError, queryOf, requestUrl, sendJson, sendText } from './http-helpers.ts';
import { serviceHoursCsv } from './service-hours-csv.ts';

const MAX_RANGE_DAYS = 366;

/** valibot reports a missing key and an unknown key through the object's own message. */
const keyMessage =
  (known: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    issue.input === undefined ? 'is required' : `is not a known parameter (known: ${known})`;

const SessionQuerySchema = v.strictObject(
  {
    from: LocalDateSchema,
    to: LocalDateSchema,
    volunteer: v.optional(IdSchema),
    station: v.optional(IdSchema),
  },
  keyMessage('from, to, volunteer, station'),
);

const GapQuerySchema = v.strictObject({ station: v.optional(IdSchema) }, keyMessage('station'));

function sessionQuery(request: FastifyRequest): SessionQuery {
  const q = queryOf(request, SessionQuerySchema);
  if (q.from > q.to) throw new HttpError(400, 'bad query parameters', ['to: must not be before from']);
  if (Date.parse(q.to) - Date.parse(q.from) > MAX_RANGE_DAYS * 86_400_000) {
    throw new HttpError(400, 'bad query parameters', [`to: the range may span at most ${MAX_RANGE_DAYS} days`]);
  }
  return { fromDate: q.from, toDate: q.to, ...(q.volunteer ? { volunteerId: q.volunteer } : {}), ...(q.station ? { stationId: q.station } : {}) };
}

export interface ManagerApiDeps {
  store: CentralStore;
  stations: StationsFile;
  statusBoard: StationStatusBoard;
  auth: ManagerAuthenticator;
}

/**
 * Registers `/api/*`. Every route, the unknown ones too, asks for credentials first, so
 * nothing about the API is told to a caller without them.
 */
export const managerApiRoutes: FastifyPluginAsync<ManagerApiDeps> = async (app, deps) => {
  // Scoped to this plugin: the hook guards exactly the routes registered below.
  // Who signed in, kept from the hook: scrypt runs once per request, not once per question.
  const principals = new WeakMap<FastifyRequest, ManagerPrincipal>();
  app.addHook('onRequest', async (request) => {
    principals.set(request, await deps.auth.principal(request));
  });
  app.get('/api/stations', async (_request, reply) => sendJson(reply, 200, { stations: await stationsOverview(deps) }));
  app.get('/api/fleet', async (request, reply) => sendJson(reply, 200, fleetSnapshot(deps, principals.get(request)!)));
  app.get('/api/sessions', async (request, reply) => sendJson(reply, 200, { sessions: await deps.store.listSessions(sessionQuery(request)) }));
  app.get('/api/seq-gaps', async (request, reply) => {
    const q = queryOf(request, GapQuerySchema);
    return sendJson(reply, 200, { gaps: await deps.store.listSeqGaps(q.station) });
  });
  app.get('/api/service-hours.csv', async (request, reply) => {
    const query = sessionQuery(request);
    const csv = serviceHoursCsv(await deps.store.listSessions(query));
    return sendText(reply, 200, 'text/csv; charset=utf-8', csv, {
      'content-disposition': `attachment; filename="service-hours-${query.fromDate}-to-${query.toDate}.csv"`,
    });
  });
  // Other plugins add write routes under /api/ (reviews, bank, desk), so an unknown
  // method and path is simply not a route: say which, and where the routes are listed.
  app.all('/api/*', async (request) => {
    throw new HttpError(404, `no manager API route ${request.method} ${requestUrl(request).pathname}; the manager API routes are listed in docs/protocol.md and docs/deploy.md`);
  });
};

/**
 * The console's start (protocol v2): every status central holds, as the broker retained
 * it, in one answer instead of one message each. A station belongs to the site the
 * stations file gives it, else to the site its status names; a kiosk to its registered
 * station's site, else to its status's. Site staff get their sites only; a team leader
 * watches no site, and is refused.
 */
function fleetSnapshot({ stations, statusBoard }: ManagerApiDeps, principal: ManagerPrincipal) {
  if (principal.role === 'team-leader') {
    throw roleRefusal(`the account "${principal.name}" is team-leader: it sees its team's figures, not the fleet`, {
      zh: `账号“${principal.name}”是团队负责人：只能查看本团队的数据，不能查看设备状态。`,
      en: `The account "${principal.name}" is a team leader: it sees its team's figures, not the fleet.`,
    });
  }
  const stationSite = (stationId: string, claimed: string | undefined) => stations[stationId]?.siteId ?? claimed;
  const visible = (siteId: string | undefined) => principal.role === 'city-manager' || (siteId !== undefined && maySeeSite(principal, siteId));
  const stationList = [...statusBoard.stations.entries()]
    .filter(([stationId, seen]) => visible(stationSite(stationId, seen.status.siteId)))
    .map(([stationId, seen]) => ({ stationId, status: seen.status }));
  const kioskList = [...statusBoard.kiosks.entries()]
    .filter(([kioskId, seen]) => {
      const registered = statusBoard.stationOfKiosk.get(kioskId);
      return visible(registered === undefined ? seen.status.siteId : stationSite(registered, undefined));
    })
    .map(([kioskId, seen]) => ({ kioskId, status: seen.status }));
  return { stations: stationList, kiosks: kioskList };
}

async function stationsOverview({ store, stations, statusBoard }: ManagerApiDeps) {
  const activity = new Map((await store.listStationActivity()).map((a) => [a.stationId, a]));
  const ids = new Set([...Object.keys(stations), ...statusBoard.stations.keys(), ...activity.keys()]);
  return [...ids].sort().map((stationId) => {
    const entry = stations[stationId];
    const seen = statusBoard.stations.get(stationId);
    const act = activity.get(stationId);
    return {
      stationId,
      registered: entry !== undefined,
      ...(entry ? { siteId: entry.siteId, name: entry.name } : {}),
      status: seen?.status ?? null,
      statusReceivedAt: seen?.receivedAt ?? null,
      kiosks: statusBoard.kiosksOf(stationId),
      lastCheckInAt: act?.lastCheckInAt ?? null,
      maxSeq: act?.maxSeq ?? null,
    };
  });
}
