/**
 * QR paths for the page, computed in one shared worker (worker/qr-worker.ts), started
 * at boot by start-qr-worker.ts (or by the first request). If the browser cannot start
 * it (or it dies), every request from then on is computed on the main thread instead,
 * so a QR is never missing.
 */
import type { QrPath } from '../components/qr-path.ts';
import type { QrAnswer, QrRequest } from '../worker/qr-worker-protocol.ts';

type Pending = { value: string; resolve(path: QrPath): void; reject(err: Error): void };

let worker: Worker | undefined;
let workerFailed = false;
let nextId = 1;
const pending = new Map<number, Pending>();

async function onMainThread(value: string): Promise<QrPath> {
  const { qrPathFor } = await import('../components/qr-path.ts');
  return qrPathFor(value);
}

function giveUpOnWorker(reason: string): void {
  console.warn(`kiosk: the QR worker stopped (${reason}); drawing QR codes on the main thread`);
  workerFailed = true;
  worker?.terminate();
  worker = undefined;
  const waiting = [...pending.values()];
  pending.clear();
  for (const request of waiting) onMainThread(request.value).then(request.resolve, request.reject);
}

function startWorker(): Worker {
  const started = new Worker(new URL('../worker/qr-worker.ts', import.meta.url), { type: 'module', name: 'qr-worker' });
  started.addEventListener('message', (event: MessageEvent<QrAnswer>) => {
    const answer = event.data;
    const request = pending.get(answer.id);
    pending.delete(answer.id);
    if (!request) return;
    if ('path' in answer) request.resolve(answer.path);
    else request.reject(new Error(answer.error));
  });
  started.addEventListener('error', (event) => {
    event.preventDefault();
    giveUpOnWorker(event.message || 'it did not load');
  });
  return started;
}

/**
 * Starts the worker now, so it has loaded qrcode by the time the first code is known
 * (start-qr-worker.ts calls this before the rest of the app is even evaluated).
 */
export function startQrWorker(): void {
  if (worker || workerFailed) return;
  try {
    worker = startWorker();
  } catch (err) {
    giveUpOnWorker(err instanceof Error ? err.message : String(err));
  }
}

/** The path for `value`; rejects only when the value cannot be a QR code (too long). */
export function qrPath(value: string): Promise<QrPath> {
  startQrWorker();
  if (!worker) return onMainThread(value);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { value, resolve, reject });
    worker!.postMessage({ id, value } satisfies QrRequest);
  });
}
