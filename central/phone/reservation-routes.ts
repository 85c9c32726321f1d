/**
 * The volunteer's phone reserves rewards (protocol v2 §Time bank: the rewards shop), on
 * the public listener, for the volunteer linked to the calling phone only (device cookie
 * -> active binding, as `GET /phone/api/me`); an unlinked phone gets 403 `phone-not-linked`:
 *   GET  /phone/api/rewards                          every site's rewards view and this volunteer's balance
 *   POST /phone/api/reservations                     {siteId, itemId, requestId}: hold it for 15 minutes -> code + QR
 *   GET  /phone/api/reservations                     this volunteer's pending reservations, with codes
 *   POST /phone/api/reservations/{id}/cancel         {requestId}: give it back now
 * The QR holds only the 6 digits, so a desk's keyboard-wedge scanner types them into the code field.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import * as v from 'valibot';
import { ReservationRequestSchema, UuidSchema, validate, type StationsFile } from '../../shared/index.ts';
import { HttpError, sendJson } from '../http/http-helpers.ts';
import { SHOP_REFUSAL_MESSAGES, SHOP_REFUSAL_STATUS } from '../shop/shop-messages.ts';
import { rewardsViewOf } from '../shop/shop-rules.ts';
import type { ShopService } from '../shop/shop-service.ts';
import type { Redemption, ShopOutcome } from '../store/shop-store.ts';
import { DEVICE_COOKIE, deviceHash, isDeviceKey } from './device-key.ts';
import { REFUSAL_MESSAGES } from './phone-messages.ts';

export interface ReservationRouteDeps {
  shop: ShopService;
  stations: StationsFile;
}

const CancelBody = v.strictObject({ requestId: UuidSchema });
const IdParams = v.strictObject({ id: UuidSchema });

/** The QR as rows of 0/1 modules: the phone draws it as SVG (no image data URLs under its CSP). */
export function qrModules(code: string): { size: number; rows: string[] } {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const rows: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    let row = '';
    for (let x = 0; x < modules.size; x++) row += modules.get(x, y) ? '1' : '0';
    rows.push(row);
  }
  return { size: modules.size, rows };
}

function reservationView(r: Redemption) {
  return {
    id: r.id,
    siteId: r.siteId,
    itemId: r.itemId,
    item: r.itemName,
    price: r.price,
    state: r.state,
    ...(r.code ? { code: r.code, qr: qrModules(r.code) } : {}),
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
    balanceAfter: r.balanceAfter,
  };
}

function bodyOf<S extends v.GenericSchema>(request: FastifyRequest, schema: S): v.InferOutput<S> {
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
  const parsed = validate(schema, request.body ?? {});
  if (!parsed.ok) throw new HttpError(400, 'the request body is not valid', parsed.issues);
  return parsed.value;
}

export const reservationRoutes: FastifyPluginAsync<ReservationRouteDeps> = async (app, { shop, stations }) => {
  /** The linked volunteer, or undefined after answering 403 `phone-not-linked`. */
  const volunteerOf = async (request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
    const key = request.cookies[DEVICE_COOKIE];
    const binding = isDeviceKey(key) ? await shop.store.phone.activeBindingOfDevice(deviceHash(key)) : undefined;
    if (binding) return binding.volunteerId;
    sendJson(reply, 403, { ok: false, reason: 'phone-not-linked', message: REFUSAL_MESSAGES['phone-not-linked'] });
    return undefined;
  };
  const answer = (reply: FastifyReply, outcome: ShopOutcome, status: number) =>
    outcome.ok
      ? sendJson(reply, status, { ok: true, repeated: outcome.repeated, reservation: reservationView(outcome.redemption) })
      : sendJson(reply, SHOP_REFUSAL_STATUS[outcome.reason], { ok: false, reason: outcome.reason, message: SHOP_REFUSAL_MESSAGES[outcome.reason] });

  app.get('/phone/api/rewards', async (request, reply) => {
    const volunteerId = await volunteerOf(request, reply);
    if (!volunteerId) return reply;
    const nowIso = new Date(shop.nowMs()).toISOString();
    const sites = await Promise.all(
      (await shop.store.shop.listSites()).map(async (siteId) => ({
        ...rewardsViewOf(siteId, await shop.store.shop.listItems(siteId), nowIso),
        stations: Object.values(stations).filter((s) => s.siteId === siteId).map((s) => s.name),
      })),
    );
    return sendJson(reply, 200, { ok: true, balance: await shop.store.ledger.balance(volunteerId), sites });
  });

  app.post('/phone/api/reservations', async (request, reply) => {
    const volunteerId = await volunteerOf(request, reply);
    if (!volunteerId) return reply;
    const body = bodyOf(request, ReservationRequestSchema);
    const outcome = await shop.reserve(volunteerId, body);
    return answer(reply, outcome, outcome.ok && outcome.repeated ? 200 : 201);
  });

  app.get('/phone/api/reservations', async (request, reply) => {
    const volunteerId = await volunteerOf(request, reply);
    if (!volunteerId) return reply;
    return sendJson(reply, 200, { ok: true, reservations: (await shop.pendingOf(volunteerId)).map(reservationView) });
  });

  app.post('/phone/api/reservations/:id/cancel', async (request, reply) => {
    const volunteerId = await volunteerOf(request, reply);
    if (!volunteerId) return reply;
    const params = validate(IdParams, request.params ?? {});
    if (!params.ok) throw new HttpError(400, 'bad reservation id', params.issues);
    const body = bodyOf(request, CancelBody);
    const outcome = await shop.cancel({ redemptionId: params.value.id, requestId: body.requestId, volunteerId, reason: 'cancelled on the phone' }, `volunteer:${volunteerId}`);
    // Another volunteer's reservation reads as no reservation at all.
    if (!outcome.ok && outcome.reason === 'not-yours') return answer(reply, { ok: false, reason: 'unknown-redemption' }, 404);
    return answer(reply, outcome, 200);
  });
};
