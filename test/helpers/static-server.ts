/**
 * A static file server for the built kiosk (`dist/kiosk`), mounted under one or more
 * sub-paths, each with its own injected files (e.g. `kiosk-config.json`). It can be
 * stopped and started again on the same port to simulate the network going away.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { freePort } from './free-port.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticServerOptions {
  root: string;
  /** Mount path ("/stations/ST-0001/") -> injected files by relative path. */
  mounts: Record<string, Record<string, string>>;
  port?: number;
}

export interface StaticServer {
  port: number;
  origin: string;
  /** Absolute URL of a mount, e.g. `http://127.0.0.1:1234/stations/ST-0001/`. */
  urlOf(mount: string): string;
  /** Replaces (or with `undefined`, removes) an injected file; overrides files of root too. */
  setFile(mount: string, relativePath: string, content: string | undefined): void;
  /** Every request path seen, for assertions. */
  requests: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const port = options.port ?? (await freePort());
  const mounts = new Map(Object.entries(options.mounts).map(([mount, files]) => [mount, new Map(Object.entries(files))]));
  const removed = new Set<string>();
  const requests: string[] = [];
  let server: Server | undefined;
  const sockets = new Set<Socket>();

  const handle = async (path: string): Promise<{ status: number; type: string; body: string | Buffer }> => {
    for (const [mount, files] of mounts) {
      if (!path.startsWith(mount)) continue;
      const relative = path.slice(mount.length) || 'index.html';
      const key = `${mount}${relative}`;
      if (removed.has(key)) return { status: 404, type: 'text/plain', body: 'not found' };
      const injected = files.get(relative);
      if (injected !== undefined) return { status: 200, type: CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream', body: injected };
      const file = normalize(join(options.root, relative));
      if (!file.startsWith(normalize(options.root))) return { status: 403, type: 'text/plain', body: 'forbidden' };
      try {
        return { status: 200, type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) };
      } catch {
        return { status: 404, type: 'text/plain', body: 'not found' };
      }
    }
    return { status: 404, type: 'text/plain', body: 'not found' };
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        requests.push(path);
        void handle(path).then(({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
          res.end(body);
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      closing.close(() => resolve());
    });

  await start();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    urlOf: (mount) => `http://127.0.0.1:${port}${mount}`,
    setFile(mount, relativePath, content) {
      const files = mounts.get(mount);
      if (!files) throw new Error(`no mount ${mount}`);
      const key = `${mount}${relativePath}`;
      if (content === undefined) {
        files.delete(relativePath);
        removed.add(key);
      } else {
        files.set(relativePath, content);
        removed.delete(key);
      }
    },
    requests,
    stop,
    start,
  };
}
