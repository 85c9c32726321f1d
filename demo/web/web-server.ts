/**
 * The demo's web server: the built kiosk under `/stations/{stationId}/` with that
 * station's `kiosk-config.json`, the built console under `/console/` with its
 * `console-config.json`, the kiosk build again under `/console/kiosk/` for the console's
 * preview (framed by the console only, never given a kiosk config), and a small index
 * page. Loopback only: a kiosk config holds the station's check-in secret (protocol v1
 * §Kiosk configuration file).
 * `/api/...` is forwarded to central's admin listener, so the console calls the manager
 * API on its own origin (as a reverse proxy does in a deployment, docs/deploy.md).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { isValidId } from '../../shared/index.ts';
import { listenFailure } from '../listen-errors.ts';
import { chooseEncoding, CompressedFiles, isCompressible } from './compressed-files.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebServerOptions {
  host?: string;
  port: number;
  kioskDist: string;
  consoleDist: string;
  kioskConfigs: Record<string, unknown>;
  consoleConfig: unknown;
  indexHtml: string;
  /** Central's admin listener (`http://127.0.0.1:PORT`) for `/api/...`; absent: 404. */
  apiOrigin?: string;
}

export interface WebServer {
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, value: unknown): void {
  // Configs change between runs and must never sit in a cache.
  res.writeHead(200, { 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': CONTENT_TYPES['.txt']! }).end(`${text}\n`);
}

/** Maps a URL path inside the build to a file, refusing anything that escapes it. */
function fileInDist(distDir: string, relativePath: string): string | null {
  const path = normalize(join(distDir, relativePath === '' || relativePath.endsWith('/') ? `${relativePath}index.html` : relativePath));
  if (path !== distDir && !path.startsWith(distDir + sep)) return null;
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

const compressed = new CompressedFiles();

/**
 * vite names everything under `assets/` by its content hash, so a year and `immutable`
 * are safe there: a new build is new names. Everything else (pages, the service worker,
 * icons) keeps its name across builds and must be revalidated, or a kiosk would never
 * see an update. docs/deploy.md gives nginx and Caddy the same rules.
 */
export function cacheControlFor(path: string): string {
  return path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The console's kiosk preview may be framed by the console's own pages and nobody else's
 * (CSP 3 frame-ancestors; X-Frame-Options for browsers without it). docs/deploy.md gives
 * nginx the same header.
 */
export const PREVIEW_FRAME_HEADERS = { 'content-security-policy': "frame-ancestors 'self'", 'x-frame-options': 'SAMEORIGIN' } as const;

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, extraHeaders: Record<string, string> = {}): void {
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  const cache = cacheControlFor(path);
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache, ...extraHeaders };
  if (isCompressible(path)) headers.vary = 'Accept-Encoding';
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const body = encoding ? compressed.get(path, encoding) : undefined;
  if (encoding && body) {
    res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': String(body.length) });
    return void res.end(req.method === 'HEAD' ? undefined : body);
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
}

/** Forwards the request as it came (method, headers, body) and streams the answer back. */
function proxyToApi(apiOrigin: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', apiOrigin);
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) sendText(res, 502, 'the central service is not reachable');
    else res.destroy();
  });
  req.pipe(upstream);
}

export function handleWebRequest(options: WebServerOptions, req: IncomingMessage, res: ServerResponse): void {
  if (options.apiOrigin && (req.url ?? '').startsWith('/api/')) return proxyToApi(options.apiOrigin, req, res);
  const kioskDist = resolve(options.kioskDist);
  const consoleDist = resolve(options.consoleDist);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return sendText(res, 400, 'bad URL encoding');
  }
  if (path.includes('\0')) return sendText(res, 400, 'bad path');
  if (path === '/') return void res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store' }).end(options.indexHtml);
  // Browsers ask the origin for its icon; every build carries the same one (scripts/vite-brand-icons.ts).
  if (path === '/favicon.ico' || path === '/favicon.svg') {
    const file = fileInDist(kioskDist, path.slice(1));
    return file ? sendFile(req, res, file) : sendText(res, 404, 'not found');
  }
  // The console's address before it had a build of its own; old bookmarks keep working.
  if (path === '/console.html' || path === '/console') return void res.writeHead(301, { location: '/console/' }).end();
  if (path === '/console/console-config.json') return sendJson(res, options.consoleConfig);
  // The kiosk's preview mode needs no config and must get none: a kiosk config holds a check-in key.
  if (path.startsWith('/console/kiosk/')) {
    const relative = path.slice('/console/kiosk/'.length);
    const file = relative === 'kiosk-config.json' ? null : fileInDist(kioskDist, relative);
    return file ? sendFile(req, res, file, PREVIEW_FRAME_HEADERS) : sendText(res, 404, 'not found');
  }
  if (path.startsWith('/console/')) {
    const file = fileInDist(consoleDist, path.slice('/console/'.length));
    return file ? sendFile(req, res, file) : sendText(res, 404, 'not found');
  }

  const station = /^\/stations\/([^/]+)(\/.*)?$/.exec(path);
  if (station) {
    const stationId = station[1] ?? '';
    const config = isValidId(stationId) ? options.kioskConfigs[stationId] : undefined;
    if (config === undefined) return sendText(res, 404, `no kiosk for station ${JSON.stringify(stationId)}`);
    const rest = station[2];
    // The kiosk resolves everything relative to its directory: the trailing slash matters.
    if (rest === undefined) return void res.writeHead(301, { location: `/stations/${stationId}/` }).end();
    if (rest === '/kiosk-config.json') return sendJson(res, config);
    const file = fileInDist(kioskDist, rest.slice(1));
    return file ? sendFile(req, res, file) : sendText(res, 404, 'not found');
  }
  return sendText(res, 404, 'not found');
}

export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => handleWebRequest(options, req, res));
  return new Promise((resolvePromise, reject) => {
    server.once('error', (err) => reject(listenFailure(err, options.port, host, 'the kiosk and console web server')));
    server.listen(options.port, host, () => {
      const address = server.address();
      resolvePromise({
        port: typeof address === 'object' && address ? address.port : options.port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
