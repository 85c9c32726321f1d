/**
 * `central demo-history import FILE.json`: the demo's months of past service, recorded
 * straight into central's store, one CheckIn after another in the file's order, each
 * with its own `at` as the time central received it. That is what the demo means by
 * the history (taps that arrived on time, long ago), so the live path keeps its
 * `maxCheckInAgeHours` limit: a CheckIn from the broker dated months back is still held
 * for review. Demo only: a deployment has no use for it, since every real check-in
 * arrives through the broker or the phone.
 */
import * as v from 'valibot';
import { CheckInSchema, validate, type CheckIn, type StationsFile } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { cardRequestOf } from './checkin-consumer.ts';

const DemoHistorySchema = v.array(CheckInSchema);

export interface DemoHistoryReport {
  recorded: number;
  /** Already in the store (the same ids): an import run twice records nothing twice. */
  repeated: number;
  problems: string[];
}

/** Every problem listed, nothing recorded, when the file is not a JSON array of CheckIns. */
export function parseDemoHistory(text: string): { ok: true; checkIns: CheckIn[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const parsed = validate(DemoHistorySchema, json);
  return parsed.ok ? { ok: true, checkIns: parsed.value } : { ok: false, problems: parsed.issues };
}

export async function recordDemoHistory(store: CentralStore, checkIns: readonly CheckIn[], stations: StationsFile, rules: TimeBankRules): Promise<DemoHistoryReport> {
  const report: DemoHistoryReport = { recorded: 0, repeated: 0, problems: [] };
  for (const checkIn of checkIns) {
    // One at a time: each is received at its own time, so the time bank pairs it as it would have then.
    const [outcome] = await store.recordCheckIns([cardRequestOf(checkIn, stations)], rules, checkIn.at);
    if (outcome?.kind !== 'recorded') report.problems.push(`${checkIn.id}: not recorded`);
    else if (outcome.repeated) report.repeated++;
    else if (outcome.result.status === 'rejected') report.problems.push(`${checkIn.id} at ${checkIn.stationId}: rejected (${outcome.result.reason ?? 'no reason'})`);
    else report.recorded++;
  }
  return report;
}
