/**
 * The volunteer's own record on a linked phone (protocol v2 §Time bank), public listener:
 *   GET  /phone/api/passbook[?before=ENTRY_ID]   hours (total, by category, by month), points
 *                                                balance and a ledger page, star and progress,
 *                                                recent sessions with station and category
 *   POST /phone/api/stars/apply  {}              apply for the star the hours reach (apply mode)
 * Both act for the volunteer the calling phone is linked to (device cookie -> active
 * binding, as `GET /phone/api/me`), and refuse any other phone with 403 `phone-not-linked`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  maskName,
  SERVICE_CATEGORY_LABELS,
  validate,
  type PassbookReply,
  type PassbookStar,
  type StarApplyReply,
  type StationsFile,
} from '../../shared/index.ts';
import { HttpError, sendJson } from '../http/http-helpers.ts';
import { DEFAULT_STAR_THRESHOLDS_HOURS, eligibleStar, starProgress } from '../timebank/bank-rules.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { DEVICE_COOKIE, deviceHash, isDeviceKey } from './device-key.ts';
import { REFUSAL_MESSAGES, REFUSAL_STATUS } from './phone-messages.ts';
import type { PhoneWing } from './phone-wing.ts';

export interface PassbookRouteDeps {
  phone: PhoneWing;
  stations: StationsFile;
  /** The star ladder; default DEFAULT_STAR_THRESHOLDS_HOURS in apply mode. */
  rules?: Pick<TimeBankRules, 'stars'>;
}

