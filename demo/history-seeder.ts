/**
 * Sends the demo's past check-ins (demo/history.ts) through the broker, one at a
 * time, each waiting for its Result, so the central service pairs them in order
 * exactly as it would live taps. Only on a fresh data directory.
 */
import { CheckInSchema, parseJson, ResultSchema, topicsFor, validate, type CheckIn } from '../shared/index.ts';
import type { EmbeddedBroker } from './broker/broker.ts';

const RESULT_TIMEOUT_MS = 20_000;
/** Central may still be subscribing when the first check-in goes out: republish, same id, as an agent would. */
const REPUBLISH_AFTER_MS = 1_000;

async function publishUntilAnswered(publish: () => Promise<void>, answered: Promise<void>): Promise<boolean> {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  let gotAnswer = false;
  void answered.then(() => (gotAnswer = true));
  while (Date.now() < deadline) {
    await publish();
    const pause = new Promise<void>((resolve) => setTimeout(resolve, REPUBLISH_AFTER_MS));
    await Promise.race([answered, pause]);
    if (gotAnswer) return true;
  }
  return false;
}

/** Returns how many check-ins were answered; stops at the first that is not. */
export async function seedHistory(broker: EmbeddedBroker, topicRoot: string, checkIns: readonly CheckIn[]): Promise<number> {
  const topics = topicsFor(topicRoot);
  const waiting = new Map<string, () => void>();
  const unsubscribe = await broker.subscribe(topics.allStations('results'), ({ payload }) => {
    const result = parseJson(ResultSchema, payload);
    if (result.ok) waiting.get(result.value.id)?.();
  });
  let answered = 0;
  try {
    for (const checkIn of checkIns) {
      const checked = validate(CheckInSchema, checkIn);
      if (!checked.ok) throw new Error(`demo history check-in is invalid: ${checked.issues.join('; ')}`);
      const answer = new Promise<void>((resolve) => waiting.set(checkIn.id, resolve));
      const ok = await publishUntilAnswered(() => broker.publish(topics.station(checkIn.stationId, 'checkins'), JSON.stringify(checkIn), { qos: 1 }), answer);
      waiting.delete(checkIn.id);
      if (!ok) break;
      answered++;
    }
  } finally {
    await unsubscribe();
  }
  return answered;
}
