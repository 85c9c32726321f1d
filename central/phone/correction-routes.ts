/**
 * A volunteer's corrections from their own phone (protocol v2 §Time bank: reviews and
 * corrections), public listener, bound phones only:
 *   GET  /phone/api/corrections   own requests with their outcomes, and the recent sessions one may be about
 *   POST /phone/api/corrections   ask for a correction {requestId, kind, sessionId | stationId+startedAt, endedAt, note?}
 * The phone is named by its device cookie; its active binding names the volunteer. An
 * unlinked phone gets 403 `phone-not-linked`, a session of someone else 403
 * `not-your-session`. The same requestId again returns the stored request.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CorrectionRequestSchema, validate, type CorrectionView, type LocalizedText, type StationsFile } from '../../shared/index.ts';
import { HttpError, sendJson } from '../http/http-helpers.ts';
import type { CorrectionRecord, CorrectionRefusal } from '../store/review-store.ts';
import { localDate } from '../../shared/local-time.ts';
import { DEVICE_COOKIE, deviceHash, isDeviceKey } from './device-key.ts';
import { REFUSAL_MESSAGES } from './phone-messages.ts';
import type { PhoneWing } from './phone-wing.ts';

export interface CorrectionRouteDeps {
  phone: PhoneWing;
  stations: StationsFile;
  timeZone: string;
}

/** A volunteer keeps at most this many requests waiting; more is refused until some are decided. */
export const MAX_PENDING_CORRECTIONS = 10;
/** How far back the form offers sessions to correct. */
const CORRECTABLE_DAYS = 30;

type Refusal = CorrectionRefusal | 'unknown-station' | 'too-many-pending';

const STATUS: Record<Refusal, number> = {
  'request-id-reused': 409,
  'unknown-session': 404,
  'not-your-session': 403,
  'session-still-open': 409,
  'correction-pending': 409,
  'invalid-times': 400,
  'unknown-station': 400,
  'too-many-pending': 429,
};

export const CORRECTION_MESSAGES: Record<Refusal, LocalizedText> = {
  'request-id-reused': { zh: '这个请求编号已用于另一个请求。请重新提交。', en: 'This request id was used for another request. Send the request again.' },
  'unknown-session': { zh: '找不到这次服务记录。请从列表中选择。', en: 'This session was not found. Choose one from the list.' },
  'not-your-session': { zh: '这次服务记录不属于您，不能申请更正。', en: 'This session is not yours; you cannot ask to correct it.' },
  'session-still-open': {
    zh: '这次服务还没有结束。请在站点刷卡签退；当天截止时间过后也可以申请更正。',
    en: 'This session is still open. Check out at the station; after the day’s cutoff you can ask for a correction.',
  },
  'correction-pending': { zh: '这次服务已有一个更正申请在等待审核。', en: 'A correction for this session is already waiting for review.' },
  'invalid-times': { zh: '时间不对，请检查后重新填写。', en: 'The times are not right. Check them and try again.' },
  'unknown-station': { zh: '请选择服务的站点。', en: 'Choose the station where you served.' },
  'too-many-pending': {
    zh: `您已有 ${MAX_PENDING_CORRECTIONS} 个申请在等待审核。请等审核后再提交。`,
    en: `You have ${MAX_PENDING_CORRECTIONS} requests waiting for review. Please wait for them to be decided.`,
  },
};

function refuse(reply: FastifyReply, reason: Refusal | 'phone-not-linked', problem?: string): FastifyReply {
  if (reason === 'phone-not-linked') return sendJson(reply, 403, { ok: false, reason, message: REFUSAL_MESSAGES['phone-not-linked'] });
  return sendJson(reply, STATUS[reason], { ok: false, reason, message: CORRECTION_MESSAGES[reason], ...(problem ? { issues: [problem] } : {}) });
}

