/** Simplified Chinese for the card-only desk's confirm prompt (desk-prompt.ts), merged into zh-CN.ts's templates. */
import { str } from '@lit/localize';

export const deskTemplates = {
  'desk.title': str`用 ${0} 积分兑换 ${1}？`,
  'desk.balance': str`${0}，您现有 ${1} 积分。`,
  'desk.confirm': '确认兑换',
  'desk.cancel': '取消',
  'desk.sending': '正在兑换…',
  'desk.redeemed': '兑换成功',
  'desk.notRedeemed': '未兑换',
  'desk.redeemedDetail': '已完成，工作人员会把物品交给您。',
  'desk.refusedDetail': '无法兑换，工作人员会告诉您原因。',
  'desk.expiredDetail': '已超时或设备离线，没有兑换。',
  'desk.declinedDetail': '没有兑换，您的积分不变。',
};
