/** Protocol v2's rules for acting on a Command, and the bounded memory of ids acted on. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/index.ts';
import { commandRefusal, isEventChannel, RecentCommandIds } from '../../shared/payloads/command-admission.ts';

const NOW = Date.parse('2026-11-29T09:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const identify = (extra: Partial<Command> = {}): Command => ({ v: 1, id: 'c1', cmd: 'identify', expiresAt: at(600_000), ...extra }) as Command;
const live = { nowMillis: NOW, retained: false, seen: () => false };

describe('commandRefusal', () => {
  it('admits a live, unexpired command never seen before', () => {
    expect(commandRefusal(identify(), live)).toBeUndefined();
  });

  it('refuses a retained copy first, whatever else is right about it', () => {
    expect(commandRefusal(identify(), { ...live, retained: true })).toBe('retained');
  });

  it('refuses a command without expiresAt, at or past it, and one valid for more than a day', () => {
    const { expiresAt: _none, ...noExpiry } = identify();
    expect(commandRefusal(noExpiry as Command, live)).toBe('no-expiry');
    expect(commandRefusal(identify({ expiresAt: at(0) }), live)).toBe('expired');
    expect(commandRefusal(identify({ expiresAt: at(-1) }), live)).toBe('expired');
    expect(commandRefusal(identify({ expiresAt: at(24 * 3_600_000) }), live)).toBeUndefined();
    expect(commandRefusal(identify({ expiresAt: at(24 * 3_600_000 + 1) }), live)).toBe('expiry-too-far');
  });

  it('refuses an id already acted on', () => {
    expect(commandRefusal(identify(), { ...live, seen: (id) => id === 'c1' })).toBe('repeated');
    expect(commandRefusal(identify({ id: 'c2' }), { ...live, seen: (id) => id === 'c1' })).toBeUndefined();
  });
});

describe('RecentCommandIds', () => {
  it('remembers ids, and restores them from its own entries', () => {
    const ids = new RecentCommandIds();
    ids.remember({ id: 'a', expiresAt: at(600_000) }, NOW);
    ids.remember({ id: 'b', expiresAt: at(600_000) }, NOW);
    const restored = new RecentCommandIds(undefined, ids.entries());
    expect([restored.has('a'), restored.has('b'), restored.has('c')]).toEqual([true, true, false]);
  });

  it('keeps at most `limit` ids, forgetting the oldest', () => {
    const ids = new RecentCommandIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.remember({ id, expiresAt: at(600_000) }, NOW);
    expect(ids.entries().map((e) => e.id)).toEqual(['b', 'c', 'd']);
    expect(new RecentCommandIds(2, ids.entries()).entries().map((e) => e.id)).toEqual(['c', 'd']);
  });

  it('forgets an id only an hour after its command expired, so a clock stepping back does not revive it', () => {
    const ids = new RecentCommandIds();
    ids.remember({ id: 'old', expiresAt: at(0) }, NOW);
    ids.remember({ id: 'x', expiresAt: at(600_000) }, NOW + 3_600_000);
    expect(ids.has('old')).toBe(true);
    ids.remember({ id: 'y', expiresAt: at(7_200_000) }, NOW + 3_600_001);
    expect(ids.has('old')).toBe(false);
    expect(ids.has('x')).toBe(true);
  });
});

describe('isEventChannel', () => {
  it('treats taps, results, commands and check-ins as events and status as state', () => {
    expect((['checkins', 'results', 'taps', 'cmd', 'pairing', 'pairing-answers', 'desk', 'desk-answers', 'status'] as const).map(isEventChannel)).toEqual([true, true, true, true, true, true, true, true, false]);
  });
});
