/** What the phone page says, in Chinese and English, for every outcome. */
import type { Result } from '../../shared/index.ts';
import type { PhoneRefusal } from './phone-checkin.ts';

export type PageLang = 'zh' | 'en';
export type Bilingual = Record<PageLang, string>;

export const REFUSAL_MESSAGES: Record<PhoneRefusal, Bilingual> = {
  malformed: { zh: '这不是有效的签到二维码。请扫描站点屏幕上的二维码。', en: 'This is not a valid check-in code. Scan the code on the station screen.' },
  forged: { zh: '这个二维码无效。请扫描站点屏幕上的二维码。', en: 'This code is not valid. Scan the code on the station screen.' },
  expired: { zh: '二维码已过期。请重新扫描站点屏幕上的最新二维码。', en: 'This code has expired. Scan the current code on the station screen again.' },
  'not-yet-valid': { zh: '二维码时间不对。请重新扫描站点屏幕上的二维码。', en: 'This code is not valid yet. Scan the code on the station screen again.' },
  'wrong-station': { zh: '这个二维码属于另一个站点。请扫描本站点屏幕上的二维码。', en: 'This code belongs to another station. Scan the code on this station\'s screen.' },
  'unknown-station': { zh: '这个站点未登记。请联系站点管理员。', en: 'This station is not registered. Please tell the site manager.' },
  replayed: { zh: '您已经用这个二维码签到过了。', en: 'You have already used this code to check in.' },
  'bad-volunteer-number': { zh: '请输入志愿者编号（字母、数字、- 或 _）。', en: 'Enter your volunteer number (letters, digits, - or _).' },
  'unknown-volunteer': { zh: '找不到这个志愿者编号。请核对志愿者卡上的编号。', en: 'No volunteer has this number. Check the number on your volunteer card.' },
  unavailable: { zh: '系统暂时无法签到。请稍后再试或刷卡签到。', en: 'Check-in is unavailable right now. Try again shortly or tap your card.' },
};

export function resultMessage(result: Result, localTime: (iso: string) => string): Bilingual {
  if (result.status === 'duplicate' && result.sessionStartedAt) {
    const at = localTime(result.sessionStartedAt);
    return { zh: `您已在 ${at} 签到。`, en: `You already checked in at ${at}.` };
  }
  if (result.status === 'accepted' && result.direction === 'out') {
    const minutes = result.sessionMinutes ?? 0;
    const points = result.pointsEarned ?? 0;
    return { zh: `签退成功：本次服务 ${minutes} 分钟，获得 ${points} 积分。`, en: `Checked out: ${minutes} minutes of service, ${points} points earned.` };
  }
  if (result.status === 'accepted') return { zh: '签到成功，感谢您的服务！', en: 'Checked in. Thank you for volunteering!' };
  return { zh: '签到未成功。', en: 'Check-in was not accepted.' };
}
