/**
 * The daily alert digest (issue 14): one email per subscribed address, zh-CN then English,
 * listing the episodes of its sites that were open at some time during the 24 h before the
 * digest time (opened, closed, still open). Queued in the alert outbox as a `mailto:` row
 * whose body is `{ v: 1, digest: … }`; email-delivery.ts renders it here.
 */
import { localDate, localTimeOfDay } from '../../shared/local-time.ts';
import type { DigestEpisode } from '../store/alert-subscription-store.ts';
import type { AlertName } from './alert-rules.ts';

export interface DigestBody {
  v: 1;
  digest: { date: string; timeZone: string; from: string; to: string; episodes: DigestEpisode[] };
}

export function digestBody(date: string, timeZone: string, fromMs: number, toMs: number, episodes: DigestEpisode[]): string {
  const body: DigestBody = { v: 1, digest: { date, timeZone, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), episodes } };
  return JSON.stringify(body);
}

export function isDigestBody(parsed: unknown): parsed is DigestBody {
  return typeof parsed === 'object' && parsed !== null && 'digest' in parsed;
}

/** `MM-DD HH:MM` local, or the time alone on the digest's own date. */
function localStamp(iso: string, date: string, timeZone: string): string {
  const ms = Date.parse(iso);
  const day = localDate(ms, timeZone);
  return `${day === date ? '' : `${day.slice(5)} `}${localTimeOfDay(ms, timeZone)}`;
}

export function digestEmail({ digest }: DigestBody, alertText: Record<AlertName, { zh: string; en: string }>): { subject: string; text: string } {
  const { date, timeZone, episodes } = digest;
  const open = episodes.filter((e) => e.closedAt === null).length;
  const lines = (lang: 'zh' | 'en') =>
    episodes.map((e) => {
      const name = alertText[e.alert as AlertName]?.[lang] ?? e.alert;
      const device = `${lang === 'zh' ? (e.deviceKind === 'station' ? '站点' : '自助屏') : e.deviceKind === 'station' ? 'Station' : 'Kiosk'} ${e.deviceId}`;
      const at = localStamp(e.openedAt, date, timeZone);
      const end = e.closedAt === null ? (lang === 'zh' ? '仍未恢复' : 'still open') : `${lang === 'zh' ? '恢复于' : 'resolved'} ${localStamp(e.closedAt, date, timeZone)}`;
      return lang === 'zh' ? `- ${at} ${e.siteId} ${device}：${name}（${end}）` : `- ${at} ${e.siteId} ${device}: ${name} (${end})`;
    });
  const subject = `[每日告警摘要 Daily alert digest] ${date}：${episodes.length} 条 / ${episodes.length} alerts, ${open} 未恢复 / open`;
  const text = [
    `每日告警摘要 ${date}（过去 24 小时，时间为 ${timeZone}）`,
    ...(episodes.length ? lines('zh') : ['无告警。']),
    '',
    `Daily alert digest ${date} (the last 24 hours, times in ${timeZone})`,
    ...(episodes.length ? lines('en') : ['No alerts.']),
  ].join('\n');
  return { subject, text };
}
