/**
 * `npm run bench:shop`: redemptions per second through the desk path, beside the check-in
 * path, in the same run, against an in-process central (SQLite file, synchronous = FULL)
 * and a real Mosquitto:
 *   check-ins:   card CheckIns over MQTT until each one's Result is back (in, then out)
 *   desk:        POST /api/desk/sites/{site}/handovers with a pending reservation's code
 *                (the desk's atomic step: state, receipt, audit), sequential and 8 at once
 *   reserve:     the phone's POST /phone/api/reservations (debit + stock + code), 8 at once
 * Prints a Markdown block for docs/performance.md. Flags: --n N (default 400)
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { deviceHash, newDeviceKey } from '../../central/phone/device-key.ts';
import { MANAGER, startCentralFixture } from '../../test/helpers/central-fixture.ts';
import { stubPhoneApp } from '../../test/helpers/phone-rig.ts';
import { fmt, summarise } from '../agent/stats.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '400' } } });
const N = Number(values.n);
const AUTH = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}`, 'content-type': 'application/json' };

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

async function main(): Promise<void> {
  const f = await startCentralFixture({ configOverrides: { phone: { appDir: stubPhoneApp() }, logLevel: 'warn' } });
  const { store } = f.central;
  const at = new Date().toISOString();
  await store.upsertVolunteers(Array.from({ length: N }, (_, i) => ({ id: `B-${i}`, name: `志愿者${i}`, cards: [(0x30000000 + i).toString(16).toUpperCase()] })));
  for (let i = 0; i < N; i++) await store.ledger.append({ requestId: `seed-${i}`, volunteerId: `B-${i}`, kind: 'adjusted', points: 1_000, at, actor: 'bench', reason: 'bench balance' });
  await store.shop.publishCatalogue('SITE-01', [{ id: 'soap', name: { zh: '香皂', en: 'Soap' }, price: 1, stock: 100 * N }], 'bench', at);

  // Check-ins: every volunteer taps once (a session opens), each Result awaited.
  const seen = f.results.length;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await f.publishCheckIn({ seq: i + 1, card: { uid: (0x30000000 + i).toString(16).toUpperCase(), tech: 'em4100' } });
  while (f.results.length < seen + N) await new Promise((r) => setTimeout(r, 2));
  const checkinSeconds = (performance.now() - t0) / 1000;

  const reserve = async (volunteerIndex: number) => {
    const outcome = await store.shop.reserve({
      requestId: randomUUID(), volunteerId: `B-${volunteerIndex}`, siteId: 'SITE-01', itemId: 'soap', localMonth: at.slice(0, 7), at: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), codes: Array.from({ length: 8 }, () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0')),
    });
    if (!outcome.ok) throw new Error(`reserve refused: ${outcome.reason}`);
    return outcome.redemption.code!;
  };
  const handOver = async (code: string, latencies: number[]) => {
    const s = performance.now();
    const response = await fetch(`${f.adminUrl}/api/desk/sites/SITE-01/handovers`, { method: 'POST', headers: AUTH, body: JSON.stringify({ code, requestId: randomUUID() }) });
    if (response.status !== 200) throw new Error(`hand-over refused: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    latencies.push(performance.now() - s);
  };

  const sequentialCodes: string[] = [];
  for (let i = 0; i < N; i++) sequentialCodes.push(await reserve(i));
  const sequential: number[] = [];
  const t1 = performance.now();
  for (const code of sequentialCodes) await handOver(code, sequential);
  const sequentialSeconds = (performance.now() - t1) / 1000;

  const parallelCodes: string[] = [];
  for (let i = 0; i < N; i++) parallelCodes.push(await reserve(i));
  const parallel: number[] = [];
  const t2 = performance.now();
  await inParallel(parallelCodes, 8, (code) => handOver(code, parallel));
  const parallelSeconds = (performance.now() - t2) / 1000;

  // Anchors: what the desk's Basic auth costs alone (scrypt per request), and the store's atomic step alone.
  const authOnly: number[] = [];
  const t4 = performance.now();
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    await (await fetch(`${f.adminUrl}/api/desk/sites`, { headers: AUTH })).arrayBuffer();
    authOnly.push(performance.now() - s);
  }
  const authSeconds = (performance.now() - t4) / 1000;
  const storeCodes: string[] = [];
  for (let i = 0; i < N; i++) storeCodes.push(await reserve(i));
  const storeOnly: number[] = [];
  const t5 = performance.now();
  for (const code of storeCodes) {
    const s = performance.now();
    const done = await store.shop.handOver({ requestId: randomUUID(), siteId: 'SITE-01', code, at: new Date().toISOString(), actor: 'bench' });
    if (!done.ok) throw new Error(`store hand-over refused: ${done.reason}`);
    storeOnly.push(performance.now() - s);
  }
  const storeSeconds = (performance.now() - t5) / 1000;

  // The phone's reservation over HTTP: links written straight into the store.
  const keys = Array.from({ length: N }, () => newDeviceKey());
  const now = Date.now();
  for (const [i, key] of keys.entries()) {
    await store.phone.startPairing({ id: `p-${i}`, volunteerId: `B-${i}`, stationId: 'ST-0001', deviceHash: deviceHash(key), code: '0000', state: 'awaiting-tap', createdAtMs: now, expiresAtMs: now + 120_000 }, 3, now);
    await store.phone.offerPairings([`p-${i}`], { checkinId: `tap-${i}`, choices: ['0000', '1111'], expiresAtMs: now + 60_000 }, now);
    await store.phone.completePairing({ pairingId: `p-${i}`, declineIds: [], bindingId: `b-${i}`, actor: 'bench', nowMs: now, maxPhones: 3 });
  }
  const reserveLatencies: number[] = [];
  const t3 = performance.now();
  await inParallel(keys, 8, async (key) => {
    const s = performance.now();
    const response = await fetch(`${f.baseUrl}/phone/api/reservations`, { method: 'POST', headers: { cookie: `vs_device=${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ siteId: 'SITE-01', itemId: 'soap', requestId: randomUUID() }) });
    if (response.status !== 201) throw new Error(`reservation refused: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    reserveLatencies.push(performance.now() - s);
  });
  const reserveSeconds = (performance.now() - t3) / 1000;
  await f.stop();

  const row = (name: string, count: number, seconds: number, latencies?: number[]) => {
    const s = latencies ? summarise(latencies) : undefined;
    return `| ${name} | ${count} | ${(count / seconds).toFixed(0)} | ${s ? `${fmt(s.p50)} / ${fmt(s.p99)}` : '–'} |`;
  };
  console.log(`### Rewards shop: desk redemptions beside check-ins (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})\n`);
  console.log('| path | count | per second | latency p50 / p99 ms |');
  console.log('| --- | --- | --- | --- |');
  console.log(row('card check-ins over MQTT, published back to back until every Result is back', N, checkinSeconds));
  console.log(row('desk hand-over by code, one desk', N, sequentialSeconds, sequential));
  console.log(row('desk hand-over by code, 8 desks at once', N, parallelSeconds, parallel));
  console.log(row('anchor: GET /api/desk/sites (Basic auth, one scrypt)', 50, authSeconds, authOnly));
  console.log(row('anchor: the store\'s hand-over step alone (SQLite, FULL sync)', N, storeSeconds, storeOnly));
  console.log(row('phone reservation (debit + stock + code), 8 phones at once', N, reserveSeconds, reserveLatencies));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
