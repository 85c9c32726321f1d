/**
 * The built console (dist/console, from `npm run build`) served by the demo's own web
 * server with central's manager API proxied under `/api/` on the same origin, as `npm
 * start` and the deployment's reverse proxy serve it. For the console views that call
 * the manager API (Reviews, Volunteers, Redemption desk).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWebServer, type WebServer } from '../../demo/web/web-server.ts';
import type { MosquittoBroker } from './mosquitto.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface ConsoleServer {
  web: WebServer;
  /** The console's address, `http://127.0.0.1:PORT/console/`. */
  url: string;
  close(): Promise<void>;
}

export async function startConsoleServer(opts: { broker: MosquittoBroker; apiOrigin: string; demoLogin?: { username: string; password: string } }): Promise<ConsoleServer> {
  if (!existsSync(`${DIST}console/index.html`)) throw new Error('dist/console is missing: run `npm run build` before the console tests');
  const web = await startWebServer({
    port: 0,
    kioskDist: `${DIST}kiosk`,
    consoleDist: `${DIST}console`,
    kioskConfigs: {},
    consoleConfig: { locale: 'en', brokerUrl: opts.broker.wsUrl, topicRoot: 'vs/v1', ...(opts.demoLogin ? { demoLogin: opts.demoLogin } : {}) },
    indexHtml: '<!doctype html><title>test</title>',
    apiOrigin: opts.apiOrigin,
  });
  return { web, url: `http://127.0.0.1:${web.port}/console/`, close: () => web.close() };
}
