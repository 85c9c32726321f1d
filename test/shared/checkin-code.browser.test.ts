/**
 * The same rotating-code vectors (v1 and v2), run by shared/checkin-code.ts inside Debian's
 * Chromium (WebCrypto in a secure context on http://127.0.0.1), so the kiosk's
 * browser and the central service's Node are held to one reference.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as SharedModule from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { KIOSK_KNOWN_ANSWER, makeKioskVectors, makeVectors, referenceKioskToken, referenceToken } from '../helpers/checkin-code-vectors.ts';

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'shared', 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'Shared',
    write: false,
    platform: 'browser',
  });
  const script = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => {
    if (req.url === '/shared.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/shared.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('rotating check-in code in Chromium', () => {
  it('produces the node:crypto reference tokens and verifies T-1..T+1 only', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const vectors = makeVectors();
    const fixed = vectors[0]!;
    const neighbours = [-2, -1, 0, 1, 2].map((offset) => ({ offset, token: referenceToken(fixed.secret, fixed.stationId, fixed.step + offset) }));

    const outcome = await page.evaluate(
      async ({ vectors, fixed, neighbours }) => {
        // The page's global from the esbuild IIFE bundle of shared/index.ts.
        const S = (window as unknown as { Shared: typeof SharedModule }).Shared;
        const tokens: string[] = [];
        for (const vector of vectors) {
          const key = await S.importCheckinKey(vector.secret);
          tokens.push(await S.checkinToken(key, vector.stationId, vector.unixMillis, vector.period));
        }
        const key = await S.importCheckinKey(fixed.secret);
        const verdicts: Record<string, string> = {};
        for (const { offset, token } of neighbours) {
          const verdict = await S.verifyCheckinToken(token, { nowMillis: fixed.unixMillis, periodSeconds: fixed.period, keyFor: () => key });
          verdicts[offset] = verdict.ok ? 'ok' : verdict.reason;
        }
        let badSecret = '';
        try {
          await S.importCheckinKey('not a secret');
        } catch (err) {
          badSecret = (err as Error).name;
        }
        return { tokens, verdicts, extractable: key.extractable, badSecret, secure: window.isSecureContext };
      },
      { vectors, fixed, neighbours },
    );

    expect(outcome.secure).toBe(true);
    expect(outcome.tokens).toEqual(vectors.map((v) => v.token));
    expect(outcome.verdicts).toEqual({ '-2': 'expired', '-1': 'ok', '0': 'ok', '1': 'ok', '2': 'not-yet-valid' });
    expect(outcome.extractable).toBe(false);
    expect(outcome.badSecret).toBe('InvalidCheckinSecretError');
    await page.close();
  });

  it('derives kiosk keys and makes v2 tokens as node:crypto does, and verifies T-1..T+1 only', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const vectors = makeKioskVectors();
    const known = KIOSK_KNOWN_ANSWER;
    const fixed = vectors[0]!;
    const neighbours = [-2, -1, 0, 1, 2].map((offset) => ({ offset, token: referenceKioskToken(fixed.kioskKey, fixed.stationId, fixed.kioskId, fixed.step + offset) }));

    const outcome = await page.evaluate(
      async ({ vectors, known, fixed, neighbours }) => {
        const S = (window as unknown as { Shared: typeof SharedModule }).Shared;
        const keys: string[] = [];
        const tokens: string[] = [];
        for (const vector of vectors) {
          keys.push(await S.deriveKioskKey(vector.stationSecret, vector.kioskId));
          const key = await S.importCheckinKey(vector.kioskKey);
          tokens.push(await S.kioskCheckinToken(key, vector.stationId, vector.kioskId, vector.unixMillis, vector.period));
        }
        const knownKey = await S.deriveKioskKey(known.stationSecret, known.kioskId);
        const knownToken = await S.kioskCheckinToken(await S.importCheckinKey(knownKey), known.stationId, known.kioskId, known.unixMillis, known.period);
        const key = await S.importCheckinKey(fixed.kioskKey);
        const verdicts: Record<string, string> = {};
        for (const { offset, token } of neighbours) {
          const verdict = await S.verifyKioskCheckinToken(token, { nowMillis: fixed.unixMillis, periodSeconds: fixed.period, keyFor: () => key });
          verdicts[offset] = verdict.ok ? 'ok' : verdict.reason;
        }
        return { keys, tokens, knownKey, knownToken, verdicts };
      },
      { vectors, known, fixed, neighbours },
    );

    expect(outcome.keys).toEqual(vectors.map((v) => v.kioskKey));
    expect(outcome.tokens).toEqual(vectors.map((v) => v.token));
    expect([outcome.knownKey, outcome.knownToken]).toEqual([known.kioskKey, known.token]);
    expect(outcome.verdicts).toEqual({ '-2': 'expired', '-1': 'ok', '0': 'ok', '1': 'ok', '2': 'not-yet-valid' });
    await page.close();
  });
});
