/**
 * The volunteer's phone on the public listener (protocol v2 §Phone API):
 *   GET  /c/{token}, /c/{stationId}/{token}   the phone app, with this visit's ticket in the page
 *   GET  /phone/                              the phone app without a code (this phone's link)
 *   GET  /phone/{file}                        the built app's files (dist/phone/)
 *   GET  /favicon.ico                         the apps' icon, from the same build
 *   GET  /phone/api/me                        what this phone is linked to
 *   POST /phone/api/checkins                  check in or out {token, ticket, volunteer?, assertion?, activityId?}
 *   POST /phone/api/checkins/passkey-options  a check-in challenge for this phone {token, ticket}
 *   POST /phone/api/pairings                  start linking this phone {token, ticket, volunteer}
 *   GET  /phone/api/pairings/current          how this phone's linking goes
 *   POST /phone/api/pairings/cancel           stop waiting
 *   POST /phone/api/passkeys/options          options to add a passkey to this phone's link
 *   POST /phone/api/passkeys                  the new passkey {response}
 *   POST /phone/api/unlink                    unlink this phone
 *   GET  /phone/api/passbook, POST /phone/api/stars/apply   the volunteer's record (passbook-routes.ts)
 * The phone is named by its device cookie (HttpOnly, SameSite=Strict), set with the page.
 * A `/c/{stationId}/{token}` address refuses other stations' tokens when the page is
 * served; the ticket then carries that decision, so the API needs no address.
 * POSTs take JSON only: with the Strict cookie, no other site can make a phone send one.
 *
 * And on the admin listener, `phoneAdminRoutes` (manager credentials):
 *   GET  /api/volunteers/{id}/phones          a volunteer's linked phones, revoked ones too
 *   POST /api/volunteers/{id}/phones/revoke   unlink every phone of that volunteer (audited)
 *   GET  /api/audit[?volunteer=]              the audit log, newest first
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as v from 'valibot';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  IdSchema,
  maskName,
  PairingStartRequestSchema,
  PasskeyCheckinOptionsRequestSchema,
  PasskeyRegistrationRequestSchema,
  PhoneCheckinRequestSchema,
  validate,
  type PhoneRefusalReason,
  type PhoneStateReply,
  type StationsFile,
} from '../../shared/index.ts';
import { injectVisit, renderPhoneErrorPage } from '../phone/checkin-page.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, deviceHash, isDeviceKey, newDeviceKey } from '../phone/device-key.ts';
import type { PhoneClient } from '../phone/phone-checkin.ts';
import { checkinMessage, PAIRING_MESSAGES, REFUSAL_MESSAGES, REFUSAL_STATUS, type PageLang } from '../phone/phone-messages.ts';
import type { PhoneWing } from '../phone/phone-wing.ts';
import { reservationRoutes } from '../phone/reservation-routes.ts';
import type { ShopService } from '../shop/shop-service.ts';
import { localTimeOfDay } from '../../shared/local-time.ts';
import { categoryOfStation } from '../timebank/rules.ts';
import { passbookRoutes } from '../phone/passbook-routes.ts';
import { bodyOf, HttpError, requestUrl, sendJson, sendText } from './http-helpers.ts';

export interface PhoneRouteDeps {
  phone: PhoneWing;
  stations: StationsFile;
  timeZone: string;
  /** Protocol v2 rewards shop: the phone's reservations (central/phone/reservation-routes.ts). */
  shop?: ShopService;
}

