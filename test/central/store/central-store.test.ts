// CheckInRequest is a union on `method`: `npm run check` (tsc over test/) fails if a
// card request could lose its uid or seq, or a QR request could carry card fields.
import { describe, expect, it } from 'vitest';
import type { CheckInRequest } from '../../../central/store/central-store.ts';

const base = { id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', stationId: 'ST-0001', at: '2026-11-29T01:00:00.000Z' };

describe('CheckInRequest', () => {
  it('is a card tap or a QR check-in, each with only its own fields', () => {
    const requests: CheckInRequest[] = [
      { ...base, method: 'card', cardUid: '04A1B2C3', seq: 1 },
      { ...base, method: 'qr', volunteerId: 'V-1', qrToken: 'ST-0001.1.AAAAAAAAAAAAAAAA' },
      // @ts-expect-error a card tap needs its seq
      { ...base, method: 'card', cardUid: '04A1B2C3' },
      // @ts-expect-error a QR check-in needs its token
      { ...base, method: 'qr', volunteerId: 'V-1' },
      // @ts-expect-error a QR check-in has no card uid
      { ...base, method: 'qr', volunteerId: 'V-1', qrToken: 'ST-0001.1.AAAAAAAAAAAAAAAA', cardUid: '04A1B2C3' },
    ];
    const described = requests.slice(0, 2).map((request) => (request.method === 'card' ? `card ${request.cardUid} #${request.seq}` : `qr ${request.volunteerId}`));
    expect(described).toEqual(['card 04A1B2C3 #1', 'qr V-1']);
  });
});
