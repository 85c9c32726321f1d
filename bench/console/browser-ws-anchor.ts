/**
 * A second anchor for the console's sign-in: the same Chromium receiving the same
 * retained statuses over a bare WebSocket, in a dedicated worker as the console's
 * fleet worker does, with no mqtt.js and no validation. Hand-built MQTT 3.1.1 CONNECT
 * and SUBSCRIBE (QoS 0, as the console subscribes), then only the fixed headers of what
 * comes back are read, to count the PUBLISH packets. What it takes is the browser's own
 * cost of the transport (network service, IPC, one message per WebSocket frame), which
 * no console code can go below.
 */
import type { Page } from 'playwright-core';

/** Runs in the worker: connect, subscribe, count PUBLISH packets; posts the elapsed ms. */
const WORKER_SOURCE = `
onmessage = ({ data: { url, filters, expected } }) => {
  const enc = new TextEncoder();
  const str = (s) => { const b = enc.encode(s); return [b.length >> 8, b.length & 255, ...b]; };
  const packet = (first, body) => {
    const len = []; let n = body.length;
    do { let byte = n % 128; n = Math.floor(n / 128); if (n > 0) byte |= 128; len.push(byte); } while (n > 0);
    return new Uint8Array([first, ...len, ...body]);
  };
  const start = performance.now();
  const ws = new WebSocket(url, 'mqtt');
  ws.binaryType = 'arraybuffer';
  let buffered = new Uint8Array(0);
  let publishes = 0;
  ws.onopen = () => {
    ws.send(packet(0x10, [...str('MQTT'), 4, 0x02, 0, 60, ...str('ws-anchor-' + Math.random().toString(36).slice(2, 8))]));
    ws.send(packet(0x82, [0, 1, ...filters.flatMap((f) => [...str(f), 0])]));
  };
  ws.onmessage = ({ data }) => {
    const chunk = new Uint8Array(data);
    const all = new Uint8Array(buffered.length + chunk.length);
    all.set(buffered); all.set(chunk, buffered.length);
    let at = 0;
    for (;;) {
      let length = 0, multiplier = 1, i = at + 1, byte;
      do { if (i >= all.length) { byte = -1; break; } byte = all[i++]; length += (byte & 127) * multiplier; multiplier *= 128; } while (byte & 128);
      if (byte === -1 || i + length > all.length) break;
      if (all[at] >> 4 === 3) publishes++;
      at = i + length;
    }
    buffered = all.slice(at);
    if (publishes >= expected) { postMessage(performance.now() - start); ws.close(); }
  };
  ws.onerror = () => postMessage(-1);
};`;

export async function browserWebSocketReplayMs(page: Page, options: { url: string; filters: string[]; expected: number }): Promise<number> {
  const elapsed = await page.evaluate(
    ({ source, ...request }) =>
      new Promise<number>((resolve) => {
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        worker.onmessage = (event: MessageEvent<number>) => {
          worker.terminate();
          resolve(event.data);
        };
        worker.postMessage(request);
      }),
    { source: WORKER_SOURCE, ...options },
  );
  if (elapsed < 0) throw new Error(`bench: the bare WebSocket anchor could not reach ${options.url}`);
  return elapsed;
}
