/**
 * The base Fastify instance both central listeners are built on (public-app.ts,
 * admin-app.ts): one error reply (JSON, or HTML for a browser), the body parsers,
 * cookies, security headers, server timeouts and a connection cap, and listen/close.
 * Nothing thrown in a handler can stop the process, and no reply carries a stack trace.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { CentralLogger } from '../observability/logger.ts';
import { contentSecurityPolicy, type CspDirectives } from './content-security-policy.ts';
import { renderErrorPage } from './error-page.ts';
import type { LocalizedText } from '../../shared/index.ts';
import { HttpError, requestUrl, sendJson, sendText, wantsJson } from './http-helpers.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Directives this route's HTML needs beyond the default CSP, e.g. `{ 'connect-src': ["'self'"] }`. */
    csp?: CspDirectives;
  }
}

/**
 * Limits of one listener. A phone sends one small form; a manager a few GETs. So a
 * request has no business taking long, and an idle or trickling connection is only
 * a cost (slowloris: many sockets, each sending a header byte now and then).
 */
export interface HttpLimits {
  /** Whole request headers must arrive within this (node `headersTimeout`; a slowloris is cut here). */
  headersTimeoutMs: number;
  /** The whole request, body included (node `requestTimeout`). */
  requestTimeoutMs: number;
  /** A socket with no traffic at all is closed after this (node `server.setTimeout`). */
  connectionTimeoutMs: number;
  /** An idle keep-alive socket is closed after this; a reverse proxy's upstream keep-alive must be shorter. */
  keepAliveTimeoutMs: number;
  /** Requests served on one socket before it is closed, so one client cannot hold a socket forever. */
  maxRequestsPerSocket: number;
  /** Open sockets at once; further ones are refused (node `server.maxConnections`). */
  maxConnections: number;
  /** How often node checks the two timeouts above; its 30 s default would let a slowloris live that long. */
  timeoutCheckIntervalMs: number;
}

export const PUBLIC_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  maxRequestsPerSocket: 100,
  maxConnections: 512,
  timeoutCheckIntervalMs: 1_000,
};

/** The admin listener is on loopback for a handful of managers and one Prometheus. */
export const ADMIN_HTTP_LIMITS: HttpLimits = { ...PUBLIC_HTTP_LIMITS, maxConnections: 64 };

/** Check-in forms and manager queries are tiny; anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface CentralAppOptions {
  log: CentralLogger;
  limits: HttpLimits;
  /** Config `trustedProxies`: only these peers' X-Forwarded-For sets request.ip. */
  trustedProxies?: readonly string[];
}

/** Fastify's own 4xx errors, said the way our replies say things. */
function frameworkMessage(err: FastifyError, request: FastifyRequest): string {
  switch (err.code) {
    case 'FST_ERR_BAD_URL':
      return 'bad request: the address has a malformed %-escape';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // A route may allow more than the default (the content admin API does).
      return `request body is larger than ${request.routeOptions?.bodyLimit ?? MAX_BODY_BYTES} bytes`;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content-type: send application/json or application/x-www-form-urlencoded';
    default:
      return err.message;
  }
}

/** A browser asking for a page gets an HTML error page; API clients and anything else get JSON. */
function prefersHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html') && !wantsJson(request);
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string, issues: readonly string[] = [], headers: Record<string, string> = {}, localized?: LocalizedText): FastifyReply {
  if (prefersHtml(request)) return sendText(reply, status, 'text/html; charset=utf-8', renderErrorPage(status, message, issues), headers);
  return sendJson(reply, status, { error: message, ...(issues.length > 0 ? { issues } : {}), ...(localized ? { message: localized } : {}) }, headers);
}

export function replyWithError(err: unknown, request: FastifyRequest, reply: FastifyReply, log: CentralLogger): FastifyReply {
  if (err instanceof HttpError) return sendError(request, reply, err.status, err.message, err.issues, err.headers, err.localized);
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendError(request, reply, status, frameworkMessage(err as FastifyError, request));
  log.error({ err, path: requestUrl(request).pathname }, 'http handler failed');
  return sendError(request, reply, 500, 'internal error; see the central service log');
}

/**
 * Headers of every reply (helmet): nosniff, Referrer-Policy no-referrer, X-Frame-Options
 * DENY, same-origin COOP/CORP, HSTS (ignored over plain HTTP). CSP is ours, per reply
 * (content-security-policy.ts), because it carries the hashes of the page's inline code.
 * Registered on the root instance, so every route plugin's replies get them.
 */
function addSecurityHeaders(app: FastifyInstance): void {
  app.register(helmet, { contentSecurityPolicy: false, referrerPolicy: { policy: 'no-referrer' }, frameguard: { action: 'deny' } });
  app.addHook('onSend', async (request, reply, payload) => {
    const isHtml = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    const html = isHtml && typeof payload === 'string' ? payload : undefined;
    reply.header('content-security-policy', contentSecurityPolicy(html, request.routeOptions.config.csp));
    return payload;
  });
}

export function createCentralApp({ log, limits, trustedProxies = [] }: CentralAppOptions): FastifyInstance {
  const app = Fastify({
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.timeoutCheckIntervalMs },
    // close() also ends keep-alive connections, so a stop never waits on an idle phone.
    forceCloseConnections: true,
    return503OnClosing: true,
    // Errors the router meets before any route (a malformed %-escape in the path): same replies, same headers.
    frameworkErrors: (err, request, reply) => {
      for (const [name, value] of Object.entries(FRAMEWORK_ERROR_HEADERS)) reply.header(name, value);
      return replyWithError(err, request, reply, log);
    },
  });
  app.server.maxConnections = limits.maxConnections;
  addSecurityHeaders(app);
  app.register(cookie);
  // Forms: fields by name, the first value of a repeated field wins (as URLSearchParams.get).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) if (!Object.hasOwn(fields, key)) fields[key] = value;
    done(null, fields);
  });
  app.setErrorHandler((err, request, reply) => replyWithError(err, request, reply, log));
  app.setNotFoundHandler((request, reply) => replyWithError(new HttpError(404, `not found: ${requestUrl(request).pathname}`), request, reply, log));
  return app;
}

/** The router answers these before any hook runs, so they get the essential headers by hand. */
const FRAMEWORK_ERROR_HEADERS = {
  'content-security-policy': contentSecurityPolicy(undefined),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Listens and returns the bound port (port 0 picks a free one). `configKey` names the
 * config field (`http`, `adminHttp`), so a busy port says which setting to change.
 */
export async function listenCentralApp(app: FastifyInstance, host: string, port: number, configKey: string): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(`${configKey}: cannot listen on ${host}:${port} (${code}); choose another ${configKey}.host/${configKey}.port`, { cause: err });
  }
  return (app.server.address() as AddressInfo).port;
}

export interface HealthDeps {
  /** Health of the parts /healthz reports. */
  health(): { mqttConnected: boolean };
}

/** `GET /healthz`: 200 while central is connected to the broker, else 503. On both listeners. */
export const healthRoutes: FastifyPluginAsync<HealthDeps> = async (app, { health }) => {
  app.get('/healthz', async (_request, reply) => {
    const { mqttConnected } = health();
    return sendJson(reply, mqttConnected ? 200 : 503, { ok: mqttConnected, mqtt: mqttConnected ? 'connected' : 'disconnected' });
  });
};
