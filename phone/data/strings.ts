/** Everything the phone app says, in Chinese and English. Server messages come with the answer. */
import type { LocalizedText } from '../../shared/index.ts';

export type PhoneLang = 'zh' | 'en';

const LANG_KEY = 'vs.phone.lang';

export function initialLang(storage: Pick<Storage, 'getItem'> | undefined, browserLanguage: string): PhoneLang {
  try {
    const saved = storage?.getItem(LANG_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage can be off (private mode, some in-app browsers): fall back to the browser's language.
  }
  return browserLanguage.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export function saveLang(storage: Pick<Storage, 'setItem'> | undefined, lang: PhoneLang): void {
  try {
    storage?.setItem(LANG_KEY, lang);
  } catch {
    // Not remembered: the next visit starts from the browser's language again.
  }
}

export const T = {
  title: { zh: '志愿服务签到', en: 'Volunteer check-in' },
  otherLanguage: { zh: 'English', en: '中文' },
  otherLanguageLabel: { zh: 'Switch to English', en: '切换到中文' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  station: { zh: '站点', en: 'Station' },
  checkIn: { zh: '签到 / 签退', en: 'Check in / out' },
  checkingIn: { zh: '正在签到…', en: 'Checking in…' },
  linkedTo: { zh: '本机已绑定：', en: 'This phone is linked to:' },
  withPasskey: { zh: '签到时用通行密钥（指纹、面容或锁屏密码）确认。', en: 'Check-ins are confirmed with a passkey (fingerprint, face or screen lock).' },
  withDeviceKey: { zh: '签到时用本机保存的凭据确认。', en: 'Check-ins are confirmed by a key kept in this browser.' },
  addPasskey: { zh: '用指纹或面容保护签到', en: 'Protect check-ins with fingerprint or face' },
  addPasskeyHint: {
    zh: '添加通行密钥后，只有您本人解锁手机才能签到。',
    en: 'With a passkey, only you, unlocking your phone, can check in.',
  },
  passkeyAdded: { zh: '已添加通行密钥。', en: 'Passkey added.' },
  passkeyCancelled: { zh: '未添加通行密钥。本机仍可签到。', en: 'No passkey added. This phone can still check in.' },
  passkeyCheckinCancelled: { zh: '未确认通行密钥，没有签到。', en: 'The passkey was not confirmed: nothing was recorded.' },
  unlink: { zh: '解除本机绑定', en: 'Unlink this phone' },
  unlinkConfirm: { zh: '确定解除绑定吗？以后需要重新刷卡绑定。', en: 'Unlink this phone? Linking it again needs your card.' },
  notLinkedTitle: { zh: '这部手机还没有绑定', en: 'This phone is not linked yet' },
  notLinkedExplain: {
    zh: '为保护您的服务时长和积分，手机第一次签到前需要绑定：输入您的志愿者编号，然后在本站刷您的志愿者卡。',
    en: 'To protect your hours and points, a phone is linked once before it checks in: enter your volunteer number, then tap your volunteer card at this station.',
  },
  cardStillWorks: { zh: '没有智能手机？直接刷卡签到即可。', en: 'No smartphone? Just tap your card to check in.' },
  volunteerNumber: { zh: '志愿者编号', en: 'Volunteer number' },
  linkThisPhone: { zh: '绑定这部手机', en: 'Link this phone' },
  yourCode: { zh: '本机号码', en: 'Code on this phone' },
  cancel: { zh: '取消', en: 'Cancel' },
  startAgain: { zh: '重新开始', en: 'Start again' },
  scanToCheckIn: { zh: '请扫描站点屏幕上的二维码签到。', en: 'Scan the code on the station screen to check in.' },
  secondsLeft: { zh: '剩余时间', en: 'Time left' },
  checkingInFor: { zh: '这次签到的服务', en: 'What you are here for' },
  generalService: { zh: '本站日常服务', en: 'General service at this station' },
  checkOutNeedsNoChoice: { zh: '签退时不用选择，时长计入签到时选的服务。', en: 'Checking out needs no choice: the time counts for what you checked in for.' },
} satisfies Record<string, LocalizedText>;
