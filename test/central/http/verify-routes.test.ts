// Service certificates end to end over the routes: the linked phone issues one, the public verify page answers genuine, tampered, revoked and unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateView } from '../../../shared/index.ts';
import { basic, startReportRig, type ReportRig } from '../../helpers/report-rig.ts';

describe('service certificates: phone API, verify page, revocation', () => {
  let rig: ReportRig;
  let cookie: string;
  const issue = (body: unknown, headers: Record<string, string>) =>
    rig.public.inject({ method: 'POST', url: '/phone/api/certificates', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  const verifyJson = (id: string) => rig.public.inject({ method: 'GET', url: `/verify/${id}`, headers: { accept: 'application/json' } });
  const verifyPage = (id: string) => rig.public.inject({ method: 'GET', url: `/verify/${id}`, headers: { accept: 'text/html' } });
  const newCertificate = async (): Promise<CertificateView> => {
    const res = await issue({ from: '2026-01-01', to: '2026-12-31' }, { cookie });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().certificate;
  };

  beforeAll(async () => {
    rig = await startReportRig({
      sessions: [
        { volunteer: 'V-1', station: 'ST-0001', date: '2026-03-01', minutes: 90, category: 'elderly-care' },
        { volunteer: 'V-1', station: 'ST-0003', date: '2026-04-01', minutes: 60, category: null },
        { volunteer: 'V-1', station: 'ST-0001', date: '2026-04-02', minutes: 500, state: 'review' },
        { volunteer: 'V-2', station: 'ST-0001', date: '2026-04-01', minutes: 60, category: 'science' },
      ],
    });
    cookie = await rig.linkPhone('V-1');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a phone that is not linked is refused with phone-not-linked, and no certificate is made', async () => {
    const phones: Record<string, string>[] = [{}, { cookie: 'vs_device=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }];
    for (const headers of phones) {
      const res = await issue({ from: '2026-01-01', to: '2026-12-31' }, headers);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ ok: false, reason: 'phone-not-linked' });
      expect((await rig.public.inject({ method: 'GET', url: '/phone/api/certificates', headers })).statusCode).toBe(403);
    }
    expect(rig.db.prepare('SELECT COUNT(*) AS n FROM certificates').get()).toEqual({ n: 0 });
  });

  it('a bad range is refused with every problem', async () => {
    const res = await issue({ from: '2026-02-30', to: '2025-01-01' }, { cookie });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual(['from: must be a calendar date YYYY-MM-DD', 'to: must not be before from']);
    const backwards = await issue({ from: '2026-05-01', to: '2026-01-01' }, { cookie });
    expect(backwards.json().issues).toEqual(['to: must not be before from']);
  });

  it('the linked phone gets a signed certificate of its own hours by category, and the verify page says it is genuine', async () => {
    const certificate = await newCertificate();
    expect(certificate.statement).toMatchObject({
      volunteerId: 'V-1',
      name: '张三丰',
      from: '2026-01-01',
      to: '2026-12-31',
      issuedAt: '2026-12-01T04:00:00.000Z',
      programme: { zh: '志愿服务时间银行', en: 'Volunteer Time Bank' },
      categories: [
        { category: 'civilised-tourism', minutes: 60, events: 1 },
        { category: 'elderly-care', minutes: 90, events: 1 },
      ],
      totalMinutes: 150,
      events: 2,
    });
    expect(certificate.verifyUrl).toBe(`http://localhost:80/verify/${certificate.statement.certificateId}`);
    const checked = await verifyJson(certificate.statement.certificateId);
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toEqual({ certificateId: certificate.statement.certificateId, verdict: 'genuine', statement: certificate.statement });
    const page = await verifyPage(certificate.statement.certificateId);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('data-verdict="genuine"');
    expect(page.body).toContain('张三丰');
    expect(page.body).toContain('<td>2.5</td>');
    // No card uid and nothing of the phone, on the page or in the reply.
    expect(page.body + checked.body).not.toMatch(/04A1B2C3|vs_device|b-p-1/);
    const mine = await rig.public.inject({ method: 'GET', url: '/phone/api/certificates', headers: { cookie } });
    expect(mine.json().certificates.map((c: CertificateView) => c.statement.certificateId)).toContain(certificate.statement.certificateId);
  });

  it('a statement or signature changed in the database is not genuine, and its contents are not shown', async () => {
    const certificate = await newCertificate();
    const id = certificate.statement.certificateId;
    rig.db.prepare('UPDATE certificates SET statement = ? WHERE id = ?').run(certificate.signedText.replace('"totalMinutes":150', '"totalMinutes":950'), id);
    expect((await verifyJson(id)).json()).toEqual({ certificateId: id, verdict: 'not-genuine' });
    const page = await verifyPage(id);
    expect(page.body).toContain('data-verdict="not-genuine"');
    expect(page.body).not.toContain('张三丰');
    const other = await newCertificate();
    const flipped = Buffer.from(other.signature, 'base64url');
    flipped[10] = flipped[10]! ^ 1;
    rig.db.prepare('UPDATE certificates SET signature = ? WHERE id = ?').run(flipped.toString('base64url'), other.statement.certificateId);
    expect((await verifyJson(other.statement.certificateId)).json().verdict).toBe('not-genuine');
  });

  it('a city manager revokes a certificate with a reason, audited; the verify page then says revoked', async () => {
    const { statement } = await newCertificate();
    const revoke = (name: string, body: unknown, id = statement.certificateId) =>
      rig.admin.inject({ method: 'POST', url: `/api/certificates/${id}/revoke`, headers: { ...basic(name), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await revoke('desk01', { reason: 'wrong range' })).statusCode).toBe(403);
    expect((await revoke('lead1', { reason: 'wrong range' })).statusCode).toBe(403);
    expect((await revoke('alice', {})).json()).toMatchObject({ issues: [expect.stringMatching(/^reason/)] });
    expect((await revoke('alice', { reason: 'wrong range' }, 'C-AAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await verifyJson(statement.certificateId)).json().verdict).toBe('genuine');
    const done = await revoke('alice', { reason: 'issued for the wrong range' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ id: statement.certificateId, revokedAt: '2026-12-01T04:00:00.000Z', revokedBy: 'manager:alice' });
    expect((await revoke('alice', { reason: 'again' })).statusCode).toBe(409);
    const checked = (await verifyJson(statement.certificateId)).json();
    expect(checked).toMatchObject({ verdict: 'revoked', revokedAt: '2026-12-01T04:00:00.000Z', statement: { name: '张三丰' } });
    expect((await verifyPage(statement.certificateId)).body).toContain('data-verdict="revoked"');
    const audit = await rig.store.phone.listAudit({ volunteerId: 'V-1' });
    expect(audit).toContainEqual({ at: '2026-12-01T04:00:00.000Z', actor: 'manager:alice', action: 'certificate-revoked', volunteerId: 'V-1', detail: { certificateId: statement.certificateId, reason: 'issued for the wrong range' } });
    const listed = await rig.admin.inject({ method: 'GET', url: '/api/certificates?volunteer=V-1', headers: basic('alice') });
    expect(listed.json().certificates).toContainEqual(expect.objectContaining({ id: statement.certificateId, verdict: 'revoked', revokedBy: 'manager:alice' }));
  });

  it('an unknown or malformed certificate number is unknown (404), with a page that says so', async () => {
    expect((await verifyJson('C-AAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await verifyJson('C-AAAAAAAAAAAAAAAA')).json()).toEqual({ certificateId: 'C-AAAAAAAAAAAAAAAA', verdict: 'unknown' });
    const page = await verifyPage('<script>');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('data-verdict="unknown"');
    expect(page.body).not.toContain('<script>');
  });

  it('publishes the public key for offline checks, never the private one', async () => {
    const res = await rig.public.inject({ method: 'GET', url: '/verify/public-key' });
    expect(res.body).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(res.body).not.toMatch(/PRIVATE/);
  });
});
