/**
 * The review queue on the manager API (protocol v2 §Time bank: reviews and corrections),
 * admin listener, HTTP Basic:
 *   GET  /api/reviews[?site=][&state=pending|credited|declined|all][&olderThanDays=N][&volunteer=]
 *                                          the queue, oldest first
 *   GET  /api/reviews/{itemId}             one item with its audit trail
 *   POST /api/reviews/{itemId}/decision    {requestId, outcome: credit|decline, endedAt?, reason}
 *   POST /api/corrections                  a volunteer's paper request, entered by staff {volunteerId, requestId, kind, ...}
 * Scope (manager-scope.ts): site staff see and decide items at their own sites' stations
 * only (403 otherwise); city managers everything; team leaders nothing. Names are masked.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  IdSchema,
  maskName,
  REVIEW_STATES,
  ReviewDecisionRequestSchema,
  StaffCorrectionRequestSchema,
  validate,
  type ReviewDecisionView,
  type ReviewItemView,
  type StationsFile,
} from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import { correctionItemId, type CorrectionRefusal, type ReviewDecisionRecord, type ReviewItem } from '../store/review-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, rawQueryOf, sendJson } from './http-helpers.ts';
import { maySeeSite, requireSite, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';

export interface ReviewRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: Pick<ManagerAuthenticator, 'principal'>;
  rules: Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding' | 'timeZone'>;
  now?: () => Date;
}

const QuerySchema = v.strictObject(
  {
    site: v.optional(IdSchema),
    state: v.optional(v.picklist([...REVIEW_STATES, 'all'], `must be one of ${[...REVIEW_STATES, 'all'].join(', ')}`)),
    olderThanDays: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'must be a whole number of days'), v.transform(Number))),
    volunteer: v.optional(IdSchema),
  },
  (issue) => (issue.input === undefined ? 'is required' : 'is not a known parameter (known: site, state, olderThanDays, volunteer)'),
);

const ItemIdSchema = v.strictObject({ itemId: v.pipe(v.string(), v.regex(/^(session|correction):[A-Za-z0-9._-]{1,100}$/, 'must be session:{id} or correction:{id}')) });

export function decisionView(decision: ReviewDecisionRecord): ReviewDecisionView {
  return { itemId: decision.itemId, outcome: decision.outcome, actor: decision.actor, decidedAt: decision.decidedAt, reason: decision.reason, old: decision.old, new: decision.new };
}

export function itemView(item: ReviewItem, stations: StationsFile): ReviewItemView {
  const station = stations[item.stationId];
  const { volunteerName, decision, correction, ...rest } = item;
  return {
    ...rest,
    displayName: maskName(volunteerName),
    ...(station ? { stationName: station.name, siteId: station.siteId } : {}),
    ...(correction ? { correction } : {}),
    ...(decision ? { decision: decisionView(decision) } : {}),
  };
}

function parse<S extends v.GenericSchema>(input: unknown, schema: S, what: string): v.InferOutput<S> {
  const parsed = validate(schema, input ?? {});
  if (!parsed.ok) throw new HttpError(400, `bad ${what}`, parsed.issues);
  return parsed.value;
}

/** Reviews need a site: city managers have all, site staff theirs, team leaders none. */
function requireReviewer(principal: ManagerPrincipal): void {
  if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is a team leader; reviews are for site staff and city managers`, { zh: `账号“${principal.name}”是团队负责人：审核由站点工作人员和市级管理员处理。`, en: `The account "${principal.name}" is a team leader; reviews are for site staff and city managers.` });
}

function requireItemInScope(principal: ManagerPrincipal, item: Pick<ReviewItem, 'stationId'>, stations: StationsFile): void {
  const siteId = stations[item.stationId]?.siteId;
  if (principal.role === 'city-manager') return;
  if (siteId === undefined || !maySeeSite(principal, siteId)) {
    throw new HttpError(403, `the account "${principal.name}" may not review items of station ${item.stationId}`, [
      principal.role === 'site-staff' ? `its sites: ${principal.sites.join(', ')}` : 'a team leader reviews nothing',
    ]);
  }
}

const REFUSAL_STATUS = { 'unknown-item': 404, 'already-decided': 409, 'request-id-reused': 409, 'invalid-end-time': 400, 'insufficient-points': 409 } as const;
const REFUSAL_MESSAGE: Record<keyof typeof REFUSAL_STATUS, string> = {
  'unknown-item': 'no such review item: reload the queue',
  'already-decided': 'this item was already decided by another decision; reload it to see that one',
  'request-id-reused': 'this request id was used for another decision: send a new one',
  'invalid-end-time': 'the end time cannot be credited',
  'insufficient-points': 'the points cannot be taken back: the volunteer spent them already',
};

const CORRECTION_STATUS: Record<CorrectionRefusal, number> = {
  'request-id-reused': 409,
  'unknown-session': 404,
  'not-your-session': 409,
  'session-still-open': 409,
  'correction-pending': 409,
  'invalid-times': 400,
};
const CORRECTION_MESSAGE: Record<CorrectionRefusal, string> = {
  'request-id-reused': 'this request id was used for another request: send a new one',
  'unknown-session': 'no such session',
  'not-your-session': 'the session belongs to another volunteer',
  'session-still-open': 'the session is still open: it closes at the check-out or the daily cutoff',
  'correction-pending': 'a correction for this session already waits for review',
  'invalid-times': 'the times cannot be a session',
};

export const reviewRoutes: FastifyPluginAsync<ReviewRouteDeps> = async (app, deps) => {
  const { store, stations } = deps;
  const nowIso = () => (deps.now?.() ?? new Date()).toISOString();
  const stationsOfSites = (sites: readonly string[]) => Object.entries(stations).filter(([, s]) => sites.includes(s.siteId)).map(([id]) => id);
  const loadItem = async (request: FastifyRequest, principal: ManagerPrincipal): Promise<ReviewItem> => {
    const { itemId } = parse(request.params, ItemIdSchema, 'review item');
    const item = await store.reviews.find(itemId);
    if (!item) throw new HttpError(404, `no review item ${itemId}`);
    requireItemInScope(principal, item, stations);
    return item;
  };

  app.get('/api/reviews', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireReviewer(principal);
    const q = parse(rawQueryOf(request), QuerySchema, 'query parameters');
    if (q.site !== undefined) requireSite(principal, q.site);
    const sites = q.site !== undefined ? [q.site] : principal.role === 'site-staff' ? principal.sites : undefined;
    const nowMs = Date.parse(nowIso());
    const items = await store.reviews.list({
      ...(sites ? { stationIds: stationsOfSites(sites) } : {}),
      state: q.state ?? 'pending',
      ...(q.olderThanDays !== undefined ? { raisedBefore: new Date(nowMs - q.olderThanDays * 86_400_000).toISOString() } : {}),
      ...(q.volunteer !== undefined ? { volunteerId: q.volunteer } : {}),
    });
    return sendJson(reply, 200, { items: items.map((item) => itemView(item, stations)) });
  });

  app.get('/api/reviews/:itemId', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireReviewer(principal);
    const item = await loadItem(request, principal);
    return sendJson(reply, 200, { item: itemView(item, stations), trail: await store.reviews.trail(item.id) });
  });

  app.post('/api/reviews/:itemId/decision', async (request, reply: FastifyReply) => {
    const principal = await deps.auth.principal(request);
    requireReviewer(principal);
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the decision as application/json');
    const body = parse(request.body, ReviewDecisionRequestSchema, 'decision');
    const item = await loadItem(request, principal);
    const outcome = await store.reviews.decide(
      { requestId: body.requestId, itemId: item.id, outcome: body.outcome, ...(body.endedAt !== undefined ? { endedAt: body.endedAt } : {}), reason: body.reason, actor: `manager:${principal.name}`, at: nowIso() },
      deps.rules,
    );
    if (!outcome.ok) {
      return sendJson(reply, REFUSAL_STATUS[outcome.reason], {
        error: REFUSAL_MESSAGE[outcome.reason],
        reason: outcome.reason,
        ...(outcome.problem ? { issues: [`endedAt: ${outcome.problem}`] } : {}),
        ...(outcome.decision ? { decision: decisionView(outcome.decision) } : {}),
      });
    }
    const balance = await store.ledger.balance(item.volunteerId);
    return sendJson(reply, 200, { ok: true, repeated: outcome.repeated, item: itemView(outcome.item, stations), decision: decisionView(outcome.decision), balance });
  });

  app.post('/api/corrections', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireReviewer(principal);
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
    const body = parse(request.body, StaffCorrectionRequestSchema, 'correction request');
    if (!(await store.findVolunteer(body.volunteerId))) throw new HttpError(404, `no volunteer has the number ${body.volunteerId}`);
    const stationId = body.sessionId !== undefined ? (await store.reviews.sessionOf(body.sessionId))?.stationId : body.stationId;
    if (body.stationId !== undefined && !stations[body.stationId]) throw new HttpError(400, 'bad correction request', [`stationId: no station ${body.stationId} in the stations file`]);
    if (stationId !== undefined) requireItemInScope(principal, { stationId }, stations);
    const outcome = await store.reviews.requestCorrection({
      requestId: body.requestId,
      volunteerId: body.volunteerId,
      kind: body.kind,
      ...(body.sessionId !== undefined ? { sessionId: body.sessionId } : {}),
      ...(body.stationId !== undefined ? { stationId: body.stationId } : {}),
      ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
      endedAt: body.endedAt,
      ...(body.note ? { note: body.note } : {}),
      at: nowIso(),
      actor: `manager:${principal.name}`,
    });
    if (!outcome.ok) {
      return sendJson(reply, CORRECTION_STATUS[outcome.reason], { error: CORRECTION_MESSAGE[outcome.reason], reason: outcome.reason, ...(outcome.problem ? { issues: [outcome.problem] } : {}) });
    }
    const item = await store.reviews.find(correctionItemId(outcome.correction.id));
    return sendJson(reply, outcome.repeated ? 200 : 201, { ok: true, repeated: outcome.repeated, item: itemView(item!, stations) });
  });
};
