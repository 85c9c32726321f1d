/** The activity form's date and times as instants, in the zone of whoever runs the test. */
import { describe, expect, it } from 'vitest';
import { localSpan } from '../../../console/components/local-time-input.ts';

const local = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m - 1, d, h, min).toISOString();

describe('localSpan', () => {
  it('keeps an end later the same day on that day', () => {
    expect(localSpan('2026-12-05', '09:30', '11:00')).toEqual({ startsAt: local(2026, 12, 5, 9, 30), endsAt: local(2026, 12, 5, 11, 0) });
  });

  it('puts an end time before the start on the next day, across a month and a year', () => {
    expect(localSpan('2026-12-05', '22:30', '00:30')).toEqual({ startsAt: local(2026, 12, 5, 22, 30), endsAt: local(2026, 12, 6, 0, 30) });
    expect(localSpan('2026-12-31', '23:00', '01:15')).toEqual({ startsAt: local(2026, 12, 31, 23, 0), endsAt: local(2027, 1, 1, 1, 15) });
  });

  it('leaves an end equal to the start, one that would run past 12 hours overnight, and what is not a time, for the server to refuse', () => {
    expect(localSpan('2026-12-05', '10:00', '10:00').endsAt).toBe(local(2026, 12, 5, 10, 0));
    expect(localSpan('2026-12-05', '10:00', '09:00').endsAt).toBe(local(2026, 12, 5, 9, 0));
    expect(localSpan('2026-12-05', '20:00', '08:00').endsAt).toBe(local(2026, 12, 6, 8, 0));
    expect(localSpan('2026-12-05', '20:00', '08:01').endsAt).toBe(local(2026, 12, 5, 8, 1));
    expect(localSpan('2026-12-05', '10:00', '')).toEqual({ startsAt: local(2026, 12, 5, 10, 0), endsAt: '2026-12-05T' });
  });
});
