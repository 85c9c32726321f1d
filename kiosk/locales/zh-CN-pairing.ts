/** Simplified Chinese for the phone-linking panel (pairing-panel.ts), merged into zh-CN.ts's templates. */
import { str } from '@lit/localize';

export const pairingTemplates = {
  'pairing.declinedDetail': '没有绑定任何手机。您的卡照常可用。',
  'pairing.expiredDetail': '已超时或设备离线。如需绑定，请在手机上重新开始。',
  'pairing.limitDetail': str`这位志愿者已绑定 ${0} 部手机。请先在其中一部手机上解除绑定，或联系站点工作人员。`,
  'pairing.linked': '手机已绑定',
  'pairing.linkedDetail': '以后可用手机扫描站点二维码签到。',
  'pairing.notLinked': '未绑定手机',
  'pairing.notMe': '不是我：我没有要求绑定手机',
  'pairing.ok': '好的',
  'pairing.sending': '正在绑定手机…',
  'pairing.title': str`为 ${0} 绑定手机？`,
  'pairing.touch': '请点选您手机上显示的号码。',
};
