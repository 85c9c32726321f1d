/**
 * `npx tsx scripts/write-favicon.ts`: writes the web apps' icon, `shared/brand/favicon.svg`
 * and a 32×32 `favicon.ico`, from one drawing (a white tick on the kiosk's blue), so the
 * two never drift apart. The .ico is for clients that ask for /favicon.ico without
 * reading the page; browsers take the SVG from the page's <link rel="icon">.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SIZE = 32;
const BLUE = [0x0b, 0x4f, 0x8a] as const;
const CORNER = 6;
/** The tick, in the 32×32 grid. */
const TICK: readonly [number, number][] = [
  [8, 16.5],
  [13.5, 22],
  [24, 10.5],
];
const STROKE = 4;

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}"><rect width="${SIZE}" height="${SIZE}" rx="${CORNER}" fill="#${BLUE.map((c) => c.toString(16).padStart(2, '0')).join('')}"/><path d="M${TICK.map(([x, y]) => `${x} ${y}`).join('L')}" fill="none" stroke="#fff" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round"/></svg>\n`;

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

/** Coverage of the rounded square and of the tick at a point. */
function sample(x: number, y: number): { inside: boolean; tick: boolean } {
  const cx = Math.min(Math.max(x, CORNER), SIZE - CORNER);
  const cy = Math.min(Math.max(y, CORNER), SIZE - CORNER);
  const inside = Math.hypot(x - cx, y - cy) <= CORNER;
  const tick = TICK.slice(1).some((end, i) => distanceToSegment(x, y, TICK[i]!, end) <= STROKE / 2);
  return { inside, tick };
}

/** BGRA pixels, bottom row first, 4×4 supersampled (the .ico's BMP layout). */
function pixels(): Buffer {
  const out = Buffer.alloc(SIZE * SIZE * 4);
  const n = 4;
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) {
      let alpha = 0;
      let white = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const s = sample(col + (sx + 0.5) / n, row + (sy + 0.5) / n);
          if (s.inside) alpha++;
          if (s.inside && s.tick) white++;
        }
      }
      const mix = alpha ? white / alpha : 0;
      const at = ((SIZE - 1 - row) * SIZE + col) * 4;
      out[at] = Math.round(BLUE[2] + (255 - BLUE[2]) * mix);
      out[at + 1] = Math.round(BLUE[1] + (255 - BLUE[1]) * mix);
      out[at + 2] = Math.round(BLUE[0] + (255 - BLUE[0]) * mix);
      out[at + 3] = Math.round((255 * alpha) / (n * n));
    }
  }
  return out;
}

/** ICO with one 32-bit BMP image (Microsoft "Icons", ICONDIR/ICONDIRENTRY + BITMAPINFOHEADER). */
function ico(): Buffer {
  const xor = pixels();
  const andMask = Buffer.alloc((SIZE / 8) * SIZE); // all 0: the alpha channel decides
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(SIZE, 4);
  header.writeInt32LE(SIZE * 2, 8); // XOR + AND masks stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(xor.length + andMask.length, 20);
  const image = Buffer.concat([header, xor, andMask]);
  const dir = Buffer.alloc(6 + 16);
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(1, 4); // one image
  dir.writeUInt8(SIZE, 6);
  dir.writeUInt8(SIZE, 7);
  dir.writeUInt16LE(1, 10);
  dir.writeUInt16LE(32, 12);
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(dir.length, 18);
  return Buffer.concat([dir, image]);
}

const dir = join(import.meta.dirname, '..', 'shared', 'brand');
writeFileSync(join(dir, 'favicon.svg'), svg);
writeFileSync(join(dir, 'favicon.ico'), ico());
console.log('wrote shared/brand/favicon.svg and shared/brand/favicon.ico');
