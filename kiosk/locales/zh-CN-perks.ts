/** Simplified Chinese for the star perks screen (perks-screen.ts), merged into zh-CN.ts's templates. */
import { str } from '@lit/localize';

export const perksTemplates = {
  'nav.perks': '星级志愿者优待',
  'perks.intro': '星级志愿者凭志愿者证或手机上的星级，可在以下合作单位享受优待。',
  'perks.minStar': str`${0} 星及以上`,
  'perks.validUntil': str`有效期至 ${0}`,
  'perks.howToClaim': '如何使用',
  'perks.none': '暂无优待信息。',
};
