/**
 * Alert emails (issue 14): the same events as the webhooks, queued in the same outbox
 * (a `mailto:` row carries the recipients), sent through the configured SMTP server
 * with nodemailer, in Chinese then English.
 */
import nodemailer from 'nodemailer';
import type { CentralConfig } from '../../shared/index.ts';
import type { AlertName } from './alert-rules.ts';
import { digestEmail, isDigestBody } from './digest-email.ts';

type EmailConfig = NonNullable<CentralConfig['alerts']['email']>;

export const ALERT_TEXT: Record<AlertName, { zh: string; en: string }> = {
  'station-offline': { zh: '站点离线', en: 'Station offline' },
  'kiosk-offline': { zh: '自助屏离线', en: 'Kiosk offline' },
  'reader-disconnected': { zh: '读卡器未连接', en: 'Card reader disconnected' },
  'outbox-stale': { zh: '签到积压未上传', en: 'Check-ins stuck in the station outbox' },
  'storage-low': { zh: '存储空间不足', en: 'Storage low' },
  'screen-frozen': { zh: '屏幕卡住', en: 'Screen frozen' },
  'screen-blank': { zh: '屏幕空白', en: 'Screen blank' },
  'version-behind': { zh: '软件版本落后', en: 'Software version behind the newest in the fleet' },
  'clock-skew': { zh: '设备时钟不准', en: 'Device clock off' },
  'seq-gap': { zh: '有签到记录缺失未补齐', en: 'Check-ins missing (seq gap not filled)' },
};

interface AlertEventBody {
  alert: AlertName;
  state: 'open' | 'closed';
  stationId?: string;
  kioskId?: string;
  siteId: string;
  since: string;
  at: string;
}

/** Subject and plain text of one event (or of a daily digest, digest-email.ts), zh-CN first. */
export function alertEmail(bodyJson: string): { subject: string; text: string } {
  const parsed = JSON.parse(bodyJson) as unknown;
  if (isDigestBody(parsed)) return digestEmail(parsed, ALERT_TEXT);
  const event = parsed as AlertEventBody;
  const name = ALERT_TEXT[event.alert] ?? { zh: event.alert, en: event.alert };
  const device = event.stationId ?? event.kioskId ?? '?';
  const open = event.state === 'open';
  const subject = `[${open ? '告警 Alert' : '已恢复 Resolved'}] ${device} ${name.zh} / ${name.en}`;
  const text = [
    `${open ? '告警' : '已恢复'}：${name.zh}`,
    `${event.stationId ? '站点' : '自助屏'} ${device}，场地 ${event.siteId}`,
    `开始于 ${event.since}；${open ? '告警于' : '恢复于'} ${event.at}（UTC）`,
    '',
    `${open ? 'Alert' : 'Resolved'}: ${name.en}`,
    `${event.stationId ? 'Station' : 'Kiosk'} ${device}, site ${event.siteId}`,
    `Since ${event.since}; ${open ? 'alerted' : 'resolved'} at ${event.at} (UTC)`,
  ].join('\n');
  return { subject, text };
}

export type AlertEmailSender = (to: string[], bodyJson: string) => Promise<void>;

export function createAlertEmailSender(email: EmailConfig): AlertEmailSender {
  const { smtp } = email;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  });
  return async (to, bodyJson) => {
    await transport.sendMail({ from: email.from, to, textEncoding: 'base64', ...alertEmail(bodyJson) });
  };
}

export const MAILTO = 'mailto:';
