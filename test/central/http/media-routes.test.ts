/**
 * The photo upload over real HTTP, against a real central on a real Mosquitto, for both
 * stores: what is refused (too large, not an image, team leaders) and said in zh and en,
 * what is kept (upright, resized, no EXIF/GPS, WebP, named by its SHA-256, once), and an
 * activity's photo published retained to the kiosks, refused when it was never uploaded.
 */
import mqtt from 'mqtt';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentFile } from '../../../shared/index.ts';
import { publishContentVersion } from '../../../central/content/content-versions.ts';
import { PHOTO_MAX_BYTES } from '../../../central/media/photo-resize.ts';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import type { CentralStore } from '../../../central/store/central-store.ts';
import { MANAGER, STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const basic = (name: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${MANAGER.password}`).toString('base64')}` });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A camera's JPEG: 2000×1200, stored sideways (EXIF orientation 6), with where it was taken. */
const cameraJpeg = () =>
  sharp({ create: { width: 2000, height: 1200, channels: 3, background: { r: 200, g: 60, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 4/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
/** EXIF tag 0x8825 (GPSInfo IFD pointer), in either byte order. */
const hasGpsPointer = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

const activity = (id: string, photo?: string) => ({
  id,
  title: { zh: '文明交通引导', en: 'Traffic guidance' },
  category: 'civilised-traffic',
  startsAt: '2026-12-05T01:00:00.000Z',
  endsAt: '2026-12-05T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
  ...(photo ? { photo } : {}),
});
const FIRST = {
  v: 1,
  activities: { 'SITE-01': [activity('A-1')] },
  directory: [
    {
      stationId: 'ST-0001',
      siteId: 'SITE-01',
      name: { zh: '1号站', en: 'Station 1' },
      address: { zh: '人民路1号', en: '1 Renmin Rd' },
      location: { lat: 31.2, lon: 121.4 },
      services: [{ zh: '饮水', en: 'Drinking water' }],
      hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
    },
  ],
} as ContentFile;

async function retainedBytes(brokerUrl: string, topic: string): Promise<Buffer> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<Buffer>((resolve) => client.on('message', (_topic, payload, packet) => packet.retain && resolve(payload)));
    await client.subscribeAsync(topic, { qos: 1 });
    return await message;
  } finally {
    await client.endAsync();
  }
}

const postgres = usePostgres();

describe.each([
  ['SQLite', async (): Promise<CentralStore | undefined> => undefined],
  ['PostgreSQL', async (): Promise<CentralStore | undefined> => PgStore.connect(await postgres.freshDatabaseUrl())],
])('%s: photo upload', (_name, openStore) => {
  let f: CentralFixture;
  let jpeg: Buffer;

  const upload = async (body: Uint8Array, contentType = 'image/jpeg', who = MANAGER.name) => {
    const response = await fetch(`${f.adminUrl}/api/media`, { method: 'POST', headers: { ...basic(who), 'content-type': contentType }, body: new Uint8Array(body) });
    return { status: response.status, body: (await response.json()) as { id: string; created: boolean; sizes: { width: number; height: number; bytes: number }[]; reason?: string; message?: { zh: string; en: string } } };
  };
  const fetchPhoto = (id: string, query = '', who = MANAGER.name) => fetch(`${f.adminUrl}/api/media/${id}${query}`, { headers: basic(who) });

  beforeAll(async () => {
    const hash = hashManagerPassword(MANAGER.password);
    const dir = mkdtempSync(join(tmpdir(), 'media-routes-'));
    const stationsFile = join(dir, 'stations.json');
    writeFileSync(stationsFile, JSON.stringify({ 'ST-0001': { siteId: 'SITE-01', secret: STATION_SECRETS['ST-0001'], name: { zh: '1号站', en: 'Station 1' }, kiosks: ['K-0001'] } }));
    const store = await openStore();
    f = await startCentralFixture({
      deps: { now: () => NOW, ...(store ? { store } : {}) },
      configOverrides: {
        stationsFile,
        managers: { [MANAGER.name]: hash, desk01: hash, lead: hash },
        managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, lead: { role: 'team-leader', team: 'T-1' } },
      },
    });
    await publishContentVersion(f.central.store, { broker: { url: f.broker.url }, topicRoot: 'vs/v1' }, { content: FIRST, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:first.json', nowIso: NOW.toISOString() });
    jpeg = await cameraJpeg();
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
  });

  it('keeps a camera photo upright, at the kiosk sizes, as WebP with no EXIF or GPS, named by its SHA-256', async () => {
    const input = await sharp(jpeg).metadata();
    expect(input.exif && hasGpsPointer(input.exif)).toBe(true);
    expect(input.orientation).toBe(6);
    const { status, body } = await upload(jpeg, 'image/jpeg', 'desk01');
    expect(status).toBe(201);
    // Orientation 6: the 2000×1200 picture is really 1200 wide and 2000 tall.
    expect(body.sizes.map(({ width, height }) => [width, height])).toEqual([
      [480, 800],
      [960, 1600],
    ]);
    const kiosk = Buffer.from(await (await fetchPhoto(body.id)).arrayBuffer());
    expect(sha256(kiosk)).toBe(body.id);
    const thumbnail = await fetchPhoto(body.id, '?w=480');
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('cache-control')).toContain('immutable');
    for (const bytes of [kiosk, Buffer.from(await thumbnail.arrayBuffer())]) {
      const output = await sharp(bytes).metadata();
      expect(output.format).toBe('webp');
      expect(output.exif).toBeUndefined();
      expect(output.orientation).toBeUndefined();
      expect(bytes.includes('EXIF')).toBe(false);
      expect(bytes.includes('PhoneCam')).toBe(false);
    }
  });

  it('stores the same photo once: a second upload answers the same id and sizes', async () => {
    const first = await upload(jpeg);
    const second = await upload(jpeg);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, created: false });
  });

  it('never upscales a small photo: one size, its own', async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0a0' } }).png().toBuffer();
    const { status, body } = await upload(small, 'image/png');
    expect(status).toBe(201);
    expect(body.sizes.map(({ width, height }) => [width, height])).toEqual([[300, 200]]);
    expect(sha256(Buffer.from(await (await fetchPhoto(body.id)).arrayBuffer()))).toBe(body.id);
  });

  it('refuses a photo over the size limit, in zh and en, and keeps nothing', async () => {
    const { status, body } = await upload(Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff));
    expect(status).toBe(413);
    expect(body.reason).toBe('photo-too-large');
    expect(body.message?.zh).toContain('8 MB');
    expect(body.message?.en).toContain('8 MB');
  });

  it('refuses what is not a photo (by its bytes or by its type), in zh and en', async () => {
    for (const [bytes, type] of [
      [Buffer.from('%PDF-1.4 not a photo'), 'image/jpeg'],
      [jpeg.subarray(0, 200), 'image/jpeg'],
      [await sharp(jpeg).gif().toBuffer(), 'image/gif'],
      [jpeg, 'application/octet-stream'],
    ] as const) {
      const { status, body } = await upload(bytes, type);
      expect(status, type).toBe(415);
      expect(body.reason).toBe('not-a-photo');
      expect(body.message?.zh).toContain('JPEG、PNG 或 WebP');
      expect(body.message?.en).toContain('JPEG, PNG or WebP');
    }
  });

  it('refuses a picture of absurd pixel size before decoding it', async () => {
    // 10000×6000 = 60 MP, over the limit; a flat colour compresses to a small PNG.
    const huge = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(huge.length).toBeLessThan(PHOTO_MAX_BYTES);
    const { status, body } = await upload(huge, 'image/png');
    expect(status).toBe(413);
    expect(body.reason).toBe('photo-too-many-pixels');
  });

  it('refuses team leaders and strangers', async () => {
    expect((await upload(jpeg, 'image/jpeg', 'lead')).status).toBe(403);
    const anonymous = await fetch(`${f.adminUrl}/api/media`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(jpeg) });
    expect(anonymous.status).toBe(401);
    const { body } = await upload(jpeg);
    expect((await fetchPhoto(body.id, '', 'lead')).status).toBe(403);
    expect((await fetchPhoto('https:%2F%2Fevil.example%2Fx.png')).status).toBe(404);
  });

  it('publishes an activity photo to the kiosks, retained, and refuses one never uploaded beside its field', async () => {
    const put = async (photo: string, baseVersion: number) => {
      const response = await fetch(`${f.adminUrl}/api/content?site=SITE-01`, {
        method: 'PUT',
        headers: { ...basic('desk01'), 'content-type': 'application/json' },
        body: JSON.stringify({ baseVersion, activities: [activity('A-1', photo)] }),
      });
      return { status: response.status, body: (await response.json()) as { version?: { version: number }; problems?: { path: string; message: { zh: string; en: string } }[] } };
    };
    const latest = (await f.central.store.contentVersions.latest())!.version;
    const unknown = await put('c3'.repeat(32), latest);
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual([{ path: 'activities.0.photo', message: { zh: expect.stringContaining('重新上传') as string, en: expect.stringContaining('upload the photo again') as string } }]);
    const address = await put('https://evil.example/x.png', latest);
    expect(address.status).toBe(400);
    expect(address.body.problems?.[0]?.path).toBe('activities.0.photo');
    expect((await f.central.store.contentVersions.latest())!.version).toBe(latest);

    const { body: photo } = await upload(jpeg, 'image/jpeg', 'desk01');
    const published = await put(photo.id, latest);
    expect(published.status).toBe(200);
    const bytes = await retainedBytes(f.broker.url, `vs/v1/media/${photo.id}`);
    expect(sha256(bytes)).toBe(photo.id);
  });
});
