/** Shared set-up for agent integration tests: a config for a broker and a fresh data directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralDouble } from './central-double.ts';

export const STATION = 'ST-0001';

export function agentConfig(brokerUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    stationId: STATION,
    siteId: 'SITE-01',
    broker: { url: brokerUrl },
    reader: { driver: 'simulated' },
    dataDir: mkdtempSync(join(tmpdir(), 'agent-data-')),
    debounceMs: 0,
    ackTimeoutMs: 1000,
    http: { host: '127.0.0.1', port: 0 },
    logLevel: 'info',
    ...overrides,
  };
}

/** StationStatus payloads the double saw, newest last. */
export function statuses(central: CentralDouble): Record<string, unknown>[] {
  return central.other.filter((m) => m.topic.endsWith('/status')).map((m) => JSON.parse(m.payload) as Record<string, unknown>);
}

export function uidFor(i: number): string {
  return `04${i.toString(16).toUpperCase().padStart(6, '0')}`;
}
