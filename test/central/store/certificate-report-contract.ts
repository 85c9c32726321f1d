/**
 * Part of the CentralStore contract (describeStoreContract runs it): certificates and
 * report figures. A certificate is stored once and revoked once, audited; the figures
 * count credited sessions only (report-store.ts), filtered by dates, stations and volunteer.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore } from '../../../central/store/central-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 * 400 };
const NOW = '2026-11-29T12:00:00.000Z';
let seq = 0;
const tap = (at: string, cardUid: string, stationId = 'ST-0001'): CardCheckInRequest => ({ id: randomUUID(), stationId, method: 'card', cardUid, seq: ++seq, at });
const cert = (id: string, volunteerId = 'V-1') => ({ id, volunteerId, keyId: '0123456789abcdef', statement: `{"certificateId":"${id}"}`, signature: 'sig', issuedAt: NOW });

export function describeCertificateReportContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, certificates and reports: ${name}`, () => {
    let store: CentralStore;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
        { id: 'V-2', name: 'John Smith', cards: ['11223344'] },
      ]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a certificate byte for byte, refuses its id twice, lists newest first', async () => {
      await store.certificates.insert(cert('C-AAAAAAAAAAAAAAAA'));
      await store.certificates.insert({ ...cert('C-BBBBBBBBBBBBBBBB'), issuedAt: '2026-11-30T00:00:00.000Z' });
      await expect(store.certificates.insert(cert('C-AAAAAAAAAAAAAAAA'))).rejects.toThrow();
      expect(await store.certificates.find('C-AAAAAAAAAAAAAAAA')).toEqual(cert('C-AAAAAAAAAAAAAAAA'));
      expect((await store.certificates.listOfVolunteer('V-1')).map((c) => c.id)).toEqual(['C-BBBBBBBBBBBBBBBB', 'C-AAAAAAAAAAAAAAAA']);
      expect(await store.certificates.listOfVolunteer('V-2')).toEqual([]);
      expect(await store.certificates.find('C-CCCCCCCCCCCCCCCC')).toBeUndefined();
    });

    it('revokes once, recording who, when and why, with an audit entry; a second revoke changes nothing', async () => {
      await store.certificates.insert(cert('C-AAAAAAAAAAAAAAAA'));
      const by = { actor: 'manager:alice', reason: 'issued for the wrong range', at: '2026-12-01T00:00:00.000Z' };
      expect(await store.certificates.revoke('C-AAAAAAAAAAAAAAAA', by)).toMatchObject({ kind: 'revoked' });
      const again = await store.certificates.revoke('C-AAAAAAAAAAAAAAAA', { ...by, actor: 'manager:bob', at: '2026-12-02T00:00:00.000Z' });
      expect(again).toMatchObject({ kind: 'already-revoked', certificate: { revokedAt: by.at, revokedBy: 'manager:alice' } });
      expect(await store.certificates.find('C-AAAAAAAAAAAAAAAA')).toMatchObject({ revokedAt: by.at, revokedBy: 'manager:alice', revokeReason: by.reason, statement: cert('C-AAAAAAAAAAAAAAAA').statement });
      expect(await store.certificates.revoke('C-ZZZZZZZZZZZZZZZZ', by)).toEqual({ kind: 'unknown' });
      const audit = await store.phone.listAudit({ volunteerId: 'V-1' });
      expect(audit.filter((e) => (e.action as string) === 'certificate-revoked')).toEqual([
        { at: by.at, actor: 'manager:alice', action: 'certificate-revoked', volunteerId: 'V-1', detail: { certificateId: 'C-AAAAAAAAAAAAAAAA', reason: by.reason } },
      ]);
    });

    it('figures count closed, credited sessions only, per month and station, with the default category', async () => {
      // V-1: 60 min in Oct at ST-0001, 30 min in Nov at ST-0002; V-2: 90 min in Nov at ST-0001, then a session left open.
      await store.recordCheckIns([tap('2026-10-05T01:00:00.000Z', '04A1B2C3'), tap('2026-10-05T02:00:00.000Z', '04A1B2C3')], rules, '2026-10-05T03:00:00.000Z');
      await store.recordCheckIns([tap('2026-11-02T01:00:00.000Z', '04A1B2C3', 'ST-0002'), tap('2026-11-02T01:30:00.000Z', '04A1B2C3', 'ST-0002')], rules, '2026-11-02T03:00:00.000Z');
      await store.recordCheckIns([tap('2026-11-03T01:00:00.000Z', '11223344'), tap('2026-11-03T02:30:00.000Z', '11223344'), tap('2026-11-04T01:00:00.000Z', '11223344')], rules, '2026-11-04T02:00:00.000Z');
      // Auto-closed at the cutoff: held for review, so neither hours nor an event.
      await store.autoCloseDueSessions(rules, Date.parse('2026-11-04T15:30:00.000Z'));
      const all = await store.reports.serviceFigures({ fromDate: '2026-10-01', toDate: '2026-11-30' });
      expect(all).toEqual([
        { month: '2026-10', stationId: 'ST-0001', category: 'civilised-tourism', teamId: null, minutes: 60, events: 1 },
        { month: '2026-11', stationId: 'ST-0001', category: 'civilised-tourism', teamId: null, minutes: 90, events: 1 },
        { month: '2026-11', stationId: 'ST-0002', category: 'civilised-tourism', teamId: null, minutes: 30, events: 1 },
      ]);
      expect(await store.reports.serviceFigures({ fromDate: '2026-11-01', toDate: '2026-11-30', stationIds: ['ST-0002'] })).toHaveLength(1);
      expect(await store.reports.serviceFigures({ fromDate: '2026-10-01', toDate: '2026-11-30', stationIds: [] })).toEqual([]);
      expect(await store.reports.serviceFigures({ fromDate: '2026-10-01', toDate: '2026-10-31', volunteerId: 'V-2' })).toEqual([]);
      expect(await store.reports.serviceFigures({ fromDate: '2026-10-01', toDate: '2026-11-30', teamId: 'T-none' })).toEqual([]);
      expect(await store.reports.topVolunteers({ fromDate: '2026-10-01', toDate: '2026-11-30' }, 10)).toEqual([
        { volunteerId: 'V-1', name: '张三丰', minutes: 90, events: 2 },
        { volunteerId: 'V-2', name: 'John Smith', minutes: 90, events: 1 },
      ]);
      expect(await store.reports.topVolunteers({ fromDate: '2026-10-01', toDate: '2026-11-30' }, 1)).toHaveLength(1);
    });
  });
}
