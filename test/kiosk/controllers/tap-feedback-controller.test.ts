import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { OVERLAY_CLEAR_MS, RESULT_WAIT_MS, TapFeedbackController, type TapOutcome } from '../../../kiosk/controllers/tap-feedback-controller.ts';

const at = '2026-11-29T08:30:00.000Z';

function fakeHost(): ReactiveControllerHost & { updates: number } {
  return {
    updates: 0,
    addController(_c: ReactiveController) {},
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

describe('TapFeedbackController', () => {
  let outcomes: TapOutcome[];
  let controller: TapFeedbackController;

  beforeEach(() => {
    vi.useFakeTimers();
    outcomes = [];
    controller = new TapFeedbackController(fakeHost(), (o) => outcomes.push(o));
  });
  afterEach(() => vi.useRealTimers());

  it('goes reading -> saved after 3 s without a Result, then clears', () => {
    controller.tap({ v: 1, id: 'a', at });
    expect(controller.feedback.phase).toBe('reading');
    vi.advanceTimersByTime(RESULT_WAIT_MS - 1);
    expect(controller.feedback.phase).toBe('reading');
    vi.advanceTimersByTime(1);
    expect(controller.feedback.phase).toBe('saved');
    vi.advanceTimersByTime(OVERLAY_CLEAR_MS);
    expect(controller.feedback.phase).toBe('none');
    expect(outcomes).toEqual(['saved']);
  });

  it('shows a Result (with or without a Tap) and logs outcomes without uids', () => {
    // Payloads are loose objects (protocol v1 §Payloads), so a uid or a name can ride along
    // on any of them; the log the manager panel shows must keep none of it.
    const uid = '04A1B2C3';
    const card = { uid, tech: 'em4100' };
    const volunteer = { displayName: '张*丰', minutesToday: 75, points: 2 };
    controller.tap({ v: 1, id: 'a', at, uid });
    controller.result({ v: 1, id: 'a', at, status: 'accepted', direction: 'out', card, volunteer });
    expect(controller.feedback.phase).toBe('result');
    vi.advanceTimersByTime(RESULT_WAIT_MS);
    expect(controller.feedback.phase).toBe('result');
    controller.result({ v: 1, id: 'b', at, status: 'duplicate', card, volunteer });
    controller.result({ v: 1, id: 'c', at, status: 'rejected', reason: 'unknown-card', card });
    controller.tap({ v: 1, id: 'd', at, uid });
    vi.advanceTimersByTime(RESULT_WAIT_MS);
    expect(outcomes).toEqual(['accepted-out', 'duplicate', 'rejected', 'saved']);
    expect(controller.log.map((e) => e.outcome)).toEqual(['saved', 'rejected', 'duplicate', 'accepted-out']);
    const logged = JSON.stringify(controller.log);
    expect(logged).not.toContain(uid);
    expect(logged).not.toContain(volunteer.displayName);
    expect(controller.log.map((e) => Object.keys(e).sort())).toEqual(Array(4).fill(['at', 'outcome']));
  });

  it('keeps only the last 20 outcomes and no timers grow over 5,000 taps', () => {
    for (let i = 0; i < 5_000; i++) {
      controller.tap({ v: 1, id: `t${i}`, at });
      controller.result({ v: 1, id: `t${i}`, at, status: 'accepted', direction: 'in' });
    }
    expect(controller.log).toHaveLength(20);
    expect(vi.getTimerCount()).toBe(1);
  });
});
