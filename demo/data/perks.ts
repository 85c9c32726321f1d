/**
 * The demo's star perks (protocol v2): the seed article's "交通出行、游览景区、观影、购书"
 * offers for star volunteers, one partner each, at rising minimum stars.
 */
import type { Perk } from '../../shared/index.ts';

export const DEMO_PERKS: Perk[] = [
  {
    id: 'zibo-bus',
    kind: 'transport',
    partner: { zh: '淄博公交集团', en: 'Zibo Public Transport' },
    offer: { zh: '凭志愿者卡每月 20 次免费乘车', en: '20 free bus rides a month with your volunteer card' },
    minStar: 1,
    howToClaim: { zh: '上车刷志愿者卡', en: 'Tap your volunteer card when you board' },
  },
  {
    id: 'zhoucun-old-town',
    kind: 'scenic-spot',
    partner: { zh: '周村古商城', en: 'Zhoucun Ancient Market Town' },
    offer: { zh: '门票半价，同行一人同享', en: 'Half-price tickets, for you and one companion' },
    minStar: 2,
    howToClaim: { zh: '在售票处出示手机上的星级', en: 'Show the star on your phone at the ticket office' },
  },
  {
    id: 'city-cinema',
    kind: 'cinema',
    partner: { zh: '淄博影城', en: 'Zibo City Cinema' },
    offer: { zh: '每周二观影 9.9 元', en: 'Films for 9.9 yuan every Tuesday' },
    minStar: 3,
    validUntil: '2027-12-31',
  },
  {
    id: 'xinhua-books',
    kind: 'books',
    partner: { zh: '新华书店', en: 'Xinhua Bookstore' },
    offer: { zh: '购书八折', en: '20 % off books' },
    minStar: 4,
  },
];
