/**
 * Reads the QR code a page shows, as a phone camera would: screenshot the element,
 * then decode the pixels with jsQR inside the page (jsQR is loaded into it, so the
 * megabytes of pixels never cross the wire).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const JSQR_SCRIPT = fileURLToPath(new URL('../../node_modules/jsqr/dist/jsQR.js', import.meta.url));

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** The text of the QR code in `selector`, or undefined when it does not decode. */
export async function decodeQrOnPage(page: Page, selector: string): Promise<string | undefined> {
  const png = await page.locator(selector).first().screenshot({ animations: 'disabled' });
  if (!(await page.evaluate(() => 'jsQR' in window))) await page.addScriptTag({ path: JSQR_SCRIPT });
  return page.evaluate(async (base64) => {
    // A blob: URL, not data:: the kiosk's CSP allows images only from itself and blob:.
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const image = new Image();
    image.src = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
    await image.decode();
    URL.revokeObjectURL(image.src);
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    return (window as unknown as { jsQR: JsQr }).jsQR(pixels.data, pixels.width, pixels.height)?.data;
  }, png.toString('base64'));
}
