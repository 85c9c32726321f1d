/**
 * The phone side of a central under test: phones with their own cookie jars that open
 * the page from a QR token and call the phone API, a kiosk double on the station's
 * pairing topics (real MQTT), rotating tokens computed independently with node:crypto,
 * and `linkPhone`, the whole binding ceremony a volunteer goes through.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PairingPromptSchema, topicsFor, validate, type PairingPrompt } from '../../shared/index.ts';
import type { CentralFixture } from './central-fixture.ts';
import type { AssertionTweaks, SoftAuthenticator } from './soft-authenticator.ts';
import { STATION_SECRETS } from './central-fixture.ts';
import { eventually } from './eventually.ts';

export const PERIOD_SECONDS = 10;
/** The phone cookie's name (central/phone/device-key.ts). */
export const DEVICE_COOKIE = 'vs_device';

/** A stand-in for dist/phone with the one thing the server fills in: the visit meta tag. */
export function stubPhoneApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phone-app-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><meta name="vs-visit" content=""></head><body><phone-app></phone-app></body></html>');
  writeFileSync(join(dir, 'page.css'), 'body{}');
  return dir;
}

export function tokenAt(stationId: string, clockMs: number, secret: string = STATION_SECRETS[stationId as keyof typeof STATION_SECRETS]): string {
  const step = Math.floor(clockMs / 1000 / PERIOD_SECONDS);
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${stationId}.${step}`).digest('base64url').slice(0, 16);
  return `${stationId}.${step}.${mac}`;
}

export interface Visit {
  token: string;
  ticket: string;
  stationId: string;
}

export interface ApiReply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** One phone browser: its cookie jar is the device cookie, nothing else. */
export class TestPhone {
  cookie: string | undefined;

  constructor(
    private readonly baseUrl: string,
    /** The client address the phone appears to come from is always loopback in tests. */
    readonly name = 'phone',
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.cookie ? { cookie: `${DEVICE_COOKIE}=${this.cookie}` } : {}), ...extra };
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^${DEVICE_COOKIE}=([^;]+)`).exec(line);
      if (match) this.cookie = match[1];
    }
  }

  /** GET the page a QR opens; the ticket comes from the page's meta tag, which is all in `meta`. */
  async open(path: string): Promise<{ status: number; html: string; visit?: Visit; meta?: Record<string, unknown> }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers() });
    this.keep(response);
    const html = await response.text();
    const meta = /<meta name="vs-visit" content="([^"]*)">/.exec(html)?.[1];
    if (response.status !== 200 || !meta) return { status: response.status, html };
    const visit = JSON.parse(meta.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as { ticket: string; stationId: string };
    return { status: 200, html, visit: { token: path.split('/').pop()!, ticket: visit.ticket, stationId: visit.stationId }, meta: visit };
  }

  async request<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiReply<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.keep(response);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  checkIn(visit: Visit, extra: Record<string, unknown> = {}) {
    return this.request('POST', '/phone/api/checkins', { token: visit.token, ticket: visit.ticket, ...extra });
  }

  startPairing(visit: Visit, volunteer: string) {
    return this.request<{ ok: boolean; pairing: { phase: string; code: string } }>('POST', '/phone/api/pairings', { token: visit.token, ticket: visit.ticket, volunteer });
  }

  pairing() {
    return this.request<{ ok: boolean; pairing?: { phase: string; code?: string } }>('GET', '/phone/api/pairings/current');
  }

  me() {
    return this.request<{ linked: boolean; volunteerId?: string; credential?: string; displayName?: string }>('GET', '/phone/api/me');
  }

  /** Adds a passkey made by `authenticator` to this phone's link; returns the final reply. */
  async addPasskey(authenticator: SoftAuthenticator): Promise<ApiReply> {
    const options = await this.request<{ options: Parameters<SoftAuthenticator['create']>[0] }>('POST', '/phone/api/passkeys/options', {});
    if (options.status !== 200) return options;
    return this.request('POST', '/phone/api/passkeys', { response: authenticator.create(options.body.options) });
  }

  /** A check-in challenge for this phone, signed by `authenticator` (tweaked to forge), then the check-in. */
  async passkeyAssertion(visit: Visit, authenticator: SoftAuthenticator, tweaks: AssertionTweaks = {}) {
    const options = await this.request<{ options: Parameters<SoftAuthenticator['get']>[0] }>('POST', '/phone/api/checkins/passkey-options', { token: visit.token, ticket: visit.ticket });
    if (options.status !== 200) throw new Error(`no passkey options: ${options.status} ${JSON.stringify(options.body)}`);
    return authenticator.get(options.body.options, tweaks);
  }

  async passkeyCheckIn(visit: Visit, authenticator: SoftAuthenticator, tweaks: AssertionTweaks = {}) {
    return this.checkIn(visit, { assertion: await this.passkeyAssertion(visit, authenticator, tweaks) });
  }
}

