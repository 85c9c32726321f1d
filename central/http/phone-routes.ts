/**
 * `GET /c/{token}` serves the phone page; `POST /c/{token}` checks in. A station-specific
 * base URL `/c/{stationId}/{token}` also works and then refuses other stations' tokens
 * (the token is always the text after the last `/`, protocol v1 §Rotating check-in code).
 * Form posts get an HTML page; `Accept: application/json` gets JSON. The page embeds a
 * check-in ticket (form field / JSON `ticket`, `?ticket=` on the language link) so POST
 * still works minutes after the code on the screen has moved on.
 *
 * A Fastify plugin: `app.register(phoneRoutes, deps)` (see public-app.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { StationsFile } from '../../shared/index.ts';
import { renderCheckinForm, renderOutcomePage } from '../phone/checkin-page.ts';
import type { PhoneCheckin, PhoneRefusal } from '../phone/phone-checkin.ts';
import { REFUSAL_MESSAGES, resultMessage, type PageLang } from '../phone/phone-messages.ts';
import { localTimeOfDay } from '../timebank/local-time.ts';
import { HttpError, requestUrl, sendJson, sendText, wantsJson } from './http-helpers.ts';

const REFUSAL_STATUS: Record<PhoneRefusal, number> = {
  malformed: 400,
  'bad-volunteer-number': 400,
  forged: 403,
  'wrong-station': 403,
  'unknown-station': 404,
  'unknown-volunteer': 404,
  replayed: 409,
  expired: 410,
  'not-yet-valid': 410,
  unavailable: 503,
};

export interface PhoneRouteDeps {
  phone: PhoneCheckin;
  stations: StationsFile;
  timeZone: string;
}

function pageLang(req: FastifyRequest, url: URL, formLang?: string | null): PageLang {
  const explicit = formLang ?? url.searchParams.get('lang');
  if (explicit === 'en' || explicit === 'zh') return explicit;
  const accept = (req.headers['accept-language'] ?? '').toLowerCase();
  return accept.startsWith('en') ? 'en' : 'zh';
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

/** A string field of a parsed JSON or form body; undefined for anything else. */
function bodyField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Registers `/c/*` (every method; anything but GET, HEAD and POST gets 405). */
export const phoneRoutes: FastifyPluginAsync<PhoneRouteDeps> = async (app, deps) => {
  app.all('/c/*', (request, reply) => handlePhoneRoute(request, reply, deps));
};

async function handlePhoneRoute(req: FastifyRequest, reply: FastifyReply, deps: PhoneRouteDeps): Promise<FastifyReply> {
  const url = requestUrl(req);
  const path = parsePhonePath(url.pathname);
  if (!path) throw new HttpError(404, 'no check-in code in this address');
  const { token, expectedStationId } = path;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const lang = pageLang(req, url);
    const admission = await deps.phone.admit(token, expectedStationId, url.searchParams.get('ticket') ?? undefined);
    const stationName = admission.stationId !== undefined ? deps.stations[admission.stationId]?.name : undefined;
    if (!admission.ok) return sendText(reply, REFUSAL_STATUS[admission.reason], 'text/html; charset=utf-8', renderOutcomePage(lang, 'error', REFUSAL_MESSAGES[admission.reason], stationName));
    return sendText(reply, 200, 'text/html; charset=utf-8', renderCheckinForm({ lang, ticket: admission.ticket, ...(stationName ? { stationName } : {}) }));
  }
  if (req.method !== 'POST') throw new HttpError(405, 'use GET or POST', [], { allow: 'GET, HEAD, POST' });
  // JSON and form bodies arrive parsed (central-app.ts); a bad JSON body was already answered 400.
  const json = wantsJson(req);
  const volunteer = bodyField(req.body, 'volunteer') ?? '';
  const formLang = bodyField(req.body, 'lang') ?? null;
  const ticket = bodyField(req.body, 'ticket');
  const lang = pageLang(req, url, formLang);
  const outcome = await deps.phone.checkIn(token, volunteer, expectedStationId, ticket);
  const stationName = outcome.stationId !== undefined ? deps.stations[outcome.stationId]?.name : undefined;
  if (outcome.kind === 'refused') {
    const message = REFUSAL_MESSAGES[outcome.reason];
    const status = REFUSAL_STATUS[outcome.reason];
    if (json) return sendJson(reply, status, { ok: false, reason: outcome.reason, message });
    if (outcome.ticket !== undefined) {
      // The code was fine, only the number was not: ask again, keeping the page's ticket.
      return sendText(reply, status, 'text/html; charset=utf-8', renderCheckinForm({ lang, notice: message, ticket: outcome.ticket, ...(stationName ? { stationName } : {}) }));
    }
    return sendText(reply, status, 'text/html; charset=utf-8', renderOutcomePage(lang, 'error', message, stationName));
  }
  const message = resultMessage(outcome.result, (iso) => localTimeOfDay(Date.parse(iso), deps.timeZone));
  if (json) return sendJson(reply, 200, { ok: true, result: outcome.result, message });
  const tone = outcome.result.status === 'accepted' ? 'ok' : 'warn';
  return sendText(reply, 200, 'text/html; charset=utf-8', renderOutcomePage(lang, tone, message, stationName));
}
