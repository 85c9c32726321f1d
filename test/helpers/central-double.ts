/**
 * Plays the central service's role in agent tests: subscribes to CheckIns, records
 * every delivery (repeats included), de-duplicates on id as central must, and
 * answers with a Result unless told to withhold.
 */
import type { Socket } from 'node:net';
import { connect, type MqttClient } from 'mqtt';
import { CheckInSchema, parseJson, topicsFor, type CheckIn } from '../../shared/index.ts';

export interface CentralDouble {
  client: MqttClient;
  /** Every CheckIn received, in arrival order, repeats included. */
  received: CheckIn[];
  /** `performance.now()` of each arrival in `received`. */
  receivedAt: number[];
  /** First arrival of each id, in arrival order (what central records). */
  recorded(): CheckIn[];
  /** Topics and payloads of everything else seen on the station's topics. */
  other: { topic: string; payload: string }[];
  withholdResults: boolean;
  close(): Promise<void>;
}

export async function startCentralDouble(url: string, stationId: string, root = 'vs/v1'): Promise<CentralDouble> {
  const topics = topicsFor(root);
  // A persistent session, as central keeps: with a persistent broker, CheckIns published
  // while this subscriber is reconnecting after a broker restart are queued for it.
  const client = connect(url, { protocolVersion: 4, clientId: `central-double-${Math.random().toString(16).slice(2)}`, clean: false, reconnectPeriod: 200 });
  const double: CentralDouble = {
    client,
    received: [],
    receivedAt: [],
    other: [],
    withholdResults: false,
    recorded() {
      const seen = new Set<string>();
      return this.received.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
    },
    close: () => new Promise<void>((resolve) => client.end(true, {}, () => resolve())),
  };
  const answered = new Map<string, string>();
  client.on('message', (topic, payload) => {
    if (topic !== topics.station(stationId, 'checkins')) {
      double.other.push({ topic, payload: payload.toString() });
      return;
    }
    const parsed = parseJson(CheckInSchema, payload);
    if (!parsed.ok) throw new Error(`agent sent an invalid CheckIn: ${parsed.issues.join('; ')}`);
    double.received.push(parsed.value);
    double.receivedAt.push(performance.now());
    if (double.withholdResults) return;
    // Idempotent on id: a repeat gets the same Result (protocol v1 §Delivery guarantee 4).
    const result = answered.get(parsed.value.id) ?? JSON.stringify({ v: 1, id: parsed.value.id, status: 'accepted', at: new Date().toISOString(), direction: 'in' });
    answered.set(parsed.value.id, result);
    client.publish(topics.station(stationId, 'results'), result, { qos: 1 });
  });
  // Answer at once: without TCP_NODELAY a Result can wait for a delayed ACK (~40 ms).
  client.on('connect', () => (client.stream as Partial<Socket>).setNoDelay?.(true));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      client.subscribe([topics.station(stationId, 'checkins'), topics.station(stationId, 'taps'), topics.station(stationId, 'status')], { qos: 1 }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    client.once('error', reject);
  });
  return double;
}