const PassbookQuerySchema = v.strictObject({ before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be an entry id'), v.transform(Number))) });
const LEDGER_PAGE = 50;
const RECENT_SESSIONS = 20;

function notLinked(reply: FastifyReply): FastifyReply {
  return sendJson(reply, REFUSAL_STATUS['phone-not-linked'], { ok: false, reason: 'phone-not-linked', message: REFUSAL_MESSAGES['phone-not-linked'] });
}

export const passbookRoutes: FastifyPluginAsync<PassbookRouteDeps> = async (app, { phone, stations, rules }) => {
  const { store } = phone;
  const stars = rules?.stars ?? { thresholdsHours: DEFAULT_STAR_THRESHOLDS_HOURS, mode: 'apply' as const };

  const linkedVolunteer = async (request: FastifyRequest): Promise<string | undefined> => {
    const key = request.cookies[DEVICE_COOKIE];
    if (!isDeviceKey(key)) return undefined;
    return (await store.phone.activeBindingOfDevice(deviceHash(key)))?.volunteerId;
  };

  const starOf = async (volunteerId: string, minutes: number): Promise<PassbookStar> => {
    const [awarded, applications] = await Promise.all([store.bank.awardedStar(volunteerId), store.bank.listStarApplications({ volunteerId, limit: 5 })]);
    const progress = starProgress(minutes / 60, stars.thresholdsHours);
    const pending = applications.find((a) => a.status === 'pending');
    const decided = applications.find((a) => a.status !== 'pending');
    const eligible = stars.mode === 'apply' && !pending ? eligibleStar(minutes / 60, awarded?.star ?? 0, stars.thresholdsHours) : undefined;
    return {
      awarded: awarded?.star ?? 0,
      reached: progress.reached,
      mode: stars.mode,
      ...(progress.next ? { next: progress.next } : {}),
      ...(eligible !== undefined ? { eligibleStar: eligible } : {}),
      ...(pending ? { pendingApplication: { id: pending.id, star: pending.star, appliedAt: pending.appliedAt } } : {}),
      ...(decided?.decidedAt
        ? { lastDecision: { star: decided.star, status: decided.status as 'approved' | 'declined', decidedAt: decided.decidedAt, ...(decided.reason ? { reason: decided.reason } : {}) } }
        : {}),
    };
  };

  app.get('/phone/api/passbook', async (request, reply) => {
    const volunteerId = await linkedVolunteer(request);
    if (!volunteerId) return notLinked(reply);
    const parsed = validate(PassbookQuerySchema, request.query ?? {});
    if (!parsed.ok) throw new HttpError(400, 'bad query parameters', parsed.issues);
    const [volunteer, record, balance, page, sessions] = await Promise.all([
      store.findVolunteer(volunteerId),
      store.bank.serviceRecord(volunteerId),
      store.ledger.balance(volunteerId),
      store.ledger.entries(volunteerId, { limit: LEDGER_PAGE, ...(parsed.value.before !== undefined ? { beforeId: parsed.value.before } : {}) }),
      store.bank.recentSessions(volunteerId, RECENT_SESSIONS),
    ]);
    const body: PassbookReply = {
      volunteerId,
      displayName: volunteer ? maskName(volunteer.name) : volunteerId,
      hours: {
        totalMinutes: record.totalMinutes,
        sessions: record.sessions,
        byCategory: record.byCategory.map((c) => ({ category: c.key, label: SERVICE_CATEGORY_LABELS[c.key] ?? { zh: c.key, en: c.key }, minutes: c.minutes, sessions: c.sessions })),
        byMonth: record.byMonth.map((m) => ({ month: m.key, minutes: m.minutes, sessions: m.sessions })),
      },
      points: {
        balance,
        entries: page.entries.map((e) => ({ id: e.id, kind: e.kind, points: e.points, balanceAfter: e.balanceAfter, at: e.at, ...(e.reason ? { reason: e.reason } : {}) })),
        ...(page.nextBeforeId !== undefined ? { nextBeforeId: page.nextBeforeId } : {}),
      },
      star: await starOf(volunteerId, record.totalMinutes),
      recentSessions: sessions.map((s) => ({
        id: s.id,
        stationId: s.stationId,
        stationName: stations[s.stationId]?.name ?? { zh: s.stationId, en: s.stationId },
        category: s.category,
        categoryLabel: SERVICE_CATEGORY_LABELS[s.category] ?? { zh: s.category, en: s.category },
        localDate: s.localDate,
        startedAt: s.startedAt,
        ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
        ...(s.minutes !== undefined ? { minutes: s.minutes } : {}),
        ...(s.points !== undefined ? { points: s.points } : {}),
        needsReview: s.needsReview,
      })),
    };
    return sendJson(reply, 200, body);
  });

  app.post('/phone/api/stars/apply', async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
    const body = validate(v.strictObject({}), request.body ?? {});
    if (!body.ok) throw new HttpError(400, 'the request body is not valid', body.issues);
    const volunteerId = await linkedVolunteer(request);
    if (!volunteerId) return notLinked(reply);
    if (stars.mode !== 'apply') {
      return sendJson(reply, 409, { ok: false, reason: 'stars-automatic', message: { zh: '本市的星级按服务时长自动评定，无需申请。', en: 'Stars here are awarded automatically by hours; there is nothing to apply for.' } });
    }
    const [record, awarded] = await Promise.all([store.bank.serviceRecord(volunteerId), store.bank.awardedStar(volunteerId)]);
    const star = eligibleStar(record.totalMinutes / 60, awarded?.star ?? 0, stars.thresholdsHours);
    const outcome = await store.bank.applyForStar({ id: randomUUID(), volunteerId, star: star ?? 0, at: new Date(phone.nowMs()).toISOString() });
    if (!outcome.ok) {
      const next = starProgress(record.totalMinutes / 60, stars.thresholdsHours).next;
      const toGo = next ? ` ${next.hoursToGo}` : '';
      return sendJson(reply, 409, {
        ok: false,
        reason: 'not-eligible',
        message: next
          ? { zh: `还差${toGo} 小时可申请 ${next.star} 星。`, en: `${toGo.trim()} more hours until you can apply for ${next.star} stars.` }
          : { zh: '您已获得最高星级。', en: 'You already have the highest star.' },
      });
    }
    const { application } = outcome;
    const answer: StarApplyReply = {
      ok: true,
      application: { id: application.id, star: application.star, appliedAt: application.appliedAt, status: 'pending' },
      repeated: outcome.repeated,
      message: { zh: `已提交 ${application.star} 星申请，等待工作人员审核。`, en: `Your application for ${application.star} stars was sent; a manager will review it.` },
    };
    return sendJson(reply, outcome.repeated ? 200 : 201, answer);
  });
};
