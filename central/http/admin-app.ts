/**
 * The admin listener (`adminHttp` in the central config, loopback by default):
 * `/healthz`, `/metrics` and the manager API `/api/...`. Kept apart from the public
 * phone pages so that neither the API nor the metrics are reachable from the street.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import { ADMIN_HTTP_LIMITS, createCentralApp, healthRoutes, type HealthDeps, type HttpLimits } from './central-app.ts';
import { sendText } from './http-helpers.ts';
import { managerApiRoutes, type ManagerApiDeps } from './manager-api.ts';
import { reportRoutes, type ReportRouteDeps } from './report-routes.ts';
import { deskRoutes, type DeskRouteDeps } from './desk-routes.ts';

export interface AdminRouteDeps {
  metrics: CentralMetrics;
  manager: ManagerApiDeps;
  /** Reports and certificate admin (protocol v2); absent in tests that need neither. */
  reports?: ReportRouteDeps;
  /** Protocol v2 rewards shop: the Redemption desk (desk-routes.ts). */
  desk?: DeskRouteDeps;
}

export interface AdminAppDeps extends HealthDeps, AdminRouteDeps {
  log: CentralLogger;
  limits?: HttpLimits;
  trustedProxies?: readonly string[];
}

/** `GET /metrics` (Prometheus text, no credentials: the listener is internal) and the manager API. */
export const adminRoutes: FastifyPluginAsync<AdminRouteDeps> = async (app, { metrics, manager, reports, desk }) => {
  if (reports) app.register(reportRoutes, reports);
  app.get('/metrics', async (_request, reply) => sendText(reply, 200, metrics.registry.contentType, await metrics.registry.metrics()));
  app.register(managerApiRoutes, manager);
  if (desk) app.register(deskRoutes, desk);
};

export function buildAdminApp(deps: AdminAppDeps): FastifyInstance {
  const app = createCentralApp({ log: deps.log, limits: deps.limits ?? ADMIN_HTTP_LIMITS, ...(deps.trustedProxies ? { trustedProxies: deps.trustedProxies } : {}) });
  app.register(healthRoutes, { health: deps.health });
  app.register(adminRoutes, { metrics: deps.metrics, manager: deps.manager, ...(deps.reports ? { reports: deps.reports } : {}), ...(deps.desk ? { desk: deps.desk } : {}) });
  return app;
}
