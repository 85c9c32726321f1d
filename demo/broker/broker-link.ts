/**
 * What the launcher itself does on the broker (the station monitor's subscriptions,
 * the terminal's taps), whichever broker runs: the embedded aedes answers in-process,
 * a real Mosquitto through an MQTT client with the launcher's own account.
 */
import mqtt from 'mqtt';
import { topicMatches } from '../../shared/index.ts';

export interface InProcessMessage {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

export interface BrokerLink {
  readonly url: string;
  readonly wsUrl: string;
  publish(topic: string, payload: string, options?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  /** Resolves once subscribed (retained messages follow); returns an unsubscribe function. */
  subscribe(topicFilter: string, onMessage: (message: InProcessMessage) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ClientLinkOptions {
  url: string;
  wsUrl: string;
  username: string;
  password: string;
  /** A subscriber that throws is logged here, never thrown into the client. */
  log: (line: string) => void;
}

/** An MQTT 3.1.1 client as the launcher's link; it reconnects and resubscribes by itself. */
export async function connectClientLink(options: ClientLinkOptions): Promise<BrokerLink> {
  const client = await mqtt.connectAsync(options.url, {
    clientId: options.username,
    username: options.username,
    password: options.password,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  const subscribers = new Set<{ filter: string; onMessage: (message: InProcessMessage) => void }>();
  client.on('error', (err) => options.log(`launcher's broker connection: ${err.message}`));
  client.on('message', (topic, payload, packet) => {
    for (const { filter, onMessage } of subscribers) {
      if (!topicMatches(filter, topic)) continue;
      try {
        onMessage({ topic, payload, retain: packet.retain });
      } catch (err) {
        options.log(`launcher: subscriber of ${filter} threw: ${(err as Error).message}`);
      }
    }
  });
  return {
    url: options.url,
    wsUrl: options.wsUrl,
    publish: async (topic, payload, publishOptions = {}) => {
      await client.publishAsync(topic, payload, { qos: publishOptions.qos ?? 1, retain: publishOptions.retain ?? false });
    },
    subscribe: async (topicFilter, onMessage) => {
      const subscriber = { filter: topicFilter, onMessage };
      subscribers.add(subscriber);
      await client.subscribeAsync(topicFilter, { qos: 1 });
      return async () => {
        subscribers.delete(subscriber);
        if (client.connected) await client.unsubscribeAsync(topicFilter);
      };
    },
    close: async () => {
      await client.endAsync();
    },
  };
}
