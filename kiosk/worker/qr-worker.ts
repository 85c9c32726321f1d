/// <reference lib="webworker" />
/**
 * The kiosk's QR worker: qrcode's encoding and mask search (tens of milliseconds on a
 * slow board, for every code every few seconds) run here, not on the main thread where
 * the tap overlay and the clock paint. One request, one answer, in order.
 */
import { qrPathFor } from '../components/qr-path.ts';
import type { QrAnswer, QrRequest } from './qr-worker-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Once at start, on a value as long as a check-in address: the first real code is then
// drawn by compiled code, in a few milliseconds instead of some forty.
qrPathFor(`https://example.invalid/c/ST-0000.K-0000.000000000.${'A'.repeat(16)}`);
scope.addEventListener('message', (event: MessageEvent<QrRequest>) => {
  const { id, value } = event.data;
  let answer: QrAnswer;
  try {
    answer = { id, path: qrPathFor(value) };
  } catch (err) {
    // Too long for a QR code: the element shows none and says why in the log.
    answer = { id, error: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(answer);
});
