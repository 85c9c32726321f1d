/** The embedded aedes broker behind `npm start`, exercised with real mqtt.js clients over TCP and WebSocket. */
import { createServer } from 'node:net';
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../demo/broker/broker.ts';
import { PortInUseError } from '../../demo/listen-errors.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function broker(users?: Record<string, string>): Promise<EmbeddedBroker> {
  const b = await startEmbeddedBroker({ port: 0, wsPort: 0, ...(users ? { users } : {}) });
  cleanups.push(() => b.close());
  return b;
}

async function connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...options });
  cleanups.push(() => client.endAsync(true));
  return client;
}

function nextMessage(client: MqttClient, topic: string): Promise<{ payload: string; retain: boolean }> {
  return new Promise((resolve) => {
    client.on('message', (t, payload, packet) => {
      if (t === topic) resolve({ payload: payload.toString(), retain: packet.retain });
    });
  });
}

describe('embedded broker', () => {
  it('delivers a retained QoS 1 message from a TCP client to a later WebSocket subscriber', async () => {
    const b = await broker();
    const station = await connect(b.url);
    await station.publishAsync('vs/v1/stations/ST-0001/status', '{"v":1,"state":"online"}', { qos: 1, retain: true });
    const kiosk = await connect(b.wsUrl);
    const got = nextMessage(kiosk, 'vs/v1/stations/ST-0001/status');
    await kiosk.subscribeAsync('vs/v1/stations/+/status', { qos: 1 });
    await expect(got).resolves.toEqual({ payload: '{"v":1,"state":"online"}', retain: true });
  });

  it('publishes the Last Will of a client whose connection is lost', async () => {
    const b = await broker();
    const console_ = await connect(b.wsUrl);
    await console_.subscribeAsync('vs/v1/stations/+/status', { qos: 1 });
    const will = nextMessage(console_, 'vs/v1/stations/ST-0002/status');
    const agent = await connect(b.url, { will: { topic: 'vs/v1/stations/ST-0002/status', payload: Buffer.from('{"v":1,"state":"offline","reason":"lost"}'), qos: 1, retain: true } });
    agent.stream.destroy();
    await expect(will).resolves.toMatchObject({ payload: '{"v":1,"state":"offline","reason":"lost"}' });
  });

  it('lets in-process code publish and subscribe', async () => {
    const b = await broker();
    const client = await connect(b.url);
    await client.subscribeAsync('vs/v1/stations/ST-0001/cmd', { qos: 1 });
    const cmd = nextMessage(client, 'vs/v1/stations/ST-0001/cmd');
    await b.publish('vs/v1/stations/ST-0001/cmd', '{"v":1}');
    await expect(cmd).resolves.toMatchObject({ payload: '{"v":1}' });

    const seen: string[] = [];
    const unsubscribe = await b.subscribe('vs/v1/stations/+/results', (m) => seen.push(`${m.topic} ${m.payload.toString()}`));
    await client.publishAsync('vs/v1/stations/ST-0001/results', 'r1', { qos: 1 });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(['vs/v1/stations/ST-0001/results r1']);
    await unsubscribe();
  });

  it('refuses a wrong password when users are configured and accepts the right one', async () => {
    const b = await broker({ manager: 'demo-pass' });
    await expect(connect(b.url, { username: 'manager', password: 'wrong' })).rejects.toThrow(/username or password|Not authorized|Connection refused/i);
    await expect(connect(b.url)).rejects.toThrow();
    const ok = await connect(b.wsUrl, { username: 'manager', password: 'demo-pass' });
    expect(ok.connected).toBe(true);
  });

  it('names the busy port in a typed error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const busy = (blocker.address() as { port: number }).port;
    const failure = await startEmbeddedBroker({ port: 0, wsPort: busy }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as PortInUseError).port).toBe(busy);
    expect((failure as PortInUseError).message).toContain(`127.0.0.1:${busy}`);
  });
});
