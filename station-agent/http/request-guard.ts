/**
 * What a request to `POST /simulate-tap` must look like before its body is read.
 *
 * - `Host` must name this listener: its configured host or `localhost`, with the port
 *   it listens on. A web page on the station PC that rebinds its own domain to
 *   127.0.0.1 (DNS rebinding) still sends its own name in `Host`, so it is refused
 *   (421 Misdirected Request, RFC 9110 §15.5.20).
 * - `Content-Type` must be `application/json` (parameters allowed). A cross-site form
 *   or `fetch` can only send that type after a CORS preflight, which this server never
 *   answers, so no other site can make a tap (415 otherwise, RFC 9110 §15.5.16).
 */
import type { IncomingHttpHeaders } from 'node:http';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

function hostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/** Every `Host` header value that names a listener on `host:port`. */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = WILDCARDS.has(host) ? ['127.0.0.1', '[::1]', 'localhost'] : [hostName(host), 'localhost'];
  const allowed = new Set(names.map((name) => `${name}:${port}`));
  // RFC 9110 §7.2: a client may leave out the scheme's default port.
  if (port === 80) for (const name of names) allowed.add(name);
  return allowed;
}

export type RequestRefusal = { status: 421 | 415; body: { error: string } };

export function simulateTapRequestRefusal(headers: IncomingHttpHeaders, allowedHosts: ReadonlySet<string>): RequestRefusal | undefined {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts.has(host)) {
    return { status: 421, body: { error: `Host ${JSON.stringify(headers.host ?? '')} is not this agent; send the request to http://${[...allowedHosts][0]}/simulate-tap` } };
  }
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return { status: 415, body: { error: 'Content-Type must be application/json, with a body like {"uid":"04A1B2C3"}' } };
  }
  return undefined;
}
