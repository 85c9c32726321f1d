/**
 * An uploaded photo made fit for the kiosks (protocol v2 §Media): read by sharp (the bytes
 * decide the type, not the header), turned upright by its EXIF orientation, resized to
 * MEDIA_WIDTHS (never upscaled) as WebP. sharp writes no metadata unless told to, so the
 * output carries no EXIF (GPS, camera, time) and no ICC profile beyond sRGB.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { KIOSK_MEDIA_WIDTH, MEDIA_WIDTHS } from '../../shared/index.ts';
import type { MediaVariant } from '../store/media-store.ts';

/** The types the upload takes (what phones and cameras give, and WebP). */
export const PHOTO_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
const SHARP_FORMATS: Record<string, (typeof PHOTO_UPLOAD_TYPES)[number]> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** 8 MB: a 12 MP phone JPEG is 3–6 MB. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** 50 megapixels: larger is no photo a kiosk needs, and decoding it would take too much memory. */
export const PHOTO_MAX_PIXELS = 50_000_000;
const WEBP_QUALITY = 80;

export type PhotoOutcome =
  | { ok: true; id: string; variants: MediaVariant[] }
  | { ok: false; reason: 'not-an-image' | 'too-many-pixels'; detail: string };

export const mediaIdOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export async function resizePhoto(input: Buffer): Promise<PhotoOutcome> {
  let format: string | undefined;
  try {
    ({ format } = await sharp(input, { limitInputPixels: false }).metadata());
  } catch (error) {
    return { ok: false, reason: 'not-an-image', detail: (error as Error).message };
  }
  if (!format || !SHARP_FORMATS[format]) return { ok: false, reason: 'not-an-image', detail: `it is ${format ?? 'of no known'} format` };
  const variants: MediaVariant[] = [];
  try {
    for (const width of MEDIA_WIDTHS) {
      const { data, info } = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true });
      // A photo narrower than a width gives the same bytes twice: keep one.
      if (!variants.some((variant) => variant.width === info.width)) variants.push({ width: info.width, height: info.height, bytes: data });
    }
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) return { ok: false, reason: 'too-many-pixels', detail: message };
    return { ok: false, reason: 'not-an-image', detail: message };
  }
  return { ok: true, id: mediaIdOf(kioskVariant(variants).bytes), variants };
}

/** The bytes kiosks get: the kiosk width, or the widest when the photo is narrower (the store's widest, as no width exceeds it). */
function kioskVariant(variants: readonly MediaVariant[]): MediaVariant {
  return variants.find((variant) => variant.width === KIOSK_MEDIA_WIDTH) ?? [...variants].sort((a, b) => a.width - b.width).at(-1)!;
}
