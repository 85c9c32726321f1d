/**
 * The time bank's manager API (protocol v2 §Time bank), on the admin listener, HTTP Basic:
 *   GET  /api/bank/volunteers/{id}                 masked name, team, balance, star, hours, first ledger page
 *   GET  /api/bank/volunteers/{id}/ledger[?before=&limit=]   older ledger pages, newest first
 *   POST /api/bank/volunteers/{id}/adjustments     {requestId, points, reason}: exactly once per requestId
 *   POST /api/bank/volunteers/{id}/star            {star, reason}: award a star directly (e.g. carried over from another platform)
 *   POST /api/bank/entries/{entryId}/reversal      {requestId, reason}: undoes one entry, once
 *   GET  /api/bank/star-applications[?status=]     newest first (a team leader: their team's)
 *   POST /api/bank/star-applications/{id}/decision {decision: approve|decline, reason}
 *   GET  /api/bank/teams                           teams with hours (a team leader: their own)
 *   GET  /api/bank/teams/{id}                      a team's hours and members
 * Scope (manager-scope.ts): city managers do everything; site staff may read a
 * volunteer's record (the desk serves whoever walks up) but not adjust, reverse or
 * decide; a team leader reads only their own team: its figures, its members' records and
 * star applications. POSTs take JSON only, so a form on another site cannot send one.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, maskName, validate, type StationsFile } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { LedgerOutcome } from '../store/ledger-store.ts';
import { DEFAULT_STAR_THRESHOLDS_HOURS, eligibleStar, starProgress } from '../timebank/bank-rules.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, sendJson } from './http-helpers.ts';
import { requireCityManager, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';

export interface BankRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: Pick<ManagerAuthenticator, 'principal'>;
  rules: Pick<TimeBankRules, 'stars'>;
  now?: () => Date;
}

/** A client request id: what the console makes once per intended write and re-sends on retry. */
/** Team figures are for city managers and team leaders. */
function siteStaffTeamRefusal(name: string): HttpError {
  return roleRefusal(`the account "${name}" is site-staff; team figures are for city managers and team leaders`, {
    zh: `账号“${name}”是站点工作人员：团队数据仅供市级管理员和团队负责人查看。`,
    en: `The account "${name}" is site staff; team figures are for city managers and team leaders.`,
  });
}

export const RequestIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'must be 8-100 letters, digits or _.:- (e.g. a UUID made once per intended write)'));
const ReasonSchema = v.pipe(v.string(), v.trim(), v.minLength(3, 'must say why, in at least 3 characters'), v.maxLength(500, 'must be at most 500 characters'));

const AdjustmentSchema = v.strictObject({
  requestId: RequestIdSchema,
  points: v.pipe(v.number(), v.integer('must be a whole number'), v.check((n) => n !== 0, 'must not be 0'), v.minValue(-100_000), v.maxValue(100_000)),
  reason: ReasonSchema,
});
const AwardSchema = v.strictObject({ star: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)), reason: ReasonSchema });
const ReversalSchema = v.strictObject({ requestId: RequestIdSchema, reason: ReasonSchema });
const DecisionSchema = v.strictObject({ decision: v.picklist(['approve', 'decline'], 'must be approve or decline'), reason: v.optional(ReasonSchema) });
const LedgerQuerySchema = v.strictObject({
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be an entry id'), v.transform(Number))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be 1-500'), v.transform(Number), v.minValue(1), v.maxValue(500))),
});
const ApplicationsQuerySchema = v.strictObject({ status: v.optional(v.picklist(['pending', 'approved', 'declined'])) });

function parsed<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const result = validate(schema, input ?? {});
  if (!result.ok) throw new HttpError(400, `bad ${what}`, result.issues);
  return result.value;
}

function jsonBody<S extends v.GenericSchema>(request: FastifyRequest, schema: S): v.InferOutput<S> {
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
  return parsed(schema, request.body, 'request body');
}

const LEDGER_REFUSALS: Record<Exclude<LedgerOutcome, { ok: true }>['reason'], [number, string]> = {
  'insufficient-points': [409, 'the balance would go below 0'],
  'unknown-volunteer': [404, 'no such volunteer'],
  'request-id-reused': [409, 'this requestId was already used for a different write: make a new requestId for a new write'],
  'unknown-entry': [404, 'no ledger entry has this id'],
  'not-reversible': [409, 'a reversal cannot itself be reversed: adjust instead'],
  'already-reversed': [409, 'this entry was already reversed'],
  'invalid-points': [400, 'points must be a whole number other than 0'],
};

