/**
 * `npm run bench:bank`: the time bank's read paths for a volunteer with 10,000 ledger
 * entries (10,000 one-hour sessions over nine years, each with its `earned` entry), on a
 * real SQLite file (`synchronous=FULL`), measured as server time through Fastify
 * (`inject`: the router, hooks, validation and JSON, no socket), beside the check-in
 * path in the same run:
 *   - the phone passbook `GET /phone/api/passbook` (hours by category and month, the
 *     balance, a 50-entry ledger page, star and progress, 20 recent sessions);
 *   - the manager record `GET /api/bank/volunteers/{id}` (the same, for the console),
 *     without HTTP Basic: its scrypt check (~tens of ms by design) is not the store's;
 *   - the balance alone (`store.ledger.balance`);
 *   - one check-in (`recordCheckIns` with one request) for other volunteers.
 * The phone's binding lookup is replaced by a fixed answer (one indexed row). Prints a
 * Markdown block for docs/performance.md. Flags: --entries N --requests N
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralApp, PUBLIC_HTTP_LIMITS } from '../../central/http/central-app.ts';
import { bankRoutes } from '../../central/http/bank-routes.ts';
import { createCentralLogger } from '../../central/observability/logger.ts';
import { DEVICE_COOKIE, newDeviceKey } from '../../central/phone/device-key.ts';
import { passbookRoutes } from '../../central/phone/passbook-routes.ts';
import type { PhoneWing } from '../../central/phone/phone-wing.ts';
import type { CardCheckInRequest, CentralStore } from '../../central/store/central-store.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import type { TimeBankRules } from '../../central/timebank/rules.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '10000' }, requests: { type: 'string', default: '2000' } } });
const ENTRIES = Number(values.entries);
const REQUESTS = Number(values.requests);
const rules: TimeBankRules = {
  minSessionMinutes: 2,
  pointsPerHour: 2,
  pointsRounding: 'down',
  dailyCutoff: '23:30',
  timeZone: 'Asia/Shanghai',
  maxCheckInAgeHours: 6,
  stars: { thresholdsHours: [100, 300, 600, 1000, 1500], mode: 'apply' },
  stationCategories: { 'ST-0002': 'elderly-care' },
};
const stations = {
  'ST-0001': { siteId: 'SITE-01', secret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', name: { zh: '1号站', en: 'Station 1' } },
  'ST-0002': { siteId: 'SITE-01', secret: 'HxweHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE', name: { zh: '2号站', en: 'Station 2' } },
};

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return `${at(50).toFixed(2)} / ${at(95).toFixed(2)} / **${at(99).toFixed(2)}** / ${sorted.at(-1)!.toFixed(2)} ms`;
}

async function time(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** 10,000 one-hour sessions, three a day (09:00, 11:00, 13:00 Shanghai), a day per transaction. */
async function fill(store: CentralStore): Promise<void> {
  let seq = 0;
  const day0 = Date.parse('2017-01-01T00:00:00.000Z');
  for (let s = 0, day = 0; s < ENTRIES; day++) {
    const requests: CardCheckInRequest[] = [];
    for (let k = 0; k < 3 && s < ENTRIES; k++, s++) {
      const start = day0 + day * 86_400_000 + (1 + 2 * k) * 3_600_000;
      const stationId = s % 3 === 0 ? 'ST-0002' : 'ST-0001';
      for (const at of [start, start + 3_600_000]) requests.push({ id: randomUUID(), stationId, method: 'card', cardUid: '0A000001', seq: ++seq, at: new Date(at).toISOString() });
    }
    await store.recordCheckIns(requests, rules, requests.at(-1)!.at);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bank-'));
  const store = SqliteStore.open(join(dir, 'data'));
  await store.migrate();
  await store.upsertVolunteers([
    { id: 'V-1', name: '张三丰', cards: ['0A000001'] },
    ...Array.from({ length: 1000 }, (_, i) => ({ id: `V-${i + 2}`, name: `Volunteer ${i + 2}`, cards: [(0x0b000000 + i).toString(16).toUpperCase()] })),
  ]);
  const filling = performance.now();
  await fill(store);
  const fillSeconds = (performance.now() - filling) / 1000;
  const entries = (await store.ledger.entries('V-1', { limit: 1 })).entries[0]!.id;

  const log = createCentralLogger('error');
  const deviceKey = newDeviceKey();
  // Every device is linked to V-1: the binding lookup is one indexed row, not what is measured.
  const phoneStore = new Proxy(store, {
    get: (target, key) => (key === 'phone' ? { ...target.phone, activeBindingOfDevice: async () => ({ volunteerId: 'V-1' }) } : Reflect.get(target, key)),
  }) as unknown as CentralStore;
  const phone = { store: phoneStore, nowMs: () => Date.now(), rules } as unknown as PhoneWing;
  const app = createCentralApp({ log, limits: PUBLIC_HTTP_LIMITS });
  app.register(passbookRoutes, { phone, stations, rules });
  app.register(bankRoutes, { store, stations, rules, auth: { principal: async () => ({ name: 'bench', role: 'city-manager' as const }) } });
  await app.ready();

  const passbook = async () => {
    const reply = await app.inject({ method: 'GET', url: '/phone/api/passbook', cookies: { [DEVICE_COOKIE]: deviceKey } });
    if (reply.statusCode !== 200) throw new Error(`passbook: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
  };
  const record = async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/bank/volunteers/V-1' });
    if (reply.statusCode !== 200) throw new Error(`record: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
  };
  // Warm up the prepared statements and the JIT.
  for (let i = 0; i < 50; i++) await Promise.all([passbook(), record()]);

  let seq = 1_000_000;
  const checkIn = async (i: number) => {
    const at = new Date().toISOString();
    const outcomes = await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: (0x0b000000 + (i % 1000)).toString(16).toUpperCase(), seq: ++seq, at }], rules, at);
    if (outcomes[0]?.kind !== 'recorded') throw new Error('check-in not recorded');
  };
  // Interleaved, so every path sees the same machine state.
  const samples = { passbook: [] as number[], record: [] as number[], balance: [] as number[], checkIn: [] as number[] };
  const loadBefore = loadavg()[0]!;
  for (let i = 0; i < REQUESTS; i++) {
    samples.passbook.push(...(await time(1, passbook)));
    samples.record.push(...(await time(1, record)));
    samples.balance.push(...(await time(1, () => store.ledger.balance('V-1'))));
    samples.checkIn.push(...(await time(1, () => checkIn(i))));
  }
  const size = Buffer.byteLength((await app.inject({ method: 'GET', url: '/phone/api/passbook', cookies: { [DEVICE_COOKIE]: deviceKey } })).body);
  await app.close();
  await store.close();

  console.log(`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end)\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| machine | ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version} |`);
  console.log(`| volunteer V-1 | ${ENTRIES.toLocaleString('en')} sessions and ledger entries (last entry id ${entries.toLocaleString('en')}); filled in ${fillSeconds.toFixed(1)} s |`);
  console.log(`| passbook \`GET /phone/api/passbook\` (${(size / 1024).toFixed(1)} KiB), ${REQUESTS} requests: p50 / p95 / p99 / max | ${percentiles(samples.passbook)} |`);
  console.log(`| manager record \`GET /api/bank/volunteers/V-1\` (no Basic auth), p50 / p95 / p99 / max | ${percentiles(samples.record)} |`);
  console.log(`| balance alone (\`store.ledger.balance\`), p50 / p95 / p99 / max | ${percentiles(samples.balance)} |`);
  console.log(`| beside them: one check-in (\`recordCheckIns\`, one request, fsync), p50 / p95 / p99 / max | ${percentiles(samples.checkIn)} |`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
