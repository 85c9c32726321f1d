/**
 * The embedded MQTT broker of `npm start`: aedes (MQTT 3.1.1, retained messages,
 * Last Will, QoS 1) on a loopback TCP listener and a WebSocket listener for the
 * kiosk and console. It stands in for Mosquitto on a one-machine demo; a real site
 * runs Mosquitto from `broker-config/mosquitto/` and nothing else changes.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { checkBrokerLogin, type BrokerUsers } from './auth.ts';
import type { BrokerLink } from './broker-link.ts';
import { listenFailure } from '../listen-errors.ts';

export interface EmbeddedBrokerOptions {
  host?: string;
  /** MQTT over TCP; 0 picks a free port. */
  port: number;
  /** MQTT over WebSocket (any path); 0 picks a free port. */
  wsPort: number;
  /** Absent: anonymous clients are welcome. */
  users?: BrokerUsers;
  /** Where broker-side problems go (a client error is logged, never thrown). */
  log?: (line: string) => void;
}

export type { InProcessMessage } from './broker-link.ts';

/** The broker and the launcher's link to it in one (aedes publishes and subscribes in-process). */
export interface EmbeddedBroker extends BrokerLink {
  readonly host: string;
  readonly port: number;
  readonly wsPort: number;
  connectedClients(): number;
}

// MQTT 3.1.1 §3.2.2.3 CONNACK return code 4: bad user name or password.
const BAD_USERNAME_OR_PASSWORD = 4;

function listen(server: TcpServer | HttpServer, port: number, host: string, role: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(listenFailure(err, port, host, role));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: TcpServer | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const users = options.users;
  const aedes = await Aedes.createBroker({
    // A station or kiosk that stops reading must not stall delivery to everyone else.
    drainTimeout: 30_000,
    authenticate: (client, username, password, done) => {
      if (!users || checkBrokerLogin(users, username, password)) return done(null, true);
      log(`broker: refused login of client ${client.id} as ${JSON.stringify(username ?? '')}`);
      const error = Object.assign(new Error('bad user name or password'), { returnCode: BAD_USERNAME_OR_PASSWORD }) as AuthenticateError;
      done(error, false);
    },
  });
  aedes.on('clientError', (client, err) => log(`broker: client ${client.id}: ${err.message}`));
  aedes.on('connectionError', (_client, err) => log(`broker: connection error: ${err.message}`));

  const tcpServer = createTcpServer((socket) => aedes.handle(socket));
  const httpServer = createHttpServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n');
  });
  const wss = new WebSocketServer({ server: httpServer });
  // ws re-emits the HTTP server's errors; the listen failure is already reported by listen().
  wss.on('error', () => undefined);
  wss.on('connection', (websocket, req) => {
    const stream = createWebSocketStream(websocket);
    // A browser tab that vanishes mid-frame surfaces here; aedes then drops the client.
    stream.on('error', (err) => log(`broker: websocket: ${err.message}`));
    aedes.handle(stream, req);
  });

  const closeAedes = () => new Promise<void>((resolve) => aedes.close(() => resolve()));
  let port: number;
  let wsPort: number;
  try {
    port = await listen(tcpServer, options.port, host, 'MQTT (TCP)');
    wsPort = await listen(httpServer, options.wsPort, host, 'MQTT over WebSocket');
  } catch (err) {
    await Promise.all([closeServer(tcpServer), closeServer(httpServer)]);
    await closeAedes();
    throw err;
  }

  return {
    host,
    port,
    wsPort,
    url: `mqtt://${host}:${port}`,
    wsUrl: `ws://${host}:${wsPort}`,
    connectedClients: () => aedes.connectedClients,
    publish: (topic, payload, publishOptions = {}) =>
      new Promise((resolve, reject) => {
        const packet = { cmd: 'publish' as const, topic, payload: Buffer.from(payload), qos: publishOptions.qos ?? 1, retain: publishOptions.retain ?? false, dup: false };
        aedes.publish(packet, (err) => (err ? reject(err) : resolve()));
      }),
    subscribe: (topicFilter, onMessage) =>
      new Promise((resolve) => {
        const deliver = (packet: { topic: string; payload: string | Buffer; retain: boolean }, done: () => void) => {
          try {
            onMessage({ topic: packet.topic, payload: Buffer.from(packet.payload), retain: packet.retain });
          } catch (err) {
            log(`broker: in-process subscriber of ${topicFilter} threw: ${(err as Error).message}`);
          }
          done();
        };
        aedes.subscribe(topicFilter, deliver, () =>
          resolve(() => new Promise<void>((done) => aedes.unsubscribe(topicFilter, deliver, () => done()))),
        );
      }),
    async close() {
      wss.clients.forEach((socket) => socket.terminate());
      await closeAedes();
      await Promise.all([closeServer(tcpServer), closeServer(httpServer)]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
