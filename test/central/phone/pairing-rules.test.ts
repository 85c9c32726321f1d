import { describe, expect, it } from 'vitest';
import {
  decideAnswer,
  decideTap,
  freshPairingCode,
  isLive,
  KIOSK_CHOICES,
  kioskChoices,
  MAX_PHONES_PER_VOLUNTEER,
  PAIRING_CHOOSE_WINDOW_MS,
  visibleState,
  type PairingRecord,
  type RandomInt,
} from '../../../central/phone/pairing-rules.ts';

/** A seeded generator (mulberry32), so every run draws the same "random" codes. */
function seeded(seed: number): RandomInt {
  let a = seed;
  return (bound) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

const NOW = 1_800_000_000_000;
const pairing = (extra: Partial<PairingRecord>): PairingRecord => ({
  id: 'p1',
  volunteerId: 'V-1',
  stationId: 'ST-1',
  deviceHash: 'd1',
  code: '1234',
  state: 'awaiting-tap',
  createdAtMs: NOW - 10_000,
  expiresAtMs: NOW + 100_000,
  ...extra,
});

describe('pairing codes and kiosk choices', () => {
  it('codes are four digits, zero-padded, and differ from the codes already waiting', () => {
    const zero: RandomInt = () => 7;
    expect(freshPairingCode([], zero)).toBe('0007');
    let calls = 0;
    const repeatsThenNew: RandomInt = () => (calls++ < 3 ? 42 : 43);
    expect(freshPairingCode(['0042'], repeatsThenNew)).toBe('0043');
  });

  it('offers the real codes among decoys: four distinct codes, always at least one decoy', () => {
    const random = seeded(1);
    for (let i = 0; i < 200; i++) {
      const choices = kioskChoices(['1234'], random);
      expect(choices).toHaveLength(KIOSK_CHOICES);
      expect(new Set(choices).size).toBe(KIOSK_CHOICES);
      expect(choices).toContain('1234');
    }
    const many = kioskChoices(['1111', '2222', '3333', '4444'], random);
    expect(many).toHaveLength(5);
    expect(many).toEqual(expect.arrayContaining(['1111', '2222', '3333', '4444']));
  });

  it('shuffles: the real code is not always in the same place', () => {
    const random = seeded(7);
    const positions = new Set(Array.from({ length: 50 }, () => kioskChoices(['1234'], random).indexOf('1234')));
    expect(positions.size).toBeGreaterThan(1);
  });
});

describe('a card tap at the station', () => {
  const random = seeded(3);
  it('offers the owner their own pairings waiting at this station, and nothing of anyone else', () => {
    const mine = pairing({ id: 'mine' });
    const other = pairing({ id: 'other', volunteerId: 'V-2', code: '9999' });
    const elsewhere = pairing({ id: 'elsewhere', stationId: 'ST-2', code: '8888' });
    const decision = decideTap({ waiting: [mine, other, elsewhere], volunteerId: 'V-1', stationId: 'ST-1', activePhones: 0, nowMs: NOW, random });
    expect(decision).toMatchObject({ kind: 'choose', pairingIds: ['mine'], expiresAtMs: NOW + PAIRING_CHOOSE_WINDOW_MS });
    if (decision.kind === 'choose') {
      expect(decision.choices).toContain('1234');
      expect(decision.choices).not.toContain('9999');
      expect(decision.choices).not.toContain('8888');
    }
  });

  it('a tap after the window, or of another card, offers nothing', () => {
    expect(decideTap({ waiting: [pairing({ expiresAtMs: NOW })], volunteerId: 'V-1', stationId: 'ST-1', activePhones: 0, nowMs: NOW, random })).toEqual({ kind: 'none' });
    expect(decideTap({ waiting: [pairing({})], volunteerId: 'V-2', stationId: 'ST-1', activePhones: 0, nowMs: NOW, random })).toEqual({ kind: 'none' });
    expect(decideTap({ waiting: [pairing({ state: 'awaiting-confirm' })], volunteerId: 'V-1', stationId: 'ST-1', activePhones: 0, nowMs: NOW, random })).toEqual({ kind: 'none' });
  });

  it(`a volunteer with ${MAX_PHONES_PER_VOLUNTEER} phones is told so instead of offered codes`, () => {
    expect(decideTap({ waiting: [pairing({})], volunteerId: 'V-1', stationId: 'ST-1', activePhones: MAX_PHONES_PER_VOLUNTEER, nowMs: NOW, random })).toEqual({ kind: 'limit', pairingIds: ['p1'] });
    expect(decideTap({ waiting: [pairing({})], volunteerId: 'V-1', stationId: 'ST-1', activePhones: MAX_PHONES_PER_VOLUNTEER - 1, nowMs: NOW, random }).kind).toBe('choose');
  });
});

describe("the kiosk's answer", () => {
  const offered = [
    pairing({ id: 'a', code: '1111', state: 'awaiting-confirm', checkinId: 'tap-1' }),
    pairing({ id: 'b', code: '2222', state: 'awaiting-confirm', checkinId: 'tap-1', deviceHash: 'd2' }),
  ];
  it('the touched code links exactly its pairing; the other offered one is declined', () => {
    expect(decideAnswer({ offered, checkinId: 'tap-1', stationId: 'ST-1', choice: '2222', nowMs: NOW })).toEqual({ kind: 'link', pairingId: 'b', declineIds: ['a'] });
  });
  it('a decoy or "not me" declines every offered pairing', () => {
    expect(decideAnswer({ offered, checkinId: 'tap-1', stationId: 'ST-1', choice: '5555', nowMs: NOW })).toEqual({ kind: 'decline', declineIds: ['a', 'b'] });
    expect(decideAnswer({ offered, checkinId: 'tap-1', stationId: 'ST-1', choice: null, nowMs: NOW })).toEqual({ kind: 'decline', declineIds: ['a', 'b'] });
  });
  it('an answer for another tap, from another station, or after the window changes nothing', () => {
    expect(decideAnswer({ offered, checkinId: 'tap-2', stationId: 'ST-1', choice: '1111', nowMs: NOW })).toEqual({ kind: 'stale' });
    expect(decideAnswer({ offered, checkinId: 'tap-1', stationId: 'ST-2', choice: '1111', nowMs: NOW })).toEqual({ kind: 'stale' });
    expect(decideAnswer({ offered, checkinId: 'tap-1', stationId: 'ST-1', choice: '1111', nowMs: NOW + 100_000 })).toEqual({ kind: 'stale' });
  });
  it('a replayed answer (already linked) changes nothing', () => {
    const settled = offered.map((p) => ({ ...p, state: p.id === 'a' ? ('linked' as const) : ('declined' as const) }));
    expect(decideAnswer({ offered: settled, checkinId: 'tap-1', stationId: 'ST-1', choice: '1111', nowMs: NOW })).toEqual({ kind: 'stale' });
  });
});

describe('what the phone sees', () => {
  it('a waiting pairing past its window reads as expired; settled states stay', () => {
    expect(isLive(pairing({}), NOW)).toBe(true);
    expect(visibleState(pairing({ expiresAtMs: NOW }), NOW)).toBe('expired');
    expect(visibleState(pairing({ state: 'linked', expiresAtMs: NOW - 1 }), NOW)).toBe('linked');
  });
});
