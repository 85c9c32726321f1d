/** An in-process HTTP receiver for central's alert webhooks (docs/protocol.md "Alert webhooks"). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Bodies the receiver answered 2xx to, in arrival order. */
  accepted: Record<string, unknown>[];
  /** `performance.now()` at each accepted body's last byte, beside `accepted`. */
  acceptedAt: number[];
  requests: number;
  close(): Promise<void>;
}

/** Answers 503 to the first `failFirst` requests, 204 after that. */
export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  const state = { accepted: [] as Record<string, unknown>[], acceptedAt: [] as number[], requests: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      state.requests++;
      if (state.requests <= failFirst) {
        response.writeHead(503).end('busy');
        return;
      }
      state.accepted.push(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>);
      state.acceptedAt.push(at);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts?token=secret`,
    get accepted() {
      return state.accepted;
    },
    get acceptedAt() {
      return state.acceptedAt;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
