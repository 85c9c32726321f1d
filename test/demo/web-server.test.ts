// The demo web server sends text compressed (Brotli, else gzip) to browsers that ask,
// and the same bytes as the file to those that do not.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../demo/web/compressed-files.ts';
import { startWebServer, type WebServer } from '../../demo/web/web-server.ts';
import { rawGet } from '../helpers/raw-http.ts';

const script = `export const lines = [${Array.from({ length: 400 }, (_, i) => `"line ${i} of the kiosk app"`).join(',')}];\n`;

describe('demo web server compression and caching', () => {
  let server: WebServer;
  beforeAll(async () => {
    const kioskDist = mkdtempSync(join(tmpdir(), 'kiosk-dist-'));
    mkdirSync(join(kioskDist, 'assets'));
    writeFileSync(join(kioskDist, 'assets', 'app-1234.js'), script);
    writeFileSync(join(kioskDist, 'assets', 'tiny-1234.js'), 'export {};\n');
    writeFileSync(join(kioskDist, 'assets', 'photo-1234.png'), Buffer.alloc(4096, 7));
    writeFileSync(join(kioskDist, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(kioskDist, 'sw.js'), script);
    writeFileSync(join(kioskDist, 'favicon.ico'), Buffer.alloc(300, 1));
    writeFileSync(join(kioskDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // A config left in the build by mistake: the preview's path must not hand it out.
    writeFileSync(join(kioskDist, 'kiosk-config.json'), '{"checkin":{"secret":"left-behind"}}');
    server = await startWebServer({ port: 0, kioskDist, consoleDist: kioskDist, kioskConfigs: { 'ST-0001': {} }, consoleConfig: {}, indexHtml: 'index' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends Brotli when the browser accepts it, and the bytes decode to the file', async () => {
    const reply = await rawGet(server.port, '/stations/ST-0001/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers.vary).toBe('Accept-Encoding');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(reply.body).toString()).toBe(script);
  });

  it('sends gzip to a browser without Brotli, or one that refuses it with q=0', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip']) {
      const reply = await rawGet(server.port, '/stations/ST-0001/assets/app-1234.js', { 'accept-encoding': accept });
      expect(reply.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(reply.body).toString()).toBe(script);
    }
  });

  it('sends the file as it is without Accept-Encoding, for tiny files and for images', async () => {
    const plain = await rawGet(server.port, '/stations/ST-0001/assets/app-1234.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const tiny = await rawGet(server.port, '/stations/ST-0001/assets/tiny-1234.js', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    const photo = await rawGet(server.port, '/stations/ST-0001/assets/photo-1234.png', { 'accept-encoding': 'br' });
    expect(photo.headers['content-encoding']).toBeUndefined();
    expect(photo.body.length).toBe(4096);
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await rawGet(server.port, '/stations/ST-0001/assets/app-1234.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.body.length).toBe(0);
  });

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*;q=0')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it('lets browsers keep hashed assets for a year, and makes them revalidate pages, the service worker and icons', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect((await rawGet(server.port, '/stations/ST-0001/assets/tiny-1234.js')).headers['cache-control']).toBe(immutable);
    expect((await rawGet(server.port, '/stations/ST-0001/assets/photo-1234.png')).headers['cache-control']).toBe(immutable);
    for (const path of ['/stations/ST-0001/', '/stations/ST-0001/index.html', '/stations/ST-0001/sw.js', '/stations/ST-0001/favicon.svg', '/console/', '/favicon.ico']) {
      const reply = await rawGet(server.port, path, { 'accept-encoding': 'br' });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['cache-control'], path).toBe('no-cache');
    }
    // A revalidated service worker still travels compressed.
    expect((await rawGet(server.port, '/stations/ST-0001/sw.js', { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br');
    expect((await rawGet(server.port, '/stations/ST-0001/kiosk-config.json')).headers['cache-control']).toBe('no-store');
  });

  it('answers /favicon.ico and /favicon.svg at the origin with the builds\' icon', async () => {
    const ico = await rawGet(server.port, '/favicon.ico');
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.body).toEqual(Buffer.alloc(300, 1));
    const svg = await rawGet(server.port, '/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
  });

  it('serves the kiosk build under /console/kiosk/ for the console\'s preview, framable by its own origin only and never with a kiosk config', async () => {
    for (const path of ['/console/kiosk/', '/console/kiosk/assets/app-1234.js']) {
      const reply = await rawGet(server.port, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-security-policy'], path).toBe("frame-ancestors 'self'");
      expect(reply.headers['x-frame-options'], path).toBe('SAMEORIGIN');
    }
    expect((await rawGet(server.port, '/console/kiosk/index.html')).body.toString()).toBe('<!doctype html><title>kiosk</title>');
    expect((await rawGet(server.port, '/console/kiosk/kiosk-config.json')).status).toBe(404);
  });
});
