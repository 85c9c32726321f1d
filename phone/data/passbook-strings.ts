/** What the "My record" (爱心存折) view says, in Chinese and English. */
import type { LocalizedText } from '../../shared/index.ts';
import type { PhoneLang } from './strings.ts';

export const P = {
  navCheckIn: { zh: '签到', en: 'Check in' },
  navRecord: { zh: '我的存折', en: 'My record' },
  navLabel: { zh: '页面', en: 'Pages' },
  title: { zh: '爱心存折', en: 'My record' },
  totalHours: { zh: '累计服务时长', en: 'Total service hours' },
  hoursUnit: { zh: '小时', en: 'h' },
  events: { zh: '服务次数', en: 'Service events' },
  balance: { zh: '积分余额', en: 'Points balance' },
  byCategory: { zh: '按服务类别', en: 'Hours by category' },
  byMonth: { zh: '按月份', en: 'Hours by month' },
  star: { zh: '星级', en: 'Star rating' },
  noStar: { zh: '尚未评星', en: 'No star yet' },
  toNext: { zh: '距下一星级', en: 'To the next star' },
  topStar: { zh: '已达最高星级。', en: 'You have the highest star.' },
  eligible: { zh: '您的服务时长已达到申请条件。', en: 'Your hours make you eligible to apply.' },
  apply: { zh: '申请', en: 'Apply for' },
  pending: { zh: '申请审核中：', en: 'Application under review:' },
  declined: { zh: '上次申请未通过：', en: 'Your last application was declined:' },
  ledger: { zh: '积分明细', en: 'Points ledger' },
  noEntries: { zh: '还没有积分记录。', en: 'No points yet.' },
  older: { zh: '更早的记录', en: 'Older entries' },
  recent: { zh: '最近的服务', en: 'Recent sessions' },
  noSessions: { zh: '还没有服务记录。', en: 'No sessions yet.' },
  open: { zh: '进行中', en: 'In progress' },
  underReview: { zh: '待工作人员核对，暂不计入', en: 'Waiting for staff to check; not counted yet' },
  minutes: { zh: '分钟', en: 'min' },
  points: { zh: '积分', en: 'points' },
  retry: { zh: '重试', en: 'Try again' },
  notLinked: { zh: '只有已绑定的手机才能查看存折。', en: 'Only a linked phone can show your record.' },
  kind: {
    earned: { zh: '服务获得', en: 'Earned' },
    adjusted: { zh: '工作人员调整', en: 'Adjusted by staff' },
    redeemed: { zh: '兑换', en: 'Redeemed' },
    reversed: { zh: '撤销', en: 'Reversed' },
    expired: { zh: '过期', en: 'Expired' },
  },
} satisfies Record<string, LocalizedText | Record<string, LocalizedText>>;

const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五'];

/** "★★★ 3-star volunteer" / "★★★ 三星志愿者": symbols and words, never colour alone. */
export function starText(star: number, lang: PhoneLang): string {
  if (star < 1) return P.noStar[lang];
  return lang === 'zh' ? `${'★'.repeat(star)} ${ZH_NUMERALS[star]}星志愿者` : `${'★'.repeat(star)} ${star}-star volunteer`;
}

/** Minutes as hours with one decimal, the way the programme reports them. */
export function hours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}
