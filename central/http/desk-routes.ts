/**
 * The console's Redemption desk on the admin listener (protocol v2 §Time bank: the rewards
 * shop), manager credentials; a `site-staff` account acts only on its own sites (403):
 *   GET  /api/desk/sites                          the sites this account may serve, with each catalogue and exact stock
 *   GET  /api/desk/sites/{siteId}/codes/{code}    the pending reservation with this code (masked name, item, price)
 *   POST /api/desk/sites/{siteId}/handovers       {code, requestId}: hand it over (the receipt)
 *   GET  /api/desk/sites/{siteId}/redemptions     the site's latest redemptions, masked names
 *   POST /api/desk/redemptions/{id}/reverse       {requestId, reason}: a city manager undoes a hand-over
 * The card-only desk (central/shop/desk-sessions.ts), scoped to the station's site:
 *   POST /api/desk/sessions                       {stationId, requestId}: open the desk; the next card tap there identifies the volunteer
 *   GET  /api/desk/sessions/{id}                  the session: waiting, the volunteer (masked name, balance, star), the outcome
 *   POST /api/desk/sessions/{id}/offer            {itemId, requestId}: ask the card holder on the kiosk; the request id redeems once
 *   POST /api/desk/sessions/{id}/close            close the desk (an unanswered kiosk prompt is cancelled)
 * Every write carries the client's request id, so a retried click counts once.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, maskName, UuidSchema, validate } from '../../shared/index.ts';
import { REDEMPTION_CODE_PATTERN } from '../shop/shop-rules.ts';
import { SHOP_REFUSAL_MESSAGES, SHOP_REFUSAL_STATUS } from '../shop/shop-messages.ts';
import type { ShopService } from '../shop/shop-service.ts';
import type { DeskSession, DeskSessions } from '../shop/desk-sessions.ts';
import type { StationsFile } from '../../shared/index.ts';
import type { Redemption, ShopOutcome } from '../store/shop-store.ts';
import { HttpError, sendJson } from './http-helpers.ts';
import { maySeeSite, requireCityManager, requireSite, type ManagerPrincipal } from './manager-scope.ts';

export interface DeskRouteDeps {
  shop: ShopService;
  /** Every site of the stations file. */
  sites: readonly string[];
  principal(request: FastifyRequest): Promise<ManagerPrincipal>;
  /** The card-only desk; without it the session routes are absent. */
  sessions?: DeskSessions;
  stations?: StationsFile;
}

const CodeSchema = v.pipe(v.string(), v.regex(REDEMPTION_CODE_PATTERN, 'must be the 6 digits on the phone'));
const SiteParams = v.strictObject({ siteId: IdSchema });
const CodeParams = v.strictObject({ siteId: IdSchema, code: CodeSchema });
const IdParams = v.strictObject({ id: UuidSchema });
const HandOverBody = v.strictObject({ code: CodeSchema, requestId: UuidSchema });
const OpenBody = v.strictObject({ stationId: IdSchema, requestId: UuidSchema });
const OfferBody = v.strictObject({ itemId: IdSchema, requestId: UuidSchema });
const ReverseBody = v.strictObject({ requestId: UuidSchema, reason: v.pipe(v.string(), v.trim(), v.minLength(3, 'say why, in a few words'), v.maxLength(500)) });

function parsed<S extends v.GenericSchema>(input: unknown, schema: S, what: string): v.InferOutput<S> {
  const result = validate(schema, input ?? {});
  if (!result.ok) throw new HttpError(400, `bad ${what}`, result.issues);
  return result.value;
}

