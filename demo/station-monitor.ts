/**
 * Watches the demo's stations through the broker: which are online (for
 * "ready" and the table) and every Result, printed as one line in the terminal.
 * Results carry names already masked for public screens (protocol v1 §Payloads).
 */
import { parseJson, ResultSchema, StationStatusSchema, topicsFor, type Result } from '../shared/index.ts';
import type { BrokerLink } from './broker/broker-link.ts';

export interface StationMonitor {
  isOnline(stationId: string): boolean;
  waitUntilOnline(stationIds: readonly string[], timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export function describeResult(stationId: string, result: Result): string {
  const who = result.volunteer ? `${result.volunteer.displayName}, ${result.volunteer.points} points, ${result.volunteer.minutesToday} min today` : '';
  const what = [result.status, result.direction, result.reason, result.method === 'qr' ? 'via phone' : undefined].filter(Boolean).join(' ');
  return `${stationId}  ${what}${who ? ` — ${who}` : ''}`;
}

/** Prints the Results of `printResultsOf` stations (the live ones; not the demo's recorded history). */
export async function startStationMonitor(broker: BrokerLink, topicRoot: string, printResultsOf: readonly string[], print: (line: string) => void): Promise<StationMonitor> {
  const topics = topicsFor(topicRoot);
  const online = new Map<string, boolean>();
  const waiters = new Set<() => void>();

  const stopStatus = await broker.subscribe(topics.allStations('status'), ({ topic, payload }) => {
    const parsed = topics.parse(topic);
    const status = parseJson(StationStatusSchema, payload);
    if (parsed?.kind !== 'station' || !status.ok) return;
    online.set(parsed.stationId, status.value.state === 'online');
    for (const wake of waiters) wake();
  });
  const stopResults = await broker.subscribe(topics.allStations('results'), ({ topic, payload }) => {
    const parsed = topics.parse(topic);
    const result = parseJson(ResultSchema, payload);
    if (parsed?.kind === 'station' && result.ok && printResultsOf.includes(parsed.stationId)) print(describeResult(parsed.stationId, result.value));
  });

  const isOnline = (stationId: string) => online.get(stationId) === true;
  return {
    isOnline,
    waitUntilOnline: (stationIds, timeoutMs) =>
      new Promise((resolve) => {
        const check = () => {
          if (!stationIds.every(isOnline)) return;
          done(true);
        };
        const done = (value: boolean) => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      await stopStatus();
      await stopResults();
    },
  };
}
