/**
 * Loopback HTTP: `GET /healthz`, `GET /metrics`, and `POST /simulate-tap` with
 * `{"uid":"…"}` (simulated reader only; `Content-Type: application/json` and a `Host`
 * naming this listener, see request-guard.ts). Bodies over 4 KiB are refused.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { HealthTracker } from './health.ts';
import type { AgentMetrics } from './metrics.ts';
import { allowedHostHeaders, simulateTapRequestRefusal } from './request-guard.ts';
import type { SimulateTapResponse } from './simulate-tap.ts';

export interface HttpServerDeps {
  host: string;
  port: number;
  health: HealthTracker;
  metrics: AgentMetrics;
  logger: Logger;
  simulateTap(uid: unknown): SimulateTapResponse;
}

const MAX_BODY = 4096;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

export class AgentHttpServer {
  private server: Server | null = null;
  /** Known once listening: with port 0 the port is the kernel's choice. */
  private allowedHosts: ReadonlySet<string> = new Set();

  constructor(private readonly deps: HttpServerDeps) {}

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        this.deps.logger.error({ err }, 'http handler failed');
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.deps.port, this.deps.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.allowedHosts = allowedHostHeaders(this.deps.host, port);
    // Always written, whatever logLevel says: launchers and tests find the port in it.
    this.deps.logger.child({}, { level: 'info' }).info({ host: this.deps.host, port }, 'http listening');
    return port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const report = this.deps.health.report();
      return send(res, report.healthy ? 200 : 503, report);
    }
    if (req.method === 'GET' && path === '/metrics') {
      return send(res, 200, await this.deps.metrics.registry.metrics(), this.deps.metrics.registry.contentType);
    }
    if (req.method === 'POST' && path === '/simulate-tap') {
      const refusal = simulateTapRequestRefusal(req.headers, this.allowedHosts);
      if (refusal) {
        req.resume();
        return send(res, refusal.status, refusal.body);
      }
      const text = await readBody(req);
      if (text === null) return send(res, 413, { error: 'body too large (max 4 KiB)' });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return send(res, 400, { error: 'body must be JSON like {"uid":"04A1B2C3"}' });
      }
      const uid = typeof json === 'object' && json !== null ? (json as { uid?: unknown }).uid : undefined;
      const { status, body } = this.deps.simulateTap(uid);
      return send(res, status, body);
    }
    send(res, 404, { error: 'not found', routes: ['GET /healthz', 'GET /metrics', 'POST /simulate-tap'] });
  }
}
