/**
 * The shipped static-server configs for the station PC (kiosk/deploy/nginx-kiosk.conf
 * and kiosk/deploy/Caddyfile), each run by Debian's own server with only its port and
 * root rewritten: precompressed files, cache headers, the kiosk page for addresses under
 * a station, 404 for a missing asset (docs/deploy.md §Kiosk).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../../helpers/free-port.ts';
import { rawGet } from '../../helpers/raw-http.ts';

const BROTLI_MODULE = '/usr/share/nginx/modules/ngx_http_brotli_static_module.so';
const script = `export const lines = [${Array.from({ length: 300 }, (_, i) => `"line ${i}"`).join(',')}];\n`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Replaces one whole line; throws if the shipped file no longer has it, so drift is caught. */
function replaceLine(text: string, from: string, to: string): string {
  if (!text.split('\n').some((line) => line.trim() === from)) throw new Error(`the shipped config no longer has the line ${JSON.stringify(from)}`);
  return text.split('\n').map((line) => (line.trim() === from ? to : line)).join('\n');
}

interface StaticServerUnderTest {
  name: string;
  installed: boolean;
  /** Writes the rewritten config into `work` and returns the command that serves it in the foreground. */
  prepare(work: string, port: number, root: string): { command: string; args: string[] };
}

const deployFile = (name: string) => readFileSync(fileURLToPath(new URL(`../../../kiosk/deploy/${name}`, import.meta.url)), 'utf8');

const SERVERS: StaticServerUnderTest[] = [
  {
    name: 'nginx',
    installed: existsSync('/usr/sbin/nginx') && existsSync(BROTLI_MODULE),
    prepare(work, port, root) {
      let site = deployFile('nginx-kiosk.conf');
      site = replaceLine(site, 'listen 127.0.0.1:8080;', `listen 127.0.0.1:${port};`);
      site = replaceLine(site, 'root /srv/volunteer-kiosk;', `root ${root};`);
      writeFileSync(join(work, 'site.conf'), site);
      // The Debian package's nginx.conf, cut to what a throwaway instance needs.
      writeFileSync(
        join(work, 'nginx.conf'),
        [
          `load_module ${BROTLI_MODULE};`,
          // The temporary directory is root's alone; as on the station, root starts nginx.
          'user root;',
          'worker_processes 1;',
          'daemon off;',
          `pid ${join(work, 'nginx.pid')};`,
          'events {}',
          `http { access_log off; client_body_temp_path ${join(work, 'body')}; include ${join(work, 'site.conf')}; }`,
        ].join('\n'),
      );
      return { command: '/usr/sbin/nginx', args: ['-p', work, '-e', join(work, 'error.log'), '-c', join(work, 'nginx.conf')] };
    },
  },
  {
    name: 'Caddy',
    installed: existsSync('/usr/bin/caddy'),
    prepare(work, port, root) {
      let site = deployFile('Caddyfile');
      site = replaceLine(site, 'http://127.0.0.1:8080 {', `http://127.0.0.1:${port} {`);
      site = replaceLine(site, 'root * /srv/volunteer-kiosk', `root * ${root}`);
      writeFileSync(join(work, 'Caddyfile'), site);
      return { command: '/usr/bin/caddy', args: ['run', '--config', join(work, 'Caddyfile'), '--adapter', 'caddyfile'] };
    },
  },
];

describe.each(SERVERS)('the kiosk config for $name', (server) => {
  let work: string;
  let port: number;
  let child: ChildProcess;
  let log = '';

  beforeAll(async () => {
    if (!server.installed) throw new Error(`${server.name} is not installed: scripts/test.sh installs it (apt-get install nginx libnginx-mod-http-brotli-static caddy)`);
    work = mkdtempSync(join(tmpdir(), 'kiosk-static-server-'));
    const station = join(work, 'site', 'stations', 'ST-0001');
    mkdirSync(join(station, 'assets'), { recursive: true });
    writeFileSync(join(station, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(station, 'sw.js'), script);
    writeFileSync(join(station, 'kiosk-config.json'), '{"kioskId":"K-0001"}');
    writeFileSync(join(station, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const asset = join(station, 'assets', 'index-AbC123.js');
    writeFileSync(asset, script);
    // What the docs' `gzip -k` and `brotli -k` leave beside the file.
    writeFileSync(`${asset}.gz`, gzipSync(script));
    writeFileSync(`${asset}.br`, brotliCompressSync(script));
    writeFileSync(join(work, 'site', 'favicon.ico'), Buffer.alloc(64, 1));

    port = await freePort();
    const { command, args } = server.prepare(work, port, join(work, 'site'));
    child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: work, XDG_DATA_HOME: work, XDG_CONFIG_HOME: work } });
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitForPort(port).catch((err: Error) => {
      throw new Error(`${err.message}\n${log}`);
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sends the precompressed Brotli or gzip copy of an asset, immutable for a year', async () => {
    const br = await rawGet(port, '/stations/ST-0001/assets/index-AbC123.js', { 'accept-encoding': 'gzip, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gzip = await rawGet(port, '/stations/ST-0001/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await rawGet(port, '/stations/ST-0001/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('makes the page, the service worker and the icons revalidate, and never caches the config', async () => {
    for (const path of ['/stations/ST-0001/', '/stations/ST-0001/sw.js', '/stations/ST-0001/favicon.svg', '/favicon.ico']) {
      const reply = await rawGet(port, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['cache-control'], path).toBe('no-cache');
    }
    const config = await rawGet(port, '/stations/ST-0001/kiosk-config.json');
    expect(config.headers['cache-control']).toBe('no-store');
    expect(config.body.toString()).toBe('{"kioskId":"K-0001"}');
  });

  it("answers other addresses under a station with the kiosk's page, but a missing asset with a 404", async () => {
    const page = await rawGet(port, '/stations/ST-0001/activities');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>kiosk</title>');
    const stale = await rawGet(port, '/stations/ST-0001/assets/index-Old999.js');
    expect(stale.status).toBe(404);
    expect(stale.headers['cache-control']).toBeUndefined();
    expect((await rawGet(port, '/elsewhere')).status).toBe(404);
  });
});
