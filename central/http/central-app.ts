/**
 * The base Fastify instance both central listeners are built on (public-app.ts,
 * admin-app.ts): one error handler, one not-found reply, the body parsers, cookies,
 * and listen/close. Every handler error becomes a clear reply; nothing thrown in a
 * handler can stop the process, and no reply ever carries a stack trace.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { CentralLogger } from '../observability/logger.ts';
import { HttpError, requestUrl, sendJson } from './http-helpers.ts';

/** Check-in forms and manager queries are tiny; anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface CentralAppOptions {
  log: CentralLogger;
}

/** Fastify's own 4xx errors, said the way our replies say things. */
function frameworkMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body is larger than ${MAX_BODY_BYTES} bytes`;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported content-type: send application/json or application/x-www-form-urlencoded`;
    default:
      return err.message;
  }
}

export function replyWithError(err: unknown, request: FastifyRequest, reply: FastifyReply, log: CentralLogger): FastifyReply {
  if (err instanceof HttpError) {
    return sendJson(reply, err.status, { error: err.message, ...(err.issues.length > 0 ? { issues: err.issues } : {}) }, err.headers);
  }
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendJson(reply, status, { error: frameworkMessage(err as FastifyError) });
  }
  log.error({ err, path: requestUrl(request).pathname }, 'http handler failed');
  return sendJson(reply, 500, { error: 'internal error; see the central service log' });
}

export function createCentralApp({ log }: CentralAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // close() also ends keep-alive connections, so a stop never waits on an idle phone.
    forceCloseConnections: true,
    return503OnClosing: true,
  });
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

/** Listens and returns the bound port (port 0 picks a free one). */
export async function listenCentralApp(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
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
