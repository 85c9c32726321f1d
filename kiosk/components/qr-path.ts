/**
 * A QR code as one SVG path: qrcode's matrix (error correction M), one unit square per
 * dark module, offset by the quiet zone. Pure; run in the QR worker (worker/qr-worker.ts),
 * or on the main thread when no worker can start.
 */
import QRCode from 'qrcode';

/** Quiet zone of 4 modules (ISO/IEC 18004 §7.3.7). */
const QUIET = 4;

export interface QrPath {
  /** The path's `d`: the dark modules. */
  d: string;
  /** The side of the square, quiet zone included, in modules. */
  size: number;
}

export function qrPathFor(value: string): QrPath {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
    }
  }
  return { d, size: modules.size + 2 * QUIET };
}