export const deskRoutes: FastifyPluginAsync<DeskRouteDeps> = async (app, { shop, sites, principal, sessions, stations = {} }) => {
  const nameOf = async (volunteerId: string) => {
    const volunteer = await shop.store.findVolunteer(volunteerId);
    return volunteer ? maskName(volunteer.name) : volunteerId;
  };
  /** What a desk sees of a redemption: a masked name, never the full one. */
  const deskView = async (r: Redemption) => ({
    id: r.id,
    state: r.state,
    siteId: r.siteId,
    itemId: r.itemId,
    item: r.itemName,
    price: r.price,
    displayName: await nameOf(r.volunteerId),
    createdAt: r.createdAt,
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
    ...(r.handedOverAt ? { handedOverAt: r.handedOverAt, handedOverBy: r.handedOverBy } : {}),
    ...(r.closedAt ? { closedAt: r.closedAt, closedBy: r.closedBy, reason: r.reason } : {}),
    balanceAfter: r.balanceAfter,
  });
  const answer = async (reply: Parameters<typeof sendJson>[0], outcome: ShopOutcome, status = 200) => {
    if (!outcome.ok) {
      return sendJson(reply, SHOP_REFUSAL_STATUS[outcome.reason], { ok: false, reason: outcome.reason, message: SHOP_REFUSAL_MESSAGES[outcome.reason] });
    }
    return sendJson(reply, status, { ok: true, repeated: outcome.repeated, receipt: await deskView(outcome.redemption) });
  };
  /** The site of the address and the account, checked together: one password check per request. */
  const siteOf = async (request: FastifyRequest) => {
    const { siteId } = parsed(request.params, SiteParams, 'site');
    const who = await principal(request);
    requireSite(who, siteId);
    return { siteId, who };
  };

  app.get('/api/desk/sites', async (request, reply) => {
    const who = await principal(request);
    const mine = sites.filter((siteId) => maySeeSite(who, siteId));
    const catalogues = await Promise.all(mine.map(async (siteId) => ({ siteId, items: await shop.store.shop.listItems(siteId) })));
    const mineStations = Object.entries(stations)
      .filter(([, s]) => maySeeSite(who, s.siteId))
      .map(([stationId, s]) => ({ stationId, siteId: s.siteId, name: s.name }));
    return sendJson(reply, 200, { account: who.name, role: who.role, sites: catalogues, stations: mineStations });
  });

  app.get('/api/desk/sites/:siteId/codes/:code', async (request, reply) => {
    const { siteId, code } = parsed(request.params, CodeParams, 'code');
    requireSite(await principal(request), siteId);
    const pending = await shop.store.shop.findPendingByCode(siteId, code);
    if (!pending) {
      // A code reserved for another site: say so (without the name), so staff send the volunteer there.
      for (const other of await shop.store.shop.listSites()) {
        if (other === siteId) continue;
        const elsewhere = await shop.store.shop.findPendingByCode(other, code);
        if (elsewhere && Date.parse(elsewhere.expiresAt!) > shop.nowMs()) {
          return sendJson(reply, 403, {
            ok: false,
            reason: 'not-yours',
            message: { zh: `这个兑换码是在另一个站点（${other}）预约的，请到那里兑换。`, en: `This code was reserved for another site (${other}): it is handed over there.` },
          });
        }
      }
    }
    if (pending && Date.parse(pending.expiresAt!) <= shop.nowMs()) {
      return sendJson(reply, 410, { ok: false, reason: 'reservation-expired', message: SHOP_REFUSAL_MESSAGES['reservation-expired'] });
    }
    if (!pending) {
      // A code used today (handed over, expired or cancelled) says so rather than "no such code".
      const recent = await shop.store.shop.listRedemptions({ siteId, limit: 200 });
      const used = recent.find((r) => r.code === code && Date.parse(r.createdAt) > shop.nowMs() - 24 * 3_600_000);
      if (used) {
        const reason = used.state === 'expired' ? 'reservation-expired' : 'not-pending';
        return sendJson(reply, SHOP_REFUSAL_STATUS[reason], { ok: false, reason, message: SHOP_REFUSAL_MESSAGES[reason] });
      }
    }
    if (!pending) {
      return sendJson(reply, 404, { ok: false, reason: 'unknown-redemption', message: SHOP_REFUSAL_MESSAGES['unknown-redemption'] });
    }
    return sendJson(reply, 200, { ok: true, reservation: await deskView(pending) });
  });

  app.post('/api/desk/sites/:siteId/handovers', async (request, reply) => {
    const { siteId, who } = await siteOf(request);
    const body = parsed(request.body, HandOverBody, 'request body');
    return answer(reply, await shop.handOver({ siteId, code: body.code, requestId: body.requestId }, who.name));
  });

  app.get('/api/desk/sites/:siteId/redemptions', async (request, reply) => {
    const { siteId } = await siteOf(request);
    const list = await shop.store.shop.listRedemptions({ siteId, limit: 50 });
    return sendJson(reply, 200, { siteId, redemptions: await Promise.all(list.map(deskView)) });
  });

  app.post('/api/desk/redemptions/:id/reverse', async (request, reply) => {
    const { id } = parsed(request.params, IdParams, 'redemption id');
    const body = parsed(request.body, ReverseBody, 'request body');
    const who = await principal(request);
    // Separation of duties: the desk that handed goods over does not also give the points back.
    requireCityManager(who);
    const redemption = await shop.store.shop.findRedemption(id);
    if (!redemption) throw new HttpError(404, `no redemption has the id ${id}`);
    return answer(reply, await shop.reverse({ redemptionId: id, requestId: body.requestId, reason: body.reason }, who.name));
  });

  if (!sessions) return;
  /** What the desk sees of a card-only session: masked name, balance, star; never the card or the full name. */
  const sessionView = (session: DeskSession) => ({
    id: session.id,
    stationId: session.stationId,
    siteId: session.siteId,
    state: session.state,
    openedBy: session.openedBy,
    expiresAt: new Date(session.expiresAtMs).toISOString(),
    tapCountsAsCheckIn: true,
    ...(session.volunteer ? { volunteer: { displayName: session.volunteer.displayName, balance: session.volunteer.balance, star: session.volunteer.star } } : {}),
    ...(session.offer ? { offer: { itemId: session.offer.itemId, item: session.offer.item, price: session.offer.price, expiresAt: new Date(session.expiresAtMs).toISOString() } } : {}),
    ...(session.refusal ? { refusal: { reason: session.refusal, message: SHOP_REFUSAL_MESSAGES[session.refusal] } } : {}),
  });
  const viewWithReceipt = async (session: DeskSession) => ({ ...sessionView(session), ...(session.receipt ? { receipt: await deskView(session.receipt) } : {}) });
  /** The session of the address, if this account may serve its site. */
  const sessionOf = async (request: FastifyRequest) => {
    const { id } = parsed(request.params, IdParams, 'desk session id');
    const who = await principal(request);
    const session = await sessions.get(id);
    if (!session) throw new HttpError(404, 'this desk session is not open (any more): open the desk again');
    requireSite(who, session.siteId);
    return { session, who };
  };

  app.post('/api/desk/sessions', async (request, reply) => {
    const body = parsed(request.body, OpenBody, 'request body');
    const who = await principal(request);
    const station = stations[body.stationId];
    if (!station) throw new HttpError(404, `there is no station ${body.stationId}`, ['pick a station of your site from the list']);
    requireSite(who, station.siteId);
    const opened = await sessions.open(body.stationId, body.requestId, who.name);
    if (!opened.ok) throw new HttpError(opened.status, opened.message);
    return sendJson(reply, 201, { session: sessionView(opened.value) });
  });

  app.get('/api/desk/sessions/:id', async (request, reply) => {
    const { session } = await sessionOf(request);
    return sendJson(reply, 200, { session: await viewWithReceipt(session) });
  });

  app.post('/api/desk/sessions/:id/offer', async (request, reply) => {
    const { session } = await sessionOf(request);
    const body = parsed(request.body, OfferBody, 'request body');
    const offered = await sessions.offer(session.id, body.itemId, body.requestId);
    if (!offered.ok) return sendJson(reply, offered.status, { error: offered.message, reason: offered.reason, issues: [] });
    return sendJson(reply, 200, { session: await viewWithReceipt(offered.value) });
  });

  app.post('/api/desk/sessions/:id/close', async (request, reply) => {
    const { session } = await sessionOf(request);
    const closed = (await sessions.close(session.id)) ?? session;
    return sendJson(reply, 200, { session: await viewWithReceipt(closed) });
  });
};
