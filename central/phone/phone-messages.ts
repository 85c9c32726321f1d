/**
 * What the phone is told, in Chinese and English, for every outcome, with the HTTP
 * status of each refusal. A refusal never depends on whether a typed number belongs to
 * anyone: `phone-not-linked` and `not-this-phone` read the same for a real number and
 * an invented one.
 */
import type { LocalizedText, PairingPhase, PhoneCheckinView, PhoneRefusalReason } from '../../shared/index.ts';

export type PageLang = 'zh' | 'en';
export type Bilingual = LocalizedText;

export const REFUSAL_STATUS: Record<PhoneRefusalReason, number> = {
  malformed: 400,
  'bad-volunteer-number': 400,
  forged: 403,
  'wrong-station': 403,
  'other-device': 403,
  'phone-not-linked': 403,
  'not-this-phone': 403,
  'passkey-required': 401,
  'passkey-failed': 403,
  'unknown-station': 404,
  'no-pairing': 404,
  'passkey-unavailable': 409,
  'unknown-activity': 409,
  replayed: 409,
  expired: 410,
  'not-yet-valid': 410,
  throttled: 429,
  unavailable: 503,
};

export const REFUSAL_MESSAGES: Record<PhoneRefusalReason, Bilingual> = {
  malformed: { zh: '这不是有效的签到二维码。请扫描站点屏幕上的二维码。', en: 'This is not a valid check-in code. Scan the code on the station screen.' },
  forged: { zh: '这个二维码无效。请扫描站点屏幕上的二维码。', en: 'This code is not valid. Scan the code on the station screen.' },
  expired: { zh: '二维码已过期。请重新扫描站点屏幕上的最新二维码。', en: 'This code has expired. Scan the current code on the station screen again.' },
  'not-yet-valid': { zh: '二维码时间不对。请重新扫描站点屏幕上的二维码。', en: 'This code is not valid yet. Scan the code on the station screen again.' },
  'wrong-station': { zh: '这个二维码属于另一个站点。请扫描本站点屏幕上的二维码。', en: "This code belongs to another station. Scan the code on this station's screen." },
  'unknown-station': { zh: '这个站点未登记。请联系站点管理员。', en: 'This station is not registered. Please tell the site manager.' },
  'other-device': {
    zh: '这个签到页面属于另一部手机，或已失效。请用本机扫描站点屏幕上的二维码。',
    en: 'This check-in page belongs to another phone or is no longer valid. Scan the code on the station screen with this phone.',
  },
  'bad-volunteer-number': { zh: '请输入志愿者编号（字母、数字、- 或 _）。', en: 'Enter your volunteer number (letters, digits, - or _).' },
  'phone-not-linked': {
    zh: '这部手机还没有绑定志愿者。请先选择“绑定这部手机”，并在本站刷您的志愿者卡；也可以直接刷卡签到。',
    en: 'This phone is not linked to a volunteer yet. Choose "Link this phone" and tap your volunteer card at this station first, or simply tap your card to check in.',
  },
  'not-this-phone': {
    zh: '这部手机绑定的是另一个志愿者编号，不能为其他编号签到。每位志愿者请用自己的手机或卡签到。',
    en: 'This phone is linked to a different volunteer number and cannot check in anyone else. Each volunteer checks in with their own phone or card.',
  },
  'passkey-required': { zh: '这部手机用通行密钥（指纹或面容）签到。请在提示时确认。', en: 'This phone checks in with its passkey (fingerprint or face). Confirm when your phone asks.' },
  'passkey-failed': {
    zh: '通行密钥验证未通过。请重试；如仍不行，请刷卡签到，并请站点工作人员帮您重新绑定手机。',
    en: 'The passkey could not be verified. Try again; if it still fails, tap your card and ask the station staff to link your phone again.',
  },
  'unknown-activity': {
    zh: '本站今天没有这个活动（可能已取消或改期），没有签到。请重新扫码，选择今天的活动或“本站日常服务”。',
    en: 'That activity is not on at this station today (it may have been cancelled or moved): nothing was recorded. Scan the code again and choose one of today\'s activities or general service.',
  },
  'no-pairing': { zh: '这部手机没有进行中的绑定。请重新开始“绑定这部手机”。', en: 'This phone has no link in progress. Start "Link this phone" again.' },
  'passkey-unavailable': {
    zh: '现在不能为这部手机添加通行密钥。手机仍可用本机凭据签到。',
    en: 'A passkey cannot be added to this phone now. The phone still checks in with its device key.',
  },
  replayed: { zh: '您已经用这个二维码签到过了。', en: 'You have already used this code to check in.' },
  throttled: { zh: '尝试次数过多。请稍等一分钟再试，或直接刷卡签到。', en: 'Too many attempts. Wait a minute and try again, or tap your card.' },
  unavailable: { zh: '系统暂时无法签到。请稍后再试或刷卡签到。', en: 'Check-in is unavailable right now. Try again shortly or tap your card.' },
};

export const PAIRING_MESSAGES: Record<PairingPhase, Bilingual> = {
  'awaiting-tap': {
    zh: '请在两分钟内在本站读卡器上刷您自己的志愿者卡，然后在站点屏幕上点选与本机相同的号码。刷卡也会照常签到或签退。',
    en: "Within two minutes, tap your own volunteer card on this station's reader, then touch the same number on the station screen. The tap also checks you in or out as usual.",
  },
  'awaiting-confirm': { zh: '请在站点屏幕上点选与本机相同的号码。', en: 'Touch the same number on the station screen.' },
  linked: { zh: '这部手机已绑定。以后扫描站点二维码即可签到。', en: 'This phone is linked. From now on, scan the station code to check in.' },
  declined: {
    zh: '绑定未完成：站点屏幕上选择了其他号码或“不是我”。如需绑定，请重新开始。',
    en: 'Not linked: another number or "Not me" was chosen on the station screen. Start again if you want to link this phone.',
  },
  expired: {
    zh: '绑定未完成：没有在时限内收到与这个编号匹配的刷卡和确认。请重新开始，并刷您自己的卡。',
    en: 'Not linked: no matching card tap and confirmation arrived in time. Start again and tap your own card.',
  },
  limit: {
    zh: '这个志愿者已绑定 3 部手机。请先在其中一部手机上解除绑定，或请站点工作人员帮忙。',
    en: 'This volunteer already has 3 linked phones. Unlink one of them on that phone first, or ask the station staff.',
  },
  cancelled: { zh: '已取消绑定。', en: 'Linking was cancelled.' },
};

export function checkinMessage(view: PhoneCheckinView, localTime: (iso: string) => string): Bilingual {
  if (view.status === 'duplicate' && view.sessionStartedAt) {
    const at = localTime(view.sessionStartedAt);
    return { zh: `您已在 ${at} 签到。`, en: `You already checked in at ${at}.` };
  }
  if (view.status === 'accepted' && view.direction === 'out') {
    const minutes = view.sessionMinutes ?? 0;
    const points = view.pointsEarned ?? 0;
    return { zh: `签退成功：本次服务 ${minutes} 分钟，获得 ${points} 积分。`, en: `Checked out: ${minutes} minutes of service, ${points} points earned.` };
  }
  if (view.status === 'accepted') return { zh: '签到成功，感谢您的服务！', en: 'Checked in. Thank you for volunteering!' };
  return { zh: '签到未成功。请刷卡签到或联系站点工作人员。', en: 'Check-in was not accepted. Tap your card or ask the station staff.' };
}
