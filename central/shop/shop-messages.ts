/** What a phone or a desk is told when the shop refuses, bilingual, with what to do next; and the HTTP status of each. */
import type { LocalizedText } from '../../shared/index.ts';
import type { ShopRefusal } from '../store/shop-store.ts';

export const SHOP_REFUSAL_STATUS: Record<ShopRefusal, number> = {
  'unknown-item': 404,
  'item-inactive': 409,
  'out-of-stock': 409,
  'insufficient-points': 409,
  'monthly-limit': 409,
  'unknown-volunteer': 404,
  'request-id-reused': 409,
  'unknown-redemption': 404,
  'not-pending': 409,
  'reservation-expired': 410,
  'not-handed-over': 409,
  'not-yours': 403,
};

export const SHOP_REFUSAL_MESSAGES: Record<ShopRefusal, LocalizedText> = {
  'unknown-item': { zh: '没有这件物品，请刷新列表。', en: 'There is no such item: refresh the list.' },
  'item-inactive': { zh: '这件物品已下架，请选择其他物品。', en: 'This item is no longer offered: choose another.' },
  'out-of-stock': { zh: '这件物品刚刚兑完了，请选择其他物品。', en: 'This item has just run out: choose another.' },
  'insufficient-points': { zh: '积分不足，无法兑换这件物品。', en: 'Not enough points for this item.' },
  'monthly-limit': { zh: '本月已达到这件物品的兑换上限，下个月再来。', en: 'The monthly limit for this item is reached: come back next month.' },
  'unknown-volunteer': { zh: '找不到这位志愿者。', en: 'No such volunteer.' },
  'request-id-reused': { zh: '这个请求编号已用于另一项操作，请重新操作。', en: 'This request id was used for something else: start again.' },
  'unknown-redemption': { zh: '没有这个兑换码，请核对后重新输入。', en: 'No reservation has this code: check it and type it again.' },
  'not-pending': { zh: '这个兑换已经办理过或已取消。', en: 'This reservation was already handed over or cancelled.' },
  'reservation-expired': { zh: '兑换码已过期，积分已退回，请重新预约。', en: 'The code has expired and the points were returned: reserve again.' },
  'not-handed-over': { zh: '这个兑换还没有交付或已撤销，不能撤销。', en: 'This redemption was not handed over, or is already reversed.' },
  'not-yours': { zh: '这个兑换不属于这里。', en: 'This redemption does not belong here.' },
};
