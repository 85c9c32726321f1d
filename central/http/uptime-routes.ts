/**
 * Uptime history on the admin listener (issue 14; protocol v2 §Uptime history):
 *   GET /api/uptime[?site=]       per site and per device: availability over 7 and 30 days, and the last 24 h as segments
 *   GET /api/uptime.csv[?site=]   the same figures as CSV
 * Scope as the reports: a city manager sees every site, site staff their own sites (another
 * site is a 403 that names theirs); a team leader acts on no site, so a 403 too.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, type StationsFile } from '../../shared/index.ts';
import { LONGEST_WINDOW_MS, uptimeDevicesOf, uptimeReport } from '../stations/uptime-report.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { queryOf, sendJson, sendText } from './http-helpers.ts';
import { requireSite, sitesOf, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';
import { uptimeCsv } from './report-csv.ts';

export interface UptimeRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: ManagerAuthenticator;
  now?: () => Date;
}

const UptimeQuerySchema = v.strictObject({ site: v.optional(IdSchema) });

/** The sites asked for, or all this account may see; refuses a site outside its scope. */
function sitesAsked(principal: ManagerPrincipal, site: string | undefined): readonly string[] | 'all' {
  if (site !== undefined) {
    requireSite(principal, site);
    return [site];
  }
  if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is team-leader, which acts on no site; uptime is for city managers and site staff`, { zh: `账号“${principal.name}”是团队负责人，不管理任何站点：在线率仅供市级管理员和站点工作人员查看。`, en: `The account "${principal.name}" is a team leader and acts on no site; uptime is for city managers and site staff.` });
  return sitesOf(principal);
}

export const uptimeRoutes: FastifyPluginAsync<UptimeRouteDeps> = async (app, deps) => {
  const { store, stations, auth } = deps;
  const figuresFor = async (request: FastifyRequest) => {
    const principal = await auth.principal(request);
    const { site } = queryOf(request, UptimeQuerySchema);
    const sites = sitesAsked(principal, site);
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const transitions = await store.uptime.transitionsFor({ fromMs: nowMs - LONGEST_WINDOW_MS, toMs: nowMs, ...(sites === 'all' ? {} : { siteIds: sites }) });
    return { at: new Date(nowMs).toISOString(), sites: uptimeReport(uptimeDevicesOf(stations, sites), transitions, nowMs) };
  };
  app.get('/api/uptime', async (request, reply) => sendJson(reply, 200, await figuresFor(request)));
  app.get('/api/uptime.csv', async (request, reply) => {
    const { at, sites } = await figuresFor(request);
    return sendText(reply, 200, 'text/csv; charset=utf-8', uptimeCsv(sites), { 'content-disposition': `attachment; filename="uptime-${at.slice(0, 10)}.csv"` });
  });
};
