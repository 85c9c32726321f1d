/**
 * Is a screenshot blank? Downscaled with sharp, then the share of the commonest colour.
 * Colours are bucketed to 4 bits a channel, so scaling's blended edges of one flat
 * colour still count as that colour.
 */
import sharp from 'sharp';

/** Over this share of one colour, and the screen should be on: blank (protocol v2 §display). */
export const BLANK_SHARE = 0.98;
const SAMPLE_WIDTH = 64;
const SAMPLE_HEIGHT = 36;

export async function dominantColourShare(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image).resize(SAMPLE_WIDTH, SAMPLE_HEIGHT, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  let best = 0;
  for (let i = 0; i + 2 < data.length; i += info.channels) {
    const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > best) best = count;
  }
  return best / (info.width * info.height);
}

export async function isBlankScreenshot(image: Buffer): Promise<boolean> {
  return (await dominantColourShare(image)) > BLANK_SHARE;
}
