/** The passbook API of central (protocol v2 §Time bank), for the linked phone's "My record". */
import type { LocalizedText, PassbookReply, StarApplyReply } from '../../shared/index.ts';
import { call } from './phone-api.ts';

export const passbookApi = {
  passbook: (beforeId?: number) => call<PassbookReply>('GET', `/phone/api/passbook${beforeId !== undefined ? `?before=${beforeId}` : ''}`),
  applyForStar: () => call<Omit<StarApplyReply, 'ok'> & { message: LocalizedText }>('POST', '/phone/api/stars/apply', {}),
};

export type PassbookApi = typeof passbookApi;