const FILE_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};
const APP_FILE = /^(assets\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The phone app's pages load their script and style from /phone/ and call the API on the same origin; nothing else. */
const PAGE_CSP = { 'script-src': ["'self'"], 'style-src': ["'self'"], 'connect-src': ["'self'"], 'img-src': ["'self'"] };

function pageLang(request: FastifyRequest): PageLang {
  const explicit = requestUrl(request).searchParams.get('lang');
  if (explicit === 'en' || explicit === 'zh') return explicit;
  return (request.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** `/c/{token}` or `/c/{stationId}/{token}`; undefined for anything else. Throws a 400 on a malformed %-escape. */
export function parsePhonePath(pathname: string): { token: string; expectedStationId?: string } | undefined {
  let parts: string[];
  try {
    parts = pathname.split('/').slice(2).map((p) => decodeURIComponent(p));
  } catch {
    throw new HttpError(400, 'this address has a malformed %-escape: scan the code on the station screen again');
  }
  if (parts.length === 1 && parts[0]) return { token: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { token: parts[1], expectedStationId: parts[0] };
  return undefined;
}

function deviceHashOf(request: FastifyRequest): string | undefined {
  const key = request.cookies[DEVICE_COOKIE];
  return isDeviceKey(key) ? deviceHash(key) : undefined;
}

function clientOf(request: FastifyRequest): PhoneClient {
  return { address: request.ip, deviceHash: deviceHashOf(request) };
}

function refusal(reply: FastifyReply, reason: PhoneRefusalReason, retryAfterSeconds?: number): FastifyReply {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {};
  return sendJson(reply, REFUSAL_STATUS[reason], { ok: false, reason, message: REFUSAL_MESSAGES[reason], ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) }, headers);
}

function requireDevice(request: FastifyRequest): string {
  const hash = deviceHashOf(request);
  if (!hash) throw new HttpError(403, 'this phone has no device cookie: open the page by scanning the code on the station screen');
  return hash;
}

export const phoneRoutes: FastifyPluginAsync<PhoneRouteDeps> = async (app, deps) => {
  const { phone, stations } = deps;
  app.register(passbookRoutes, { phone, stations, rules: phone.rules });
  if (deps.shop) app.register(reservationRoutes, { shop: deps.shop, stations });
  const files = new Map<string, Buffer>();
  const appFile = async (name: string): Promise<Buffer | undefined> => {
    let file = files.get(name);
    if (!file) {
      file = await readFile(join(phone.appDir, name)).catch(() => undefined);
      if (file) files.set(name, file);
    }
    return file;
  };
  const shell = async (request: FastifyRequest, reply: FastifyReply, visit?: Parameters<typeof injectVisit>[1]): Promise<FastifyReply> => {
    const index = await appFile('index.html');
    if (!index) {
      return sendText(reply, 503, 'text/html; charset=utf-8', renderPhoneErrorPage(pageLang(request), REFUSAL_MESSAGES.unavailable));
    }
    return sendText(reply, 200, 'text/html; charset=utf-8', injectVisit(index.toString('utf8'), visit));
  };

  /** Every phone page sets the device cookie once; it is the phone's name from then on. */
  const ensureDevice = (request: FastifyRequest, reply: FastifyReply): string => {
    const existing = deviceHashOf(request);
    if (existing) return existing;
    const key = newDeviceKey();
    reply.setCookie(DEVICE_COOKIE, key, { httpOnly: true, sameSite: 'strict', secure: phone.rp.secureCookies, path: '/', maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS });
    return deviceHash(key);
  };

  app.route({
    method: ['GET', 'HEAD'],
    url: '/c/*',
    config: { csp: PAGE_CSP },
    handler: async (request, reply) => {
      const path = parsePhonePath(requestUrl(request).pathname);
      if (!path) throw new HttpError(404, 'no check-in code in this address');
      const device = ensureDevice(request, reply);
      const admission = await phone.checkin.admitPage(path.token, device, path.expectedStationId);
      if (!admission.ok) {
        const name = admission.stationId !== undefined ? stations[admission.stationId]?.name : undefined;
        return sendText(reply, REFUSAL_STATUS[admission.reason], 'text/html; charset=utf-8', renderPhoneErrorPage(pageLang(request), REFUSAL_MESSAGES[admission.reason], name));
      }
      const { stationId, ticket } = admission.value;
      const activities = phone.checkin.activitiesAt(stationId);
      return shell(request, reply, {
        ticket,
        stationId,
        stationName: stations[stationId]!.name,
        stationCategory: categoryOfStation(stationId, phone.rules),
        ...(activities.length > 0 ? { activities } : {}),
      });
    },
  });
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/c/*',
    handler: async () => {
      throw new HttpError(405, 'check in from the phone page: scan the code on the station screen again', [], { allow: 'GET, HEAD' });
    },
  });

  // Browsers ask the origin for its icon; the phone build carries the apps' one (scripts/vite-brand-icons.ts).
  app.get('/favicon.ico', async (_request, reply) => {
    const icon = await appFile('favicon.ico');
    if (!icon) throw new HttpError(404, 'not found: /favicon.ico');
    return reply.code(200).headers({ 'content-type': FILE_TYPES['.ico']!, 'cache-control': 'no-cache' }).send(icon);
  });
  app.get('/phone', async (_request, reply) => reply.redirect('/phone/', 308));
  app.get('/phone/', { config: { csp: PAGE_CSP } }, async (request, reply) => {
    ensureDevice(request, reply);
    return shell(request, reply);
  });
  app.get('/phone/*', async (request, reply) => {
    const name = requestUrl(request).pathname.slice('/phone/'.length);
    if (!APP_FILE.test(name) || name === 'index.html' || name.includes('..')) throw new HttpError(404, `not found: /phone/${name}`);
    const file = await appFile(name);
    if (!file) throw new HttpError(404, `not found: /phone/${name}`);
    // Vite names assets by content hash, so they never change under one name.
    const cache = name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return reply.code(200).headers({ 'content-type': FILE_TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': cache }).send(file);
  });

  app.get('/phone/api/me', async (request, reply) => {
    const device = deviceHashOf(request);
    const passkeys = phone.passkeys.enabled;
    const binding = device ? await phone.store.phone.activeBindingOfDevice(device) : undefined;
    if (!binding) {
      const pairing = device ? await phone.pairing.status(device) : undefined;
      return sendJson(reply, 200, { linked: false, passkeys, ...(pairing ? { pairing } : {}) } satisfies PhoneStateReply);
    }
    const volunteer = await phone.store.findVolunteer(binding.volunteerId);
    const state: PhoneStateReply = {
      linked: true,
      volunteerId: binding.volunteerId,
      displayName: volunteer ? maskName(volunteer.name) : binding.volunteerId,
      credential: binding.credential,
      linkedAt: new Date(binding.createdAtMs).toISOString(),
      canAddPasskey: phone.passkeys.canEnrol(binding),
      passkeys,
    };
    return sendJson(reply, 200, state);
  });

  app.post('/phone/api/checkins', async (request, reply) => {
    const body = bodyOf(request, PhoneCheckinRequestSchema);
    const outcome = await phone.checkin.checkIn(body, clientOf(request));
    if (!outcome.ok) return refusal(reply, outcome.reason, outcome.retryAfterSeconds);
    const message = checkinMessage(outcome.value.view, (iso) => localTimeOfDay(Date.parse(iso), deps.timeZone));
    return sendJson(reply, 200, { ok: true, checkin: outcome.value.view, message });
  });

  app.post('/phone/api/checkins/passkey-options', async (request, reply) => {
    const body = bodyOf(request, PasskeyCheckinOptionsRequestSchema);
    const client = clientOf(request);
    // Challenges only for a phone whose link has a passkey: nothing is stored for anyone else.
    const options = await phone.checkin.throttled(phone.checkin.keysOf(client, body.token), async () => {
      const admission = await phone.checkin.admitRequest(body.token, body.ticket, client.deviceHash);
      if (!admission.ok) return admission;
      const binding = await phone.store.phone.activeBindingOfDevice(client.deviceHash!);
      if (!binding) return { ok: false, reason: 'phone-not-linked' } as const;
      if (binding.credential !== 'passkey') return { ok: false, reason: 'passkey-unavailable' } as const;
      const made = await phone.passkeys.checkinOptions(client.deviceHash!);
      return made.ok ? { ok: true, value: made.value } : ({ ok: false, reason: 'passkey-unavailable' } as const);
    });
    if (!options.ok) return refusal(reply, options.reason, options.retryAfterSeconds);
    return sendJson(reply, 200, { ok: true, options: options.value });
  });

  app.post('/phone/api/pairings', async (request, reply) => {
    const body = bodyOf(request, PairingStartRequestSchema);
    const outcome = await phone.pairing.begin(body, clientOf(request));
    if (!outcome.ok) return refusal(reply, outcome.reason, outcome.retryAfterSeconds);
    return sendJson(reply, 202, { ok: true, pairing: outcome.value, message: PAIRING_MESSAGES[outcome.value.phase] });
  });

  app.get('/phone/api/pairings/current', async (request, reply) => {
    const device = deviceHashOf(request);
    const pairing = device ? await phone.pairing.status(device) : undefined;
    if (!pairing) return refusal(reply, 'no-pairing');
    return sendJson(reply, 200, { ok: true, pairing, message: PAIRING_MESSAGES[pairing.phase] });
  });

  app.post('/phone/api/pairings/cancel', async (request, reply) => {
    bodyOf(request, v.strictObject({}));
    await phone.pairing.cancel(requireDevice(request));
    return sendJson(reply, 200, { ok: true, message: PAIRING_MESSAGES.cancelled });
  });

  app.post('/phone/api/passkeys/options', async (request, reply) => {
    bodyOf(request, v.strictObject({}));
    const options = await phone.passkeys.registrationOptions(requireDevice(request));
    if (!options.ok) return refusal(reply, 'passkey-unavailable');
    return sendJson(reply, 200, { ok: true, options: options.value });
  });

  app.post('/phone/api/passkeys', async (request, reply) => {
    const body = bodyOf(request, PasskeyRegistrationRequestSchema);
    const added = await phone.passkeys.register(requireDevice(request), body.response as unknown as RegistrationResponseJSON);
    if (!added.ok) return refusal(reply, 'passkey-unavailable');
    return sendJson(reply, 200, { ok: true, credential: 'passkey' });
  });

  app.post('/phone/api/unlink', async (request, reply) => {
    bodyOf(request, v.strictObject({}));
    const device = requireDevice(request);
    const binding = await phone.store.phone.activeBindingOfDevice(device);
    if (binding) await phone.store.phone.unlinkBinding(binding.id, phone.nowMs());
    return sendJson(reply, 200, { ok: true, linked: false, message: { zh: '这部手机已解除绑定。', en: 'This phone is no longer linked.' } });
  });
};

export interface PhoneAdminDeps {
  phone: PhoneWing;
  /** The manager's name, or throws a 401/429 HttpError (the admin listener's authenticator). */
  authenticate(request: FastifyRequest): Promise<string> | string;
}

const VolunteerParamsSchema = v.strictObject({ id: IdSchema });
const AuditQuerySchema = v.strictObject({ volunteer: v.optional(IdSchema) });

function paramsOf<S extends v.GenericSchema>(input: unknown, schema: S): v.InferOutput<S> {
  const parsed = validate(schema, input ?? {});
  if (!parsed.ok) throw new HttpError(400, 'bad parameters', parsed.issues);
  return parsed.value;
}

export const phoneAdminRoutes: FastifyPluginAsync<PhoneAdminDeps> = async (app, { phone, authenticate }) => {
  const managers = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => {
    managers.set(request, await authenticate(request));
  });
  const volunteerOf = async (request: FastifyRequest) => {
    const { id } = paramsOf(request.params, VolunteerParamsSchema);
    if (!(await phone.store.findVolunteer(id))) throw new HttpError(404, `no volunteer has the number ${id}`);
    return id;
  };
  app.get('/api/volunteers/:id/phones', async (request, reply) => {
    const volunteerId = await volunteerOf(request);
    const bindings = await phone.store.phone.bindingsOfVolunteer(volunteerId);
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    return sendJson(reply, 200, {
      volunteerId,
      phones: bindings.map((b) => ({
        id: b.id,
        credential: b.credential,
        stationId: b.stationId,
        linkedAt: iso(b.createdAtMs),
        lastUsedAt: iso(b.lastUsedAtMs),
        revokedAt: iso(b.revokedAtMs),
        revokedBy: b.revokedBy ?? null,
        revokeReason: b.revokeReason ?? null,
      })),
    });
  });
  app.post('/api/volunteers/:id/phones/revoke', async (request, reply) => {
    const volunteerId = await volunteerOf(request);
    const revoked = await phone.store.phone.revokeVolunteerBindings(volunteerId, `manager:${managers.get(request)}`, phone.nowMs());
    return sendJson(reply, 200, { volunteerId, revoked });
  });
  app.get('/api/audit', async (request, reply) => {
    const q = paramsOf(request.query, AuditQuerySchema);
    return sendJson(reply, 200, { entries: await phone.store.phone.listAudit({ ...(q.volunteer ? { volunteerId: q.volunteer } : {}), limit: 500 }) });
  });
};
