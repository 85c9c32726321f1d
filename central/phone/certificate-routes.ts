/**
 * The volunteer's service certificates on the public listener (protocol v2 §Time bank:
 * certificates), for the phone linked to the volunteer (device cookie → active binding),
 * like `GET /phone/api/me`; any other phone gets 403 `phone-not-linked`:
 *   POST /phone/api/certificates {from, to}   issue one for the date range (local dates, inclusive)
 *   GET  /phone/api/certificates              this volunteer's certificates, newest first
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CertificateRequestSchema, validate } from '../../shared/index.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import type { CentralStore } from '../store/central-store.ts';
import { HttpError, sendJson } from '../http/http-helpers.ts';
import { DEVICE_COOKIE, deviceHash, isDeviceKey } from './device-key.ts';
import { REFUSAL_MESSAGES, REFUSAL_STATUS } from './phone-messages.ts';

export interface CertificateRouteDeps {
  certificates: CertificateService;
  store: CentralStore;
}

/** The page's own origin, for verify links when central has no publicBaseUrl. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export const certificateRoutes: FastifyPluginAsync<CertificateRouteDeps> = async (app, { certificates, store }) => {
  const volunteerOf = async (request: FastifyRequest): Promise<string | undefined> => {
    const key = request.cookies[DEVICE_COOKIE];
    if (!isDeviceKey(key)) return undefined;
    return (await store.phone.activeBindingOfDevice(deviceHash(key)))?.volunteerId;
  };
  const notLinked = (reply: FastifyReply) =>
    sendJson(reply, REFUSAL_STATUS['phone-not-linked'], { ok: false, reason: 'phone-not-linked', message: REFUSAL_MESSAGES['phone-not-linked'] });

  app.post('/phone/api/certificates', async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the request as application/json');
    const volunteerId = await volunteerOf(request);
    if (!volunteerId) return notLinked(reply);
    const parsed = validate(CertificateRequestSchema, request.body ?? {});
    if (!parsed.ok) throw new HttpError(400, 'the request body is not valid', parsed.issues);
    const certificate = await certificates.issue(volunteerId, parsed.value, originOf(request));
    if (!certificate) return notLinked(reply);
    return sendJson(reply, 201, { ok: true, certificate });
  });

  app.get('/phone/api/certificates', async (request, reply) => {
    const volunteerId = await volunteerOf(request);
    if (!volunteerId) return notLinked(reply);
    return sendJson(reply, 200, { ok: true, certificates: await certificates.listOf(volunteerId, originOf(request)) });
  });
};
