/**
 * The public listener (`http` in the central config): what phones reach from the
 * kiosk QR. `/healthz`, the phone routes `/c/...` and `/phone/...`, and (protocol v2) the
 * certificate verify page `/verify/...`; nothing a manager uses, so
 * `/api/...` and `/metrics` answer 404 here (they are on admin-app.ts).
 *
 * Adding a route plugin: write it as `export const fooRoutes: FastifyPluginAsync<FooDeps>`
 * in its own file under central/http/ (phone-routes.ts is the example), add `foo: FooDeps`
 * to PublicAppDeps, register it below with `app.register(fooRoutes, deps.foo)`, and
 * build its deps in central/main.ts. Plugins get cookies (`request.cookies`,
 * `reply.setCookie`, @fastify/cookie), parsed JSON and form bodies, the security headers
 * (a page's inline script and style are allowed by hash; a route that needs more sets
 * `config: { csp: {...} }`), and the shared error replies (throw an HttpError) from
 * central-app.ts. Hooks a plugin adds stay inside it.
 */
import type { FastifyInstance } from 'fastify';
import type { CentralLogger } from '../observability/logger.ts';
import { createCentralApp, healthRoutes, PUBLIC_HTTP_LIMITS, type HealthDeps, type HttpLimits } from './central-app.ts';
import { phoneRoutes, type PhoneRouteDeps } from './phone-routes.ts';
import { correctionRoutes } from '../phone/correction-routes.ts';
import { certificateRoutes, type CertificateRouteDeps } from '../phone/certificate-routes.ts';
import { verifyRoutes } from './verify-routes.ts';
import { perksRoutes, type PerksRouteDeps } from '../phone/perks-routes.ts';

export interface PublicAppDeps extends HealthDeps {
  log: CentralLogger;
  phone: PhoneRouteDeps;
  /** Service certificates: the phone API and the public verify page (protocol v2). */
  certificates?: CertificateRouteDeps;
  /** Star perks for the phone app (protocol v2). */
  perks?: PerksRouteDeps;
  limits?: HttpLimits;
  trustedProxies?: readonly string[];
}

export function buildPublicApp(deps: PublicAppDeps): FastifyInstance {
  const app = createCentralApp({ log: deps.log, limits: deps.limits ?? PUBLIC_HTTP_LIMITS, ...(deps.trustedProxies ? { trustedProxies: deps.trustedProxies } : {}) });
  app.register(healthRoutes, { health: deps.health });
  app.register(phoneRoutes, deps.phone);
  app.register(correctionRoutes, deps.phone);
  if (deps.certificates) app.register(certificateRoutes, deps.certificates).register(verifyRoutes, deps.certificates);
  if (deps.perks) app.register(perksRoutes, deps.perks);
  return app;
}
