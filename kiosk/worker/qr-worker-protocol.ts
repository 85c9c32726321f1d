/** The messages between the kiosk page (data/qr-paths.ts) and its QR worker: one answer per request, by id. */
import type { QrPath } from '../components/qr-path.ts';

export interface QrRequest {
  id: number;
  value: string;
}

export type QrAnswer = { id: number; path: QrPath } | { id: number; error: string };