function ledgerReply(outcome: LedgerOutcome): { status: number; body: unknown } {
  if (outcome.ok) return { status: outcome.repeated ? 200 : 201, body: { entry: outcome.entry, repeated: outcome.repeated } };
  const [status, message] = LEDGER_REFUSALS[outcome.reason];
  return { status, body: { error: message, reason: outcome.reason, ...(outcome.balance !== undefined ? { balance: outcome.balance } : {}) } };
}

export const bankRoutes: FastifyPluginAsync<BankRouteDeps> = async (app, deps) => {
  const { store } = deps;
  const thresholds = deps.rules.stars?.thresholdsHours ?? DEFAULT_STAR_THRESHOLDS_HOURS;
  const nowIso = () => (deps.now?.() ?? new Date()).toISOString();
  const principals = new WeakMap<FastifyRequest, ManagerPrincipal>();
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/bank/')) principals.set(request, await deps.auth.principal(request));
  });
  const principalOf = (request: FastifyRequest): ManagerPrincipal => principals.get(request)!;

  /** The volunteer, if this account may read them: 404 for nobody, 403 for a team leader outside the team. */
  const readableVolunteer = async (request: FastifyRequest, id: string) => {
    const volunteer = await store.findVolunteer(id);
    if (!volunteer) throw new HttpError(404, `no volunteer has the number ${id}`);
    const principal = principalOf(request);
    if (principal.role === 'team-leader' && volunteer.teamId !== principal.team) {
      throw roleRefusal(`the account "${principal.name}" leads team ${principal.team}; volunteer ${id} is not in it`, { zh: `账号“${principal.name}”负责团队 ${principal.team}，志愿者 ${id} 不在该团队。`, en: `The account "${principal.name}" leads team ${principal.team}; volunteer ${id} is not in it.` });
    }
    return volunteer;
  };
  const idParam = (request: FastifyRequest) => parsed(v.strictObject({ id: IdSchema }), request.params, 'address').id;

  app.get('/api/bank/volunteers/:id', async (request, reply) => {
    const volunteer = await readableVolunteer(request, idParam(request));
    const [balance, awarded, record, page, pending] = await Promise.all([
      store.ledger.balance(volunteer.id),
      store.bank.awardedStar(volunteer.id),
      store.bank.serviceRecord(volunteer.id),
      store.ledger.entries(volunteer.id, { limit: 50 }),
      store.bank.listStarApplications({ volunteerId: volunteer.id, status: 'pending', limit: 1 }),
    ]);
    const hours = record.totalMinutes / 60;
    return sendJson(reply, 200, {
      volunteer: { id: volunteer.id, displayName: maskName(volunteer.name), ...(volunteer.teamId ? { teamId: volunteer.teamId } : {}) },
      balance,
      star: {
        awarded: awarded?.star ?? 0,
        ...(awarded ? { awardedAt: awarded.awardedAt, awardedBy: awarded.awardedBy } : {}),
        progress: starProgress(hours, thresholds),
        eligibleStar: eligibleStar(hours, awarded?.star ?? 0, thresholds) ?? null,
        pendingApplication: pending[0] ?? null,
      },
      hours: record,
      ledger: page,
    });
  });

  app.get('/api/bank/volunteers/:id/ledger', async (request, reply) => {
    const volunteer = await readableVolunteer(request, idParam(request));
    const q = parsed(LedgerQuerySchema, request.query, 'query parameters');
    return sendJson(reply, 200, await store.ledger.entries(volunteer.id, { ...(q.before !== undefined ? { beforeId: q.before } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}) }));
  });

  app.post('/api/bank/volunteers/:id/adjustments', async (request, reply) => {
    const principal = principalOf(request);
    requireCityManager(principal);
    const volunteer = await readableVolunteer(request, idParam(request));
    const body = jsonBody(request, AdjustmentSchema);
    const outcome = await store.ledger.append({
      requestId: `adjust:${body.requestId}`,
      volunteerId: volunteer.id,
      kind: 'adjusted',
      points: body.points,
      at: nowIso(),
      actor: `manager:${principal.name}`,
      reason: body.reason,
    });
    const { status, body: answer } = ledgerReply(outcome);
    return sendJson(reply, status, answer);
  });

  app.post('/api/bank/volunteers/:id/star', async (request, reply) => {
    const principal = principalOf(request);
    requireCityManager(principal);
    const volunteer = await readableVolunteer(request, idParam(request));
    const body = jsonBody(request, AwardSchema);
    // Raising only, so a re-sent award changes nothing: a star is lowered by no API.
    const changed = await store.bank.awardStar(volunteer.id, body.star, nowIso(), `manager:${principal.name}`, body.reason);
    return sendJson(reply, changed ? 201 : 200, { star: (await store.bank.awardedStar(volunteer.id))?.star ?? 0, changed });
  });

  app.post('/api/bank/entries/:entryId/reversal', async (request, reply) => {
    const principal = principalOf(request);
    requireCityManager(principal);
    const { entryId } = parsed(v.strictObject({ entryId: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be an entry id'), v.transform(Number)) }), request.params, 'address');
    const body = jsonBody(request, ReversalSchema);
    const outcome = await store.ledger.reverse({ requestId: `reverse:${body.requestId}`, entryId, at: nowIso(), actor: `manager:${principal.name}`, reason: body.reason });
    const { status, body: answer } = ledgerReply(outcome);
    return sendJson(reply, status, answer);
  });

  app.get('/api/bank/star-applications', async (request, reply) => {
    const principal = principalOf(request);
    const q = parsed(ApplicationsQuerySchema, request.query, 'query parameters');
    const applications = await store.bank.listStarApplications({ ...(q.status ? { status: q.status } : {}), ...(principal.role === 'team-leader' ? { teamId: principal.team } : {}) });
    const names = new Map<string, string>();
    for (const a of applications) {
      if (!names.has(a.volunteerId)) names.set(a.volunteerId, maskName((await store.findVolunteer(a.volunteerId))?.name ?? a.volunteerId));
    }
    return sendJson(reply, 200, { applications: applications.map((a) => ({ ...a, displayName: names.get(a.volunteerId) })) });
  });

  app.post('/api/bank/star-applications/:id/decision', async (request, reply) => {
    const principal = principalOf(request);
    requireCityManager(principal);
    const id = parsed(v.strictObject({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an application id')) }), request.params, 'address').id;
    const body = jsonBody(request, DecisionSchema);
    if (body.decision === 'decline' && !body.reason) throw new HttpError(400, 'bad request body', ['reason: is required to decline: tell the volunteer why']);
    const outcome = await store.bank.decideStarApplication({ id, decision: body.decision === 'approve' ? 'approved' : 'declined', actor: `manager:${principal.name}`, ...(body.reason ? { reason: body.reason } : {}), at: nowIso() });
    if (!outcome.ok) {
      if (outcome.reason === 'unknown-application') throw new HttpError(404, `no star application has the id ${id}`);
      return sendJson(reply, 409, { error: `this application was already ${outcome.application!.status} by ${outcome.application!.decidedBy}`, reason: 'already-decided', application: outcome.application });
    }
    return sendJson(reply, outcome.repeated ? 200 : 201, { application: outcome.application, star: (await store.bank.awardedStar(outcome.application.volunteerId))?.star ?? 0, repeated: outcome.repeated });
  });

  app.get('/api/bank/teams', async (request, reply) => {
    const principal = principalOf(request);
    if (principal.role === 'site-staff') throw siteStaffTeamRefusal(principal.name);
    const teams = (await store.bank.listTeams()).filter((t) => principal.role === 'city-manager' || t.id === principal.team);
    const figures = [];
    for (const team of teams) {
      const f = (await store.bank.teamFigures(team.id))!;
      figures.push({ id: f.id, name: f.name, members: f.members.length, totalMinutes: f.totalMinutes, sessions: f.sessions });
    }
    return sendJson(reply, 200, { teams: figures });
  });

  app.get('/api/bank/teams/:id', async (request, reply) => {
    const principal = principalOf(request);
    const id = idParam(request);
    if (principal.role === 'site-staff') throw siteStaffTeamRefusal(principal.name);
    if (principal.role === 'team-leader' && principal.team !== id) {
      throw roleRefusal(`the account "${principal.name}" leads team ${principal.team}, not ${id}`, { zh: `账号“${principal.name}”负责团队 ${principal.team}，不是 ${id}。`, en: `The account "${principal.name}" leads team ${principal.team}, not ${id}.` });
    }
    const figures = await store.bank.teamFigures(id);
    if (!figures) throw new HttpError(404, `no team has the id ${id}`);
    return sendJson(reply, 200, { ...figures, members: figures.members.map(({ name, ...m }) => ({ ...m, displayName: maskName(name) })) });
  });
};