/** The kiosk of every station, as far as pairing goes: it reads prompts and answers them. */
export interface KioskDouble {
  prompts: { stationId: string; prompt: PairingPrompt }[];
  promptFor(checkinId: string, state?: PairingPrompt['state']): Promise<PairingPrompt>;
  answer(stationId: string, checkinId: string, choice: string | null, kioskId?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startKioskDouble(brokerUrl: string): Promise<KioskDouble> {
  const topics = topicsFor('vs/v1');
  const client: MqttClient = await mqtt.connectAsync(brokerUrl, { clientId: `kiosk-double-${randomUUID().slice(0, 6)}`, protocolVersion: 4, reconnectPeriod: 0 });
  const prompts: { stationId: string; prompt: PairingPrompt }[] = [];
  client.on('message', (topic, payload) => {
    const parsed = topics.parse(topic);
    const prompt = validate(PairingPromptSchema, JSON.parse(payload.toString()));
    if (parsed?.kind === 'station' && prompt.ok) prompts.push({ stationId: parsed.stationId, prompt: prompt.value });
  });
  await client.subscribeAsync(topics.allStations('pairing'), { qos: 1 });
  return {
    prompts,
    promptFor: (checkinId, state = 'choose') =>
      eventually(() => prompts.find((p) => p.prompt.checkinId === checkinId && p.prompt.state === state)?.prompt, 10_000, `a ${state} pairing prompt for tap ${checkinId}`),
    async answer(stationId, checkinId, choice, kioskId = 'K-0001') {
      const answer = { v: 2, checkinId, kioskId, choice, at: new Date().toISOString() };
      await client.publishAsync(topics.station(stationId, 'pairing-answers'), JSON.stringify(answer), { qos: 1 });
    },
    async close() {
      await client.endAsync();
    },
  };
}

/** The card of each fixture volunteer (central-fixture.ts VOLUNTEERS_CSV). */
export const CARDS = { 'V-0001': '04A1B2C3', 'V-0002': '0A0B0C0D0E', 'V-0003': '55667788' } as const;

let seq = 1_000;

/** A card tap at a station, as its agent would publish it. Returns the check-in id. */
export async function tapCard(f: CentralFixture, stationId: string, uid: string, atMs = Date.now()): Promise<string> {
  const checkIn = await f.publishCheckIn({ stationId, seq: seq++, card: { uid, tech: 'em4100' }, at: new Date(atMs).toISOString() });
  return checkIn.id;
}

/**
 * The whole ceremony: open the page from the QR, start linking for `volunteer`, tap
 * that volunteer's card, touch the phone's code on the kiosk, and wait for the link.
 */
export async function linkPhone(f: CentralFixture, kiosk: KioskDouble, phone: TestPhone, opts: { volunteer: keyof typeof CARDS; stationId: string; clockMs: number }): Promise<Visit> {
  const page = await phone.open(`/c/${tokenAt(opts.stationId, opts.clockMs)}`);
  if (!page.visit) throw new Error(`the page did not open: ${page.status} ${page.html.slice(0, 200)}`);
  const started = await phone.startPairing(page.visit, opts.volunteer);
  if (started.status !== 202) throw new Error(`pairing did not start: ${started.status} ${JSON.stringify(started.body)}`);
  const checkinId = await tapCard(f, opts.stationId, CARDS[opts.volunteer], opts.clockMs);
  const prompt = await kiosk.promptFor(checkinId);
  if (prompt.state !== 'choose' || !prompt.choices.includes(started.body.pairing.code)) throw new Error(`the kiosk was not offered the phone's code: ${JSON.stringify(prompt)}`);
  await kiosk.answer(opts.stationId, checkinId, started.body.pairing.code);
  await eventually(async () => (await phone.me()).body.linked === true, 10_000, 'the phone to be linked');
  return page.visit;
}
