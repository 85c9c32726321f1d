/// <reference lib="webworker" />
/**
 * The kiosk's broker worker (built by vite from `new Worker(new URL(...))`): one mqtt.js
 * client, driven by the page over broker-link-protocol.ts. It never reconnects on its own
 * (reconnectPeriod 0): the page's ConnectionController owns backoff and jitter.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { FromBrokerWorker, ToBrokerWorker } from './broker-link-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let client: MqttClient | undefined;

function post(message: FromBrokerWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function done(id: number) {
  return (err?: Error | null) => post(err ? { type: 'done', id, error: err.message } : { type: 'done', id });
}

scope.addEventListener('message', (event: MessageEvent<ToBrokerWorker>) => {
  const request = event.data;
  switch (request.type) {
    case 'connect': {
      const { options } = request;
      client?.end(true);
      const created = mqtt.connect(options.url, {
        clientId: options.clientId,
        username: options.username,
        password: options.password,
        keepalive: options.keepaliveSeconds,
        clean: true,
        reconnectPeriod: 0,
        resubscribe: false,
        connectTimeout: options.connectTimeoutMs,
        will: { topic: options.will.topic, payload: new TextEncoder().encode(options.will.payload) as Buffer, qos: 1, retain: true },
      });
      client = created;
      // Listeners are attached once per client, never per connect: no listener growth.
      created.on('connect', () => post({ type: 'connect' }));
      created.on('close', () => post({ type: 'close' }));
      created.on('error', (err) => post({ type: 'error', message: err.message }));
      created.on('message', (topic, payload, packet) => {
        // A copy of its own: mqtt.js's Buffer may share the socket's memory, and the copy is transferred, not cloned.
        const bytes = new Uint8Array(payload);
        post({ type: 'message', topic, payload: bytes, retain: packet.retain }, [bytes.buffer]);
      });
      return;
    }
    case 'reconnect':
      client?.reconnect();
      return;
    case 'end':
      client?.end(true);
      client = undefined;
      return;
    case 'publish':
      if (!client) return done(request.id)(new Error('not connected'));
      client.publish(request.topic, request.payload, { qos: 1, retain: request.retain }, done(request.id));
      return;
    case 'subscribe':
      if (!client) return done(request.id)(new Error('not connected'));
      client.subscribe(request.filters, { qos: 1 }, done(request.id));
      return;
    case 'unsubscribe':
      client?.unsubscribe(request.filters);
      return;
  }
});
