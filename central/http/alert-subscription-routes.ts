/**
 * Alert email subscriptions on the admin listener (issue 14; protocol v2 §Alert subscriptions):
 *   GET /api/alert-subscriptions   this account's subscriptions, and the sites it may choose
 *   PUT /api/alert-subscriptions   replaces them: { subscriptions: [{ email, sites, quietHours?, immediate, digestAt? }] }
 * Scope as the reports: a city manager may subscribe to any or all sites, site staff to
 * their own sites only (another site, or "all", is a 403 that names theirs); a team leader
 * acts on no site. Without `alerts.email` (SMTP) nothing could be mailed, so a PUT is a 409.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AlertSubscriptionsRequestSchema, type AlertSubscription, type StationsFile } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { bodyOf, HttpError, sendJson } from './http-helpers.ts';
import { maySeeSite, sitesOf, type ManagerPrincipal } from './manager-scope.ts';

export interface AlertSubscriptionRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: ManagerAuthenticator;
  /** False when `alerts.email` is not configured. */
  emailConfigured: boolean;
  now?: () => Date;
}

const MAX_BODY_BYTES = 64 * 1024;

function scopeRefusal(principal: ManagerPrincipal, issues: string[]): HttpError {
  const theirs = principal.role === 'site-staff' ? principal.sites.join(', ') : '—';
  return new HttpError(403, `the account "${principal.name}" may not subscribe to these sites / 此账号无权订阅这些场地`, [...issues, `该账号的场地 / its sites: ${theirs}`]);
}

/** 403 for a site outside the account's scope, 400 for a site no station belongs to. */
function checkSites(principal: ManagerPrincipal, subscriptions: readonly AlertSubscription[], knownSites: ReadonlySet<string>): void {
  const outside: string[] = [];
  const unknown: string[] = [];
  subscriptions.forEach((s, i) => {
    if (s.sites === 'all') {
      if (principal.role !== 'city-manager') outside.push(`subscriptions.${i}.sites: 只有市级管理员可订阅全部场地 / only a city manager may subscribe to all sites`);
      return;
    }
    for (const site of s.sites) {
      if (!maySeeSite(principal, site)) outside.push(`subscriptions.${i}.sites: 无权订阅场地 ${site} / may not subscribe to site ${site}`);
      else if (!knownSites.has(site)) unknown.push(`subscriptions.${i}.sites: 没有场地 ${site} / there is no site ${site}`);
    }
  });
  if (outside.length) throw scopeRefusal(principal, outside);
  if (unknown.length) throw new HttpError(400, 'the request body is not valid', unknown);
}

export const alertSubscriptionRoutes: FastifyPluginAsync<AlertSubscriptionRouteDeps> = async (app, deps) => {
  const { store, stations, auth } = deps;
  const allSites = [...new Set(Object.values(stations).map((s) => s.siteId))].sort();
  const knownSites = new Set(allSites);
  const view = async (principal: ManagerPrincipal) => {
    const scope = sitesOf(principal);
    return {
      account: principal.name,
      emailConfigured: deps.emailConfigured,
      sites: scope === 'all' ? allSites : scope,
      mayChooseAll: scope === 'all',
      subscriptions: (await store.alertSubscriptions.listFor(principal.name)).map(({ account: _a, createdAtMs: _c, ...s }) => s),
    };
  };
  app.get('/api/alert-subscriptions', async (request, reply) => sendJson(reply, 200, await view(await auth.principal(request))));
  app.put('/api/alert-subscriptions', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    const principal = await auth.principal(request);
    const { subscriptions } = bodyOf(request, AlertSubscriptionsRequestSchema);
    checkSites(principal, subscriptions, knownSites);
    if (!deps.emailConfigured && subscriptions.length) {
      throw new HttpError(409, 'central has no SMTP server configured (alerts.email), so alert emails cannot be sent / 中心未配置邮件服务器（alerts.email），无法发送告警邮件', ['ask the operator to configure alerts.email (docs/deploy.md)']);
    }
    await store.alertSubscriptions.replaceFor(principal.name, subscriptions, (deps.now?.() ?? new Date()).getTime());
    return sendJson(reply, 200, await view(principal));
  });
};
