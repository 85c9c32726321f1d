/**
 * The review queue of the demo (issue 12 §Reviews and corrections), on a fresh data
 * directory:
 * - 韩雪 (V0015) checked in at the mending room three days ago and never checked out; her
 *   next visit, yesterday, closed that session at the cutoff with nothing credited, so it
 *   waits for a manager (`auto-cutoff`). Her taps go out with the rest of the history.
 * - 唐文博 (V0016) forgot his card two days ago and filled in a paper correction form at the
 *   elder canteen; the site staff entered it (`POST /api/corrections`), so it waits too.
 */
import { randomUUID } from 'node:crypto';
import { ziboTime } from './content.ts';
import { DEMO_VOLUNTEERS } from './volunteers.ts';

const FORGOT_CHECKOUT = DEMO_VOLUNTEERS[14]!;
const PAPER_REQUEST = DEMO_VOLUNTEERS[15]!;

/** Taps for demo/data/history.ts: an open session three days ago, then a whole one yesterday. */
export function demoReviewTaps(now: Date): { stationId: string; uid: string; at: string }[] {
  const stationId = 'ST-0003';
  return [
    { stationId, uid: FORGOT_CHECKOUT.cardUid, at: ziboTime(now, -3, '09:00') },
    { stationId, uid: FORGOT_CHECKOUT.cardUid, at: ziboTime(now, -1, '09:30') },
    { stationId, uid: FORGOT_CHECKOUT.cardUid, at: ziboTime(now, -1, '11:00') },
  ];
}

/** Enters the paper correction request through the manager API; returns the error text, if any. */
export async function submitDemoCorrection(adminOrigin: string, login: { username: string; password: string }, now: Date): Promise<string | undefined> {
  const body = {
    requestId: randomUUID(),
    volunteerId: PAPER_REQUEST.id,
    kind: 'missing-session',
    stationId: 'ST-0004',
    startedAt: ziboTime(now, -2, '14:00'),
    endedAt: ziboTime(now, -2, '16:00'),
    note: '忘带志愿者卡，纸质登记 / forgot my card, signed the paper sheet',
  };
  try {
    const response = await fetch(new URL('/api/corrections', adminOrigin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` },
      body: JSON.stringify(body),
    });
    return response.ok ? undefined : `HTTP ${response.status}: ${await response.text()}`;
  } catch (err) {
    return (err as Error).message;
  }
}
