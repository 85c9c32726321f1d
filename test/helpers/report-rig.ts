/**
 * Central's report and certificate routes on a real SQLite store with a scripted history,
 * without a broker: the public listener (phone certificate API, verify page) and the
 * admin one (reports, uptime, alerts, certificate admin), driven with Fastify's `inject`. Accounts:
 * `alice` city manager, `desk01` site staff of SITE-01, `lead1` team leader of T-1.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { StationsFile } from '../../shared/index.ts';
import { CertificateService } from '../../central/certificates/certificate-service.ts';
import { loadOrCreateSigningKey } from '../../central/certificates/signing-key.ts';
import { ManagerAuthenticator } from '../../central/http/basic-auth.ts';
import { AttemptGuard } from '../../central/phone/attempt-guard.ts';
import { ADMIN_HTTP_LIMITS, createCentralApp, PUBLIC_HTTP_LIMITS } from '../../central/http/central-app.ts';
import { reportRoutes } from '../../central/http/report-routes.ts';
import { uptimeRoutes } from '../../central/http/uptime-routes.ts';
import { alertRoutes } from '../../central/http/alert-routes.ts';
import { alertSubscriptionRoutes } from '../../central/http/alert-subscription-routes.ts';
import { playRoutes } from '../../central/http/play-routes.ts';
import { verifyRoutes } from '../../central/http/verify-routes.ts';
import { hashManagerPassword } from '../../central/managers/manager-password.ts';
import { createCentralLogger } from '../../central/observability/logger.ts';
import { certificateRoutes } from '../../central/phone/certificate-routes.ts';
import { deviceHash, newDeviceKey } from '../../central/phone/device-key.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';

export const PASSWORD = 'correct horse battery';
export const basic = (name: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${PASSWORD}`).toString('base64')}` });

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
export const RIG_STATIONS: StationsFile = {
  'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '一号站', en: 'Station 1' } },
  'ST-0002': { siteId: 'SITE-01', secret: SECRET, name: { zh: '二号站', en: 'Station 2' } },
  'ST-0003': { siteId: 'SITE-02', secret: SECRET, name: { zh: '三号站', en: 'Station 3' }, kiosks: ['K-0003'] },
};

export interface ScriptedSession {
  volunteer: string;
  station: string;
  date: string;
  minutes: number;
  category?: string | null;
  /** Default: closed by a tap and credited. */
  state?: 'credited' | 'review' | 'open';
}

export interface ReportRig {
  db: Database.Database;
  store: SqliteStore;
  admin: FastifyInstance;
  public: FastifyInstance;
  certificates: CertificateService;
  /** A device cookie linked to this volunteer. */
  linkPhone(volunteerId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startReportRig(opts: { sessions: readonly ScriptedSession[]; target?: number; now?: Date }): Promise<ReportRig> {
  const db = new Database(':memory:');
  const store = new SqliteStore(db);
  await store.migrate();
  await store.upsertVolunteers([
    { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
    { id: 'V-2', name: 'John Smith', cards: ['11223344'] },
    { id: 'V-3', name: '王五', cards: ['55667788'] },
    { id: 'V-4', name: 'Li Lei', cards: ['99AABBCC'] },
  ]);
  db.exec(`INSERT INTO teams (id, name) VALUES ('T-1', '青年队'), ('T-2', '银发队');
    UPDATE volunteers SET team_id = 'T-1' WHERE id IN ('V-1', 'V-2');
    UPDATE volunteers SET team_id = 'T-2' WHERE id = 'V-3';`);
  const insert = db.prepare(
    `INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, ended_at, minutes, points, closed_by, needs_review, open_checkin_id, category)
     VALUES (@id, @volunteer, @station, @date, @startedAt, @endedAt, @minutes, 0, @closedBy, @review, @id, @category)`,
  );
  opts.sessions.forEach((s, i) => {
    const state = s.state ?? 'credited';
    insert.run({
      id: `S-${i}`,
      volunteer: s.volunteer,
      station: s.station,
      date: s.date,
      startedAt: `${s.date}T01:00:00.000Z`,
      endedAt: state === 'open' ? null : `${s.date}T02:00:00.000Z`,
      minutes: state === 'open' ? null : s.minutes,
      closedBy: state === 'open' ? null : state === 'review' ? 'auto-cutoff' : 'tap',
      review: state === 'review' ? 1 : 0,
      category: s.category ?? null,
    });
  });
  const hash = hashManagerPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  const log = createCentralLogger('silent');
  const auth = new ManagerAuthenticator({
    managers: { alice: hash, desk01: hash, lead1: hash },
    managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, lead1: { role: 'team-leader', team: 'T-1' } },
    log,
    attempts: new AttemptGuard(store.phone, Date.now),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'vs-report-rig-'));
  const now = () => opts.now ?? new Date('2026-12-01T04:00:00.000Z');
  let signer: ReturnType<typeof loadOrCreateSigningKey> | undefined;
  const certificates = new CertificateService({ store, signer: () => (signer ??= loadOrCreateSigningKey(dataDir)), programme: { zh: '志愿服务时间银行', en: 'Volunteer Time Bank' }, now });
  const admin = createCentralApp({ log, limits: ADMIN_HTTP_LIMITS });
  admin.register(reportRoutes, { store, stations: RIG_STATIONS, auth, certificates, yearlyServiceEventTarget: opts.target ?? 100_000, now });
  admin.register(uptimeRoutes, { store, stations: RIG_STATIONS, auth, now });
  admin.register(alertRoutes, { store, auth, now });
  admin.register(alertSubscriptionRoutes, { store, stations: RIG_STATIONS, auth, emailConfigured: true, now });
  admin.register(playRoutes, { store, stations: RIG_STATIONS, auth, now });
  const pub = createCentralApp({ log, limits: PUBLIC_HTTP_LIMITS });
  pub.register(certificateRoutes, { store, certificates }).register(verifyRoutes, { certificates });
  await Promise.all([admin.ready(), pub.ready()]);
  let phones = 0;
  return {
    db,
    store,
    admin,
    public: pub,
    certificates,
    async linkPhone(volunteerId) {
      const key = newDeviceKey();
      const id = `p-${++phones}`;
      const nowMs = now().getTime();
      await store.phone.startPairing({ id, volunteerId, stationId: 'ST-0001', deviceHash: deviceHash(key), code: '1234', state: 'awaiting-tap', createdAtMs: nowMs, expiresAtMs: nowMs + 120_000 }, 3, nowMs);
      await store.phone.offerPairings([id], { checkinId: `tap-${id}`, choices: ['1234', '5678'], expiresAtMs: nowMs + 60_000 }, nowMs);
      await store.phone.completePairing({ pairingId: id, declineIds: [], bindingId: `b-${id}`, actor: 'kiosk:K-1', nowMs, maxPhones: 3 });
      return `vs_device=${key}`;
    },
    async close() {
      await admin.close();
      await pub.close();
      await store.close();
    },
  };
}
