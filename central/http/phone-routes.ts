/**
 * `GET /c/{token}` serves the phone page; `POST /c/{token}` checks in. A station-specific
 * base URL `/c/{stationId}/{token}` also works and then refuses other stations' tokens
 * (the token is always the text after the last `/`, protocol v1 §Rotating check-in code).
 * Form posts get an HTML page; `Accept: application/json` gets JSON. The page embeds a
 * check-in ticket (form field / JSON `ticket`, `?ticket=` on the language link) so POST
 * still works minutes after the code on the screen has moved on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StationsFile } from '../../shared/index.ts';
import { renderCheckinForm, renderOutcomePage } from '../phone/checkin-page.ts';
import type { PhoneCheckin, PhoneRefusal } from '../phone/phone-checkin.ts';
import { REFUSAL_MESSAGES, resultMessage, type PageLang } from '../phone/phone-messages.ts';
import { localTimeOfDay } from '../timebank/local-time.ts';
import { HttpError, readBody, sendJson, sendText, wantsJson } from './http-helpers.ts';

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

function pageLang(req: IncomingMessage, url: URL, formLang?: string | null): PageLang {
  const explicit = formLang ?? url.searchParams.get('lang');
  if (explicit === 'en' || explicit === 'zh') return explicit;
  const accept = (req.headers['accept-language'] ?? '').toLowerCase();
  return accept.startsWith('en') ? 'en' : 'zh';
}

/** `/c/{token}` or `/c/{stationId}/{token}`; undefined for anything else. */
export function parsePhonePath(pathname: string): { token: string; expectedStationId?: string } | undefined {
  const parts = pathname.split('/').slice(2).map((p) => decodeURIComponent(p));
  if (parts.length === 1 && parts[0]) return { token: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { token: parts[1], expectedStationId: parts[0] };
  return undefined;
}

export async function handlePhoneRoute(req: IncomingMessage, res: ServerResponse, url: URL, deps: PhoneRouteDeps): Promise<void> {
  const path = parsePhonePath(url.pathname);
  if (!path) throw new HttpError(404, 'no check-in code in this address');
  const { token, expectedStationId } = path;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const lang = pageLang(req, url);
    const admission = await deps.phone.admit(token, expectedStationId, url.searchParams.get('ticket') ?? undefined);
    const stationName = admission.stationId !== undefined ? deps.stations[admission.stationId]?.name : undefined;
    if (!admission.ok) return sendText(res, REFUSAL_STATUS[admission.reason], 'text/html; charset=utf-8', renderOutcomePage(lang, 'error', REFUSAL_MESSAGES[admission.reason], stationName));
    return sendText(res, 200, 'text/html; charset=utf-8', renderCheckinForm({ lang, ticket: admission.ticket, ...(stationName ? { stationName } : {}) }));
  }
  if (req.method !== 'POST') throw new HttpError(405, 'use GET or POST', [], { allow: 'GET, HEAD, POST' });
  const body = await readBody(req);
  const json = wantsJson(req);
  let volunteer = '';
  let formLang: string | null = null;
  let ticket: string | undefined;
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as { volunteer?: unknown; lang?: unknown; ticket?: unknown };
      volunteer = typeof parsed.volunteer === 'string' ? parsed.volunteer : '';
      formLang = typeof parsed.lang === 'string' ? parsed.lang : null;
      ticket = typeof parsed.ticket === 'string' ? parsed.ticket : undefined;
    } catch {
      throw new HttpError(400, 'the body is not valid JSON: send {"volunteer": "V-0001"}');
    }
  } else {
    const form = new URLSearchParams(body);
    volunteer = form.get('volunteer') ?? '';
    formLang = form.get('lang');
    ticket = form.get('ticket') ?? undefined;
  }
  const lang = pageLang(req, url, formLang);
  const outcome = await deps.phone.checkIn(token, volunteer, expectedStationId, ticket);
  const stationName = outcome.stationId !== undefined ? deps.stations[outcome.stationId]?.name : undefined;
  if (outcome.kind === 'refused') {
    const message = REFUSAL_MESSAGES[outcome.reason];
    const status = REFUSAL_STATUS[outcome.reason];
    if (json) return sendJson(res, status, { ok: false, reason: outcome.reason, message });
    if (outcome.ticket !== undefined) {
      // The code was fine, only the number was not: ask again, keeping the page's ticket.
      return sendText(res, status, 'text/html; charset=utf-8', renderCheckinForm({ lang, notice: message, ticket: outcome.ticket, ...(stationName ? { stationName } : {}) }));
    }
    return sendText(res, status, 'text/html; charset=utf-8', renderOutcomePage(lang, 'error', message, stationName));
  }
  const message = resultMessage(outcome.result, (iso) => localTimeOfDay(Date.parse(iso), deps.timeZone));
  if (json) return sendJson(res, 200, { ok: true, result: outcome.result, message });
  const tone = outcome.result.status === 'accepted' ? 'ok' : 'warn';
  return sendText(res, 200, 'text/html; charset=utf-8', renderOutcomePage(lang, tone, message, stationName));
}
