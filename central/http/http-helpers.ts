/** Small helpers over Fastify replies: JSON and text replies, typed 4xx errors. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as v from 'valibot';
import { validate, type LocalizedText } from '../../shared/index.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly string[] = [],
    readonly headers: Record<string, string> = {},
    /** The refusal in both languages, for the console to show in its own (JSON `message`); `message` stays the English one for logs and scripts. */
    readonly localized?: LocalizedText,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  return reply
    .code(status)
    .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .send(JSON.stringify(body));
}

export function sendText(reply: FastifyReply, status: number, contentType: string, body: string, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers({ 'content-type': contentType, 'cache-control': 'no-store', ...headers }).send(body);
}

export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json') || (request.headers['content-type'] ?? '').includes('application/json');
}

/** The request's URL parsed against a placeholder origin (the path and query are all that is used). */
export function requestUrl(request: FastifyRequest): URL {
  return new URL(request.url, 'http://central.invalid');
}

/** The query checked against `schema`, read from the raw URL so a repeated key is refused, not silently merged. */
/** Read from the raw query so a repeated key is refused, not silently merged. */
export function rawQueryOf(request: FastifyRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of requestUrl(request).searchParams) {
    if (key in params) throw new HttpError(400, 'bad query parameters', [`${key}: given more than once`]);
    params[key] = value;
  }
  return params;
}

export function queryOf<S extends v.GenericSchema>(request: FastifyRequest, schema: S): v.InferOutput<S> {
  const parsed = validate(schema, rawQueryOf(request));
  if (!parsed.ok) throw new HttpError(400, 'bad query parameters', parsed.issues);
  return parsed.value;
}

/** Request bodies: JSON only, checked against the shared schema; a bad body says every problem. */
export function bodyOf<S extends v.GenericSchema>(request: FastifyRequest, schema: S): v.InferOutput<S> {
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, 'send the request as application/json');
  }
  const parsed = validate(schema, request.body ?? {});
  if (!parsed.ok) throw new HttpError(400, 'the request body is not valid', parsed.issues);
  return parsed.value;
}
