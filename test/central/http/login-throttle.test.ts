// The failed-login throttle's rules on a moved clock: a sliding minute, Retry-After, bounded memory.
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../central/http/login-throttle.ts';

describe('LoginThrottle', () => {
  it('allows 10 failures in a minute, refuses the 11th attempt, and frees once the oldest failure is a minute old', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 10, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 10; i++) {
      expect(throttle.check(['k'])).toEqual({ allowed: true });
      throttle.recordFailure(['k']);
      now += 1_000;
    }
    // Failures at 0..9 s; now = 10 s: the one at 0 s frees at 60 s.
    expect(throttle.check(['k'])).toEqual({ allowed: false, retryAfterSeconds: 50 });
    now = 59_999;
    expect(throttle.check(['k'])).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 60_000;
    expect(throttle.check(['k'])).toEqual({ allowed: true });
    // One more failure fills the window again (failures at 1..9 s and 60 s).
    throttle.recordFailure(['k']);
    expect(throttle.check(['k'])).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses when any of the keys is locked, with the longest wait', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000, now: () => now });
    throttle.recordFailure(['address:a', 'name:x']);
    now = 30_000;
    throttle.recordFailure(['address:a', 'name:y']);
    expect(throttle.check(['address:b', 'name:x'])).toEqual({ allowed: true });
    expect(throttle.check(['address:a', 'name:z'])).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('keeps at most maxKeys keys, dropping the stalest', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 3, now: () => 0 });
    for (const key of ['a', 'b', 'c', 'd']) throttle.recordFailure([key]);
    expect(throttle.check(['a']).allowed).toBe(true);
    expect(['b', 'c', 'd'].map((k) => throttle.check([k]).allowed)).toEqual([false, false, false]);
  });
});
