import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff, backoffDelay } from '../../shared/index.ts';

describe('full-jitter backoff', () => {
  it('grows the ceiling exponentially up to the cap', () => {
    const top = () => 0.999999;
    const ceilings = Array.from({ length: 8 }, (_, attempt) => backoffDelay(attempt, { baseMs: 500, capMs: 30_000, random: top }));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999]);
  });

  it('spreads a fleet: delays are drawn from 0 up to the ceiling', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(5, { baseMs: 1000, capMs: 30_000 }));
    expect(Math.min(...delays)).toBeLessThan(3000);
    expect(Math.max(...delays)).toBeGreaterThan(27_000);
    expect(new Set(delays).size).toBeGreaterThan(1000);
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('retries with growing delays and starts over after reset()', async () => {
      const backoff = new Backoff({ baseMs: 100, capMs: 1000, random: () => 0.5 });
      const attemptsAt: number[] = [];
      let failuresLeft = 4;
      const start = Date.now();
      const attempt = (): void => {
        attemptsAt.push(Date.now() - start);
        if (failuresLeft-- > 0) setTimeout(attempt, backoff.next());
        else backoff.reset();
      };
      attempt();
      await vi.runAllTimersAsync();
      expect(attemptsAt).toEqual([0, 50, 150, 350, 750]);
      expect(backoff.attempts).toBe(0);
      expect(backoff.next()).toBe(50);
    });
  });
});
