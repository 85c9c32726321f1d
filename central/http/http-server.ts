/**
 * The central HTTP listener: `/healthz`, `/metrics`, the phone check-in page
 * `/c/...` and the manager API `/api/...`. Every handler error becomes a clear
 * JSON reply; nothing thrown here can stop the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import { HttpError, sendError, sendJson, sendText } from './http-helpers.ts';
import { handleManagerApi, type ManagerApiDeps } from './manager-api.ts';
import { handlePhoneRoute, type PhoneRouteDeps } from './phone-routes.ts';

export interface HttpServerDeps {
  log: CentralLogger;
  metrics: CentralMetrics;
  manager: ManagerApiDeps;
  phone: PhoneRouteDeps;
  /** Health of the parts /healthz reports. */
  health(): { mqttConnected: boolean };
}

export class CentralHttpServer {
  private server: Server | undefined;

  constructor(private readonly deps: HttpServerDeps) {}

  async listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://central.invalid');
      this.route(req, res, url).catch((err: unknown) => {
        if (err instanceof HttpError) return sendError(res, err);
        this.deps.log.error({ err, path: url.pathname }, 'http handler failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error; see the central service log' });
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    if (pathname === '/healthz') {
      const health = this.deps.health();
      return sendJson(res, health.mqttConnected ? 200 : 503, { ok: health.mqttConnected, mqtt: health.mqttConnected ? 'connected' : 'disconnected' });
    }
    if (pathname === '/metrics') {
      return sendText(res, 200, this.deps.metrics.registry.contentType, await this.deps.metrics.registry.metrics());
    }
    if (pathname.startsWith('/c/')) return handlePhoneRoute(req, res, url, this.deps.phone);
    if (pathname.startsWith('/api/')) return handleManagerApi(req, res, url, this.deps.manager);
    throw new HttpError(404, `not found: ${pathname}`);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
