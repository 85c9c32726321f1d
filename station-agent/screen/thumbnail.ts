/** The console's screenshot: a JPEG thumbnail of at most 100 KB, with no metadata, blurred when asked. */
import sharp from 'sharp';
import { SCREENSHOT_MAX_BYTES } from '../../shared/index.ts';

export interface Thumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** Largest first: the first size and quality that fits the limit wins. */
const STEPS = [
  { side: 640, quality: 72 },
  { side: 480, quality: 60 },
  { side: 320, quality: 50 },
  { side: 240, quality: 40 },
];

export async function jpegThumbnail(screenshot: Buffer, blur: boolean): Promise<Thumbnail> {
  for (const { side, quality } of STEPS) {
    let image = sharp(screenshot).resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
    // Strong enough that no name or number on the screen can be read back.
    if (blur) image = image.blur(side / 20);
    // sharp writes no EXIF or other metadata unless told to.
    const { data, info } = await image.jpeg({ quality, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    if (data.length <= SCREENSHOT_MAX_BYTES) return { jpeg: data, width: info.width, height: info.height };
  }
  throw new Error(`the screen does not fit a ${SCREENSHOT_MAX_BYTES / 1024} KB JPEG even at ${STEPS.at(-1)!.side} px`);
}
