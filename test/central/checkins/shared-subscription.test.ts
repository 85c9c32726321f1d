// Two central replicas on one broker and one database: `$share/central/...` gives each
// check-in to exactly one of them, so each is answered once and both do work.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCentralConfig } from '../../../central/config.ts';
import { startCentral, type RunningCentral } from '../../../central/main.ts';
import { createCentralMetrics, type CentralMetrics } from '../../../central/observability/metrics.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

async function answeredBy(metrics: CentralMetrics): Promise<number> {
  return (await metrics.checkinsTotal.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('replicas on a shared subscription', () => {
  let f: CentralFixture;
  let replica: RunningCentral;
  const replicaMetrics = createCentralMetrics({ defaultMetrics: false });
  beforeAll(async () => {
    f = await startCentralFixture();
    const loaded = loadCentralConfig(f.configFile, { VS_CENTRAL_HTTP_PORT: '0' });
    replica = await startCentral(loaded, { log: pino({ level: 'silent' }), metrics: replicaMetrics });
  });
  afterAll(async () => {
    await replica?.stop();
    await f?.stop();
  });

  it('answers every check-in exactly once, and both replicas take a share', async () => {
    const sent: { id: string }[] = [];
    for (let seq = 1; seq <= 40; seq++) sent.push(await f.publishCheckIn({ seq, card: { uid: 'DEADBEEF', tech: 'em4100' } }));
    await eventually(() => (sent.every((c) => f.results.some((r) => r.result.id === c.id)) ? true : undefined), 10_000, '40 Results');
    // Give a second (wrong) answer time to show up.
    await new Promise((r) => setTimeout(r, 500));
    expect(f.results.filter((r) => sent.some((c) => c.id === r.result.id))).toHaveLength(40);
    const first = await answeredBy(f.metrics);
    const second = await answeredBy(replicaMetrics);
    expect(first + second).toBe(40);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
  });
});
