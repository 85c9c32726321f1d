/**
 * Who a signed-in manager account is, and what it may touch (protocol v2 `managerRoles`):
 * - `city-manager`: every site (the default for an account not listed, as in v1);
 * - `site-staff`: the reward desk, reviews and content of the listed sites only;
 * - `team-leader`: the figures of their own team only.
 * Routes ask through `requireSite` / `requireCityManager`, which answer 403 with the
 * reason; nothing else decides scope.
 */
import type { CentralConfig, LocalizedText } from '../../shared/index.ts';
import { HttpError } from './http-helpers.ts';

export type ManagerPrincipal =
  | { name: string; role: 'city-manager' }
  | { name: string; role: 'site-staff'; sites: readonly string[] }
  | { name: string; role: 'team-leader'; team: string };

export function principalOf(name: string, roles: CentralConfig['managerRoles']): ManagerPrincipal {
  const entry = Object.hasOwn(roles, name) ? roles[name] : undefined;
  if (!entry || entry.role === 'city-manager') return { name, role: 'city-manager' };
  if (entry.role === 'site-staff') return { name, role: 'site-staff', sites: entry.sites };
  return { name, role: 'team-leader', team: entry.team };
}

export function maySeeSite(principal: ManagerPrincipal, siteId: string): boolean {
  return principal.role === 'city-manager' || (principal.role === 'site-staff' && principal.sites.includes(siteId));
}

/** Throws 403 unless the account may act on this site. */
export function requireSite(principal: ManagerPrincipal, siteId: string): void {
  if (!maySeeSite(principal, siteId)) {
    const sites = principal.role === 'site-staff' ? principal.sites.join(', ') : undefined;
    throw roleRefusal(
      `the account "${principal.name}" may not act on site ${siteId}`,
      sites !== undefined
        ? { zh: `账号“${principal.name}”无权操作站点 ${siteId}（本账号的站点：${sites}）。`, en: `The account "${principal.name}" may not act on site ${siteId} (its sites: ${sites}).` }
        : { zh: `账号“${principal.name}”（${ROLE_ZH[principal.role]}）不管理任何站点。`, en: `The account "${principal.name}" (${ROLE_EN[principal.role]}) acts on no site.` },
      [sites !== undefined ? `its sites: ${sites}` : `a ${principal.role} account acts on no site`],
    );
  }
}

export function requireCityManager(principal: ManagerPrincipal): void {
  if (principal.role !== 'city-manager') {
    throw roleRefusal(`the account "${principal.name}" is ${principal.role}; this needs a city manager`, {
      zh: `账号“${principal.name}”是${ROLE_ZH[principal.role]}，此操作需要市级管理员。`,
      en: `The account "${principal.name}" is ${ROLE_EN[principal.role]}; this needs a city manager.`,
    });
  }
}

const ROLE_ZH: Record<ManagerPrincipal['role'], string> = { 'city-manager': '市级管理员', 'site-staff': '站点工作人员', 'team-leader': '团队负责人' };
const ROLE_EN: Record<ManagerPrincipal['role'], string> = { 'city-manager': 'a city manager', 'site-staff': 'site staff', 'team-leader': 'a team leader' };

/**
 * A 403 for what this account's role may not do: `error` in English for logs and scripts,
 * and `message` in both languages for the console (central-app.ts sends both).
 */
export function roleRefusal(error: string, localized: LocalizedText, issues: readonly string[] = []): HttpError {
  return new HttpError(403, error, issues, {}, localized);
}

/** The sites an account may see, or 'all'. */
export function sitesOf(principal: ManagerPrincipal): readonly string[] | 'all' {
  if (principal.role === 'city-manager') return 'all';
  return principal.role === 'site-staff' ? principal.sites : [];
}
