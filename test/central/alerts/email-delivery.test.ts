import { describe, expect, it } from 'vitest';
import { alertEmail } from '../../../central/alerts/email-delivery.ts';
import { ALERT_NAMES } from '../../../shared/index.ts';

describe('alert email text', () => {
  it('every alert has its own Chinese and English name, never the bare alert id', () => {
    for (const alert of ALERT_NAMES) {
      const { subject, text } = alertEmail(JSON.stringify({ v: 1, alert, state: 'open', stationId: 'ST-0001', siteId: 'SITE-01', since: '2026-12-02T09:00:00.000Z', at: '2026-12-02T09:10:00.000Z' }));
      expect(subject).not.toContain(alert);
      expect(text).toMatch(/告警：\S+/);
      expect(text).toMatch(/Alert: \S+/);
    }
  });

  it("a kiosk's clock-skew names the kiosk in both languages", () => {
    const { subject, text } = alertEmail(JSON.stringify({ v: 1, alert: 'clock-skew', state: 'closed', kioskId: 'K-0001', siteId: 'SITE-01', since: '2026-12-02T09:00:00.000Z', at: '2026-12-02T09:10:00.000Z' }));
    expect(subject).toBe('[已恢复 Resolved] K-0001 设备时钟不准 / Device clock off');
    expect(text).toContain('自助屏 K-0001，场地 SITE-01');
    expect(text).toContain('Kiosk K-0001, site SITE-01');
  });
});