export function correctionView(c: CorrectionRecord, stations: StationsFile): CorrectionView {
  const stationName = stations[c.stationId]?.name;
  return {
    id: c.id,
    requestId: c.requestId,
    kind: c.kind,
    ...(c.sessionId !== undefined ? { sessionId: c.sessionId } : {}),
    stationId: c.stationId,
    ...(stationName ? { stationName } : {}),
    ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
    endedAt: c.endedAt,
    ...(c.note !== undefined ? { note: c.note } : {}),
    requestedAt: c.requestedAt,
    state: c.state,
    ...(c.decision
      ? {
          decision: {
            outcome: c.decision.outcome,
            decidedAt: c.decision.decidedAt,
            reason: c.decision.reason,
            ...(c.decision.new.minutes !== undefined ? { minutes: c.decision.new.minutes } : {}),
            ...(c.decision.new.points !== undefined ? { points: c.decision.new.points } : {}),
          },
        }
      : {}),
  };
}

export const correctionRoutes: FastifyPluginAsync<CorrectionRouteDeps> = async (app, { phone, stations, timeZone }) => {
  /** The volunteer the calling phone is linked to, or undefined. */
  const volunteerOf = async (request: FastifyRequest): Promise<string | undefined> => {
    const key = request.cookies[DEVICE_COOKIE];
    if (!isDeviceKey(key)) return undefined;
    return (await phone.store.phone.activeBindingOfDevice(deviceHash(key)))?.volunteerId;
  };

  app.get('/phone/api/corrections', async (request, reply) => {
    const volunteerId = await volunteerOf(request);
    if (!volunteerId) return refuse(reply, 'phone-not-linked');
    const nowMs = phone.nowMs();
    const sessions = await phone.store.listSessions({ fromDate: localDate(nowMs - CORRECTABLE_DAYS * 86_400_000, timeZone), toDate: localDate(nowMs, timeZone), volunteerId });
    return sendJson(reply, 200, {
      ok: true,
      corrections: (await phone.store.reviews.correctionsOf(volunteerId)).map((c) => correctionView(c, stations)),
      sessions: sessions
        .filter((s) => s.endedAt !== undefined)
        .reverse()
        .map((s) => ({
          id: s.id,
          stationId: s.stationId,
          ...(stations[s.stationId] ? { stationName: stations[s.stationId]!.name } : {}),
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          minutes: s.minutes ?? 0,
          needsReview: s.needsReview,
        })),
      stations: Object.entries(stations).map(([id, s]) => ({ id, name: s.name })),
    });
  });

  app.post('/phone/api/corrections', async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
    const parsed = validate(CorrectionRequestSchema, request.body ?? {});
    if (!parsed.ok) throw new HttpError(400, 'the request body is not valid', parsed.issues);
    const body = parsed.value;
    const volunteerId = await volunteerOf(request);
    if (!volunteerId) return refuse(reply, 'phone-not-linked');
    if (body.stationId !== undefined && !stations[body.stationId]) return refuse(reply, 'unknown-station');
    const mine = await phone.store.reviews.correctionsOf(volunteerId);
    const retry = mine.some((c) => c.requestId === body.requestId);
    if (!retry && mine.filter((c) => c.state === 'pending').length >= MAX_PENDING_CORRECTIONS) return refuse(reply, 'too-many-pending');
    const outcome = await phone.store.reviews.requestCorrection({
      requestId: body.requestId,
      volunteerId,
      kind: body.kind,
      ...(body.sessionId !== undefined ? { sessionId: body.sessionId } : {}),
      ...(body.stationId !== undefined ? { stationId: body.stationId } : {}),
      ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
      endedAt: body.endedAt,
      ...(body.note ? { note: body.note } : {}),
      at: new Date(phone.nowMs()).toISOString(),
    });
    if (!outcome.ok) return refuse(reply, outcome.reason, outcome.problem);
    return sendJson(reply, outcome.repeated ? 200 : 201, {
      ok: true,
      repeated: outcome.repeated,
      correction: correctionView(outcome.correction, stations),
      message: { zh: '已提交更正申请，站点工作人员会审核。', en: 'Your correction request was sent; the site staff will review it.' },
    });
  });
};
