/**
 * The Content form's photo field in Chromium on a real central (Mosquitto, SQLite): a file
 * that is not a photo is refused beside the field in the server's words; a JPEG is
 * uploaded, shown as a thumbnail, saved with the activity as its media id, and removable.
 */
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { ContentFile } from '../../shared/index.ts';
import { signInToConsole } from '../helpers/console-harness.ts';

const FIRST = {
  v: 1,
  activities: {
    'SITE-01': [
      {
        id: 'A-1',
        title: { zh: '文明交通引导', en: 'Traffic guidance' },
        category: 'civilised-traffic',
        startsAt: '2026-12-05T01:00:00.000Z',
        endsAt: '2026-12-05T03:00:00.000Z',
        place: { zh: '人民路口', en: 'Renmin Rd crossing' },
        organiser: { zh: '团委', en: 'Youth League' },
      },
    ],
  },
  directory: [
    {
      stationId: 'ST-0001',
      siteId: 'SITE-01',
      name: { zh: '人民路服务站', en: 'Renmin Rd station' },
      address: { zh: '人民路1号', en: '1 Renmin Rd' },
      location: { lat: 31.2, lon: 121.4 },
      services: [{ zh: '饮水', en: 'Drinking water' }],
      hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
    },
  ],
} as unknown as ContentFile;

const w = useConsoleOnCentral({ content: FIRST, onlineStations: ['ST-0001'] });

it('refuses a non-photo beside the field, uploads a JPEG with a thumbnail, saves it with the activity, and removes it', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await page.locator('[data-activity="A-1"]').getByRole('button', { name: 'Edit' }).click();
  const field = page.getByLabel('Photo (optional)');

  await field.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
  await expect.poll(() => page.locator('[data-photo-error]').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Upload a JPEG, PNG or WebP photo');
  expect(await page.locator('[data-photo-thumbnail]').count()).toBe(0);

  const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
  await field.setInputFiles({ name: 'street.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.locator('[data-photo-thumbnail]').waitFor({ timeout: 10_000 });
  expect(await page.locator('[data-photo-thumbnail]').evaluate((img: HTMLImageElement) => img.decode().then(() => [img.src.slice(0, 5), img.naturalWidth]))).toEqual(['blob:', 480]);
  expect(await page.locator('[data-photo-error]').count()).toBe(0);

  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Published as version 2.');
  const photo = (await w.f.central.store.contentVersions.latest())!.content.activities['SITE-01']![0]!.photo;
  expect(photo).toMatch(/^[0-9a-f]{64}$/);
  expect((await w.f.central.store.media.sizes(photo!)).map((s) => s.width)).toEqual([480, 960]);

  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe('Version 2');
  await page.locator('[data-activity="A-1"]').getByRole('button', { name: 'Edit' }).click();
  await page.locator('[data-photo-thumbnail]').waitFor({ timeout: 10_000 });
  await page.locator('[data-photo-remove]').click();
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect.poll(() => page.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Published as version 3.');
  expect((await w.f.central.store.contentVersions.latest())!.content.activities['SITE-01']![0]!.photo).toBeUndefined();
  await context.close();
});
