/** Which content version a kiosk runs, from the time of the content it reports. */
import { describe, expect, it } from 'vitest';
import type { ContentVersionView } from '../../../console/data/content-api.ts';
import { siteVersionSummary, versionRunning } from '../../../console/data/kiosk-content-versions.ts';

const at = (minute: number) => `2026-12-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
const ms = (minute: number) => Date.parse(at(minute));
const versions: ContentVersionView[] = [3, 2, 1].map((version) => ({ version, at: at(version * 10), by: 'manager:alice', summary: '' }));

describe('kiosk content versions', () => {
  it('runs the newest version published at or before its content time, a later republish included', () => {
    expect(versionRunning(versions, ms(20))).toEqual({ kind: 'version', version: 2 });
    // The scheduler republished version 2's file at :25.
    expect(versionRunning(versions, ms(25))).toEqual({ kind: 'version', version: 2 });
    expect(versionRunning(versions, ms(30))).toEqual({ kind: 'version', version: 3 });
  });

  it('says "not reported" without content, and "unknown" for content older than every version', () => {
    expect(versionRunning(versions, undefined)).toEqual({ kind: 'not-reported' });
    expect(versionRunning(versions, ms(5))).toEqual({ kind: 'unknown' });
    expect(versionRunning([], ms(5))).toEqual({ kind: 'unknown' });
  });

  it("counts the site's kiosks on the latest version and lists the others in kiosk order", () => {
    const kiosks = [
      { kioskId: 'K-10', siteId: 'SITE-01', contentUpdatedAt: ms(10) },
      { kioskId: 'K-2', siteId: 'SITE-01', contentUpdatedAt: undefined },
      { kioskId: 'K-1', siteId: 'SITE-01', contentUpdatedAt: ms(31) },
      { kioskId: 'K-9', siteId: 'SITE-02', contentUpdatedAt: ms(10) },
    ];
    expect(siteVersionSummary(versions, kiosks, 'SITE-01')).toEqual({
      latest: 3,
      onLatest: 1,
      total: 3,
      behind: [
        { kioskId: 'K-2', running: { kind: 'not-reported' } },
        { kioskId: 'K-10', running: { kind: 'version', version: 1 } },
      ],
    });
    expect(siteVersionSummary([], kiosks, 'SITE-03')).toEqual({ latest: 0, onLatest: 0, total: 0, behind: [] });
  });
});
