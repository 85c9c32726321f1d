import { describe, expect, it } from 'vitest';
import { principalOf, requireCityManager, requireSite, sitesOf } from '../../../central/http/manager-scope.ts';
import { CentralConfigSchema, validate } from '../../../shared/index.ts';

const base = { broker: { url: 'mqtt://127.0.0.1:1883', username: 'central-1', password: 'x' }, dataDir: 'var', http: { host: '127.0.0.1', port: 0 }, stationsFile: 'stations.json' };

describe('manager roles (protocol v2)', () => {
  const roles = { desk01: { role: 'site-staff' as const, sites: ['SITE-01'] }, lead: { role: 'team-leader' as const, team: 'T-1' } };

  it('an account not listed is a city manager, as in v1', () => {
    expect(principalOf('alice', roles)).toEqual({ name: 'alice', role: 'city-manager' });
    expect(sitesOf(principalOf('alice', roles))).toBe('all');
  });

  it('site staff act on their own sites only, with a 403 that says which sites are theirs', () => {
    const desk = principalOf('desk01', roles);
    expect(() => requireSite(desk, 'SITE-01')).not.toThrow();
    expect(() => requireSite(desk, 'SITE-02')).toThrow(expect.objectContaining({ status: 403, message: 'the account "desk01" may not act on site SITE-02' }));
    expect(() => requireCityManager(desk)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('a team leader acts on no site', () => {
    const lead = principalOf('lead', roles);
    expect(lead).toEqual({ name: 'lead', role: 'team-leader', team: 'T-1' });
    expect(() => requireSite(lead, 'SITE-01')).toThrow(expect.objectContaining({ status: 403 }));
    expect(sitesOf(lead)).toEqual([]);
  });

  it('the config refuses a role it does not know and site staff without a site, naming the field', () => {
    const bad = validate(CentralConfigSchema, { ...base, managerRoles: { a: { role: 'owner' }, b: { role: 'site-staff', sites: [] } } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.join('\n')).toMatch(/managerRoles\.a\.role/);
    expect(bad.issues.join('\n')).toMatch(/managerRoles\.b\.sites: must name at least one site/);
  });
});
