import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports are handed out below the kernel's ephemeral range. A port from that range (what `listen(0)`
 * gives) can be taken by any outgoing connection — an MQTT client, a PostgreSQL pool — in the
 * seconds between the check here and the caller's own listen, and the caller then fails with
 * EADDRINUSE. Each vitest worker draws from its own slice, so two test files never race for one.
 */
const LOWEST = 10_000;
const ephemeralStart = (() => {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LOWEST + 1_000 ? first : 32_768;
  } catch {
    return 32_768;
  }
})();
const SLICES = 8;
const sliceSize = Math.floor((ephemeralStart - LOWEST) / SLICES);
const slice = Number(process.env.VITEST_POOL_ID ?? process.pid) % SLICES;
let cursor = Math.floor(Math.random() * sliceSize);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free on 127.0.0.1 a moment ago, outside the range outgoing connections use. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < sliceSize; tries++) {
    // Walk the slice from a random start, so successive calls (and restarts) never repeat a port soon.
    const port = LOWEST + slice * sliceSize + (cursor++ % sliceSize);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${LOWEST + slice * sliceSize} and ${LOWEST + (slice + 1) * sliceSize - 1}`);
}

export async function waitForPort(port: number, timeoutMs = 10_000, host = '127.0.0.1'): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
