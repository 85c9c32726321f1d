/**
 * `npm run bench:phone`: what a phone check-in costs, end to end over HTTP, against a real
 * `central run` child process (SQLite in a temp folder) and a real Mosquitto.
 *   anchor:   GET /healthz, the listener's own round trip
 *   cookie:   a phone linked with its device key: GET the page from the QR, POST the check-in
 *   passkey:  a phone linked with a passkey: GET the page, POST for a challenge, sign it (an
 *             ES256 software authenticator in this process, test/helpers/soft-authenticator.ts),
 *             POST the check-in with the assertion
 * The number-only check-in of protocol v1 no longer exists (a typed number records
 * nothing), so the device-key path is the cheap anchor: the same page, ticket, throttle
 * checks, store write and Result, without WebAuthn. Each volunteer checks in once, with a
 * current QR token. Prints a Markdown block for docs/performance.md.
 * Flags: --phones N (per path, default 500)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCheckinSecret } from '../../shared/index.ts';
import { deviceHash, newDeviceKey } from '../../central/phone/device-key.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { freePort, waitForPort } from '../../test/helpers/free-port.ts';
import { startMosquitto } from '../../test/helpers/mosquitto.ts';
import { stubPhoneApp, TestPhone, tokenAt, type Visit } from '../../test/helpers/phone-rig.ts';
import { SoftAuthenticator } from '../../test/helpers/soft-authenticator.ts';
import { fmt, summarise } from '../agent/stats.ts';

const { values } = parseArgs({ options: { phones: { type: 'string', default: '500' } } });
const PHONES = Number(values.phones);
const ORIGIN = 'http://localhost:8090';
const STATION = 'ST-0001';

function cpuSecondsOf(pid: number): number {
  // utime + stime, in clock ticks of 1/100 s (proc(5)).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Phase {
  total: number[];
  page: number[];
  checkin: number[];
  cpuMicros: number;
}

async function main(): Promise<void> {
  const broker = await startMosquitto({ websockets: false });
  const dir = mkdtempSync(join(tmpdir(), 'bench-phone-'));
  const secret = generateCheckinSecret();
  writeFileSync(join(dir, 'stations.json'), JSON.stringify({ [STATION]: { siteId: 'SITE-01', secret, name: { zh: '一号站', en: 'Station 1' } } }));
  const port = await freePort();
  const configFile = join(dir, 'central.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      broker: { url: broker.url },
      dataDir: 'data',
      http: { host: '127.0.0.1', port },
      adminHttp: { port: 0 },
      stationsFile: 'stations.json',
      publicBaseUrl: `${ORIGIN}/c/`,
      phone: { appDir: stubPhoneApp() },
      logLevel: 'warn',
    }),
  );

  // Linking needs a card tap per phone; here the links are written straight into the store before central starts.
  const store = SqliteStore.open(join(dir, 'data'));
  await store.migrate();
  const volunteers = Array.from({ length: 2 * PHONES }, (_, i) => `V-${i + 1}`);
  await importVolunteers(store, ['id,name,cards,phone', ...volunteers.map((id, i) => `${id},志愿者${i + 1},${(0x20000000 + i).toString(16).toUpperCase()},`)].join('\n'));
  const keys = volunteers.map(() => newDeviceKey());
  const now = Date.now();
  for (const [i, volunteerId] of volunteers.entries()) {
    const id = `p-${i}`;
    await store.phone.startPairing({ id, volunteerId, stationId: STATION, deviceHash: deviceHash(keys[i]!), code: '0000', state: 'awaiting-tap', createdAtMs: now, expiresAtMs: now + 120_000 }, 3, now);
    await store.phone.offerPairings([id], { checkinId: `tap-${i}`, choices: ['0000', '1111'], expiresAtMs: now + 60_000 }, now);
    await store.phone.completePairing({ pairingId: id, declineIds: [], bindingId: `b-${i}`, actor: 'bench', nowMs: now, maxPhones: 3 });
  }
  await store.close();

  const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'central', 'bin', 'central.js'), 'run', '--config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port, 30_000);
  const base = `http://127.0.0.1:${port}`;
  const phones = keys.map((key) => Object.assign(new TestPhone(base), { cookie: key }));
  const cookiePhones = phones.slice(0, PHONES);
  const passkeyPhones = phones.slice(PHONES);
  const authenticators = passkeyPhones.map(() => new SoftAuthenticator(ORIGIN));
  for (const [i, phone] of passkeyPhones.entries()) {
    const added = await phone.addPasskey(authenticators[i]!);
    if (added.status !== 200) throw new Error(`passkey not added: ${added.status} ${JSON.stringify(added.body)}`);
  }

  const open = async (phone: TestPhone): Promise<Visit> => {
    const page = await phone.open(`/c/${tokenAt(STATION, Date.now(), secret)}`);
    if (!page.visit) throw new Error(`page not served: ${page.status}`);
    return page.visit;
  };
  const expectOk = (reply: { status: number; body: unknown }) => {
    if (reply.status !== 200) throw new Error(`check-in refused: ${reply.status} ${JSON.stringify(reply.body)}`);
  };

  async function measure(list: TestPhone[], checkIn: (phone: TestPhone, i: number, visit: Visit) => Promise<void>): Promise<Phase> {
    const phase: Phase = { total: [], page: [], checkin: [], cpuMicros: 0 };
    const cpuBefore = cpuSecondsOf(child.pid!);
    for (const [i, phone] of list.entries()) {
      const t0 = performance.now();
      const visit = await open(phone);
      const t1 = performance.now();
      await checkIn(phone, i, visit);
      const t2 = performance.now();
      phase.page.push(t1 - t0);
      phase.checkin.push(t2 - t1);
      phase.total.push(t2 - t0);
    }
    phase.cpuMicros = ((cpuSecondsOf(child.pid!) - cpuBefore) * 1e6) / list.length;
    return phase;
  }

  const anchor: number[] = [];
  for (let i = 0; i < PHONES; i++) {
    const t0 = performance.now();
    await fetch(`${base}/healthz`).then((r) => r.text());
    anchor.push(performance.now() - t0);
  }
  const cookie = await measure(cookiePhones, async (phone, _i, visit) => expectOk(await phone.checkIn(visit)));
  const passkey = await measure(passkeyPhones, async (phone, i, visit) => expectOk(await phone.passkeyCheckIn(visit, authenticators[i]!)));
  // Signing in this process is part of the passkey path's wall time; say how much of it.
  const signing: number[] = [];
  const probe = new SoftAuthenticator(ORIGIN);
  probe.create({ rp: { id: 'localhost', name: 'x' }, user: { id: 'dQ', name: 'u', displayName: '' }, challenge: 'x', pubKeyCredParams: [] });
  for (let i = 0; i < PHONES; i++) {
    const t0 = performance.now();
    probe.get({ challenge: 'abc', rpId: 'localhost' });
    signing.push(performance.now() - t0);
  }

  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await broker.stop();

  const row = (label: string, samples: number[], extra = '') => {
    const s = summarise(samples);
    return `| ${label} | ${s.n} | ${fmt(s.p50)} ms | ${fmt(s.p99)} ms | ${fmt(s.max)} ms | ${extra} |`;
  };
  console.log(`Run of ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, ${PHONES} phones per path, sequential.\n`);
  console.log('| measure | n | p50 | p99 | max | central CPU per check-in |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('anchor: GET /healthz', anchor));
  console.log(row('device key: page + check-in (end to end)', cookie.total, `${cookie.cpuMicros.toFixed(0)} µs`));
  console.log(row('device key: the check-in POST alone', cookie.checkin));
  console.log(row('passkey: page + challenge + sign + check-in (end to end)', passkey.total, `${passkey.cpuMicros.toFixed(0)} µs`));
  console.log(row('passkey: challenge + sign + check-in', passkey.checkin));
  console.log(row('page GET (both paths)', [...cookie.page, ...passkey.page]));
  console.log(row('ES256 signing in the bench (part of the passkey rows)', signing));
  const ratio = summarise(passkey.total).p50 / summarise(cookie.total).p50;
  console.log(`\nPasskey / device key, end to end p50: ${ratio.toFixed(2)}×.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
