import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCentralConfig } from '../../central/config.ts';
import { ConfigFileError } from '../../shared/index.ts';

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

function files(config: unknown, stations: unknown = { 'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '一号站', en: 'Station 1' } } }) {
  const dir = mkdtempSync(join(tmpdir(), 'central-config-'));
  writeFileSync(join(dir, 'central.json'), typeof config === 'string' ? config : JSON.stringify(config));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify(stations));
  return { dir, file: join(dir, 'central.json') };
}

function issuesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigFileError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigFileError');
}

const good = { broker: { url: 'mqtt://127.0.0.1:1883' }, dataDir: 'data', http: { port: 8090 }, stationsFile: 'stations.json' };

describe('central config', () => {
  it('applies defaults and resolves paths against the config file', () => {
    const { dir, file } = files(good);
    const loaded = loadCentralConfig(file, {});
    expect(loaded.dataDir).toBe(join(dir, 'data'));
    expect(loaded.stationsFile).toBe(join(dir, 'stations.json'));
    expect(loaded.config).toMatchObject({ topicRoot: 'vs/v1', sharedSubscription: true, http: { host: '127.0.0.1', port: 8090 } });
    expect(loaded.config.timeBank).toEqual({ minSessionMinutes: 2, pointsPerHour: 2, dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', pointsRounding: 'down', maxCheckInAgeHours: 6 });
    expect(Object.keys(loaded.stations)).toEqual(['ST-0001']);
  });

  it('takes VS_CENTRAL_* environment overrides, typed by the schema', () => {
    const { file } = files(good);
    const loaded = loadCentralConfig(file, { VS_CENTRAL_HTTP_PORT: '0', VS_CENTRAL_SHARED_SUBSCRIPTION: 'false', VS_CENTRAL_TIME_BANK_POINTS_PER_HOUR: '3' });
    expect(loaded.config.http.port).toBe(0);
    expect(loaded.config.sharedSubscription).toBe(false);
    expect(loaded.config.timeBank.pointsPerHour).toBe(3);
    expect(issuesOf(() => loadCentralConfig(file, { VS_CENTRAL_HTTP_PORT: 'eighty' }))).toEqual([expect.stringMatching(/^http\.port: /)]);
  });

  it('lists every problem by path, the stations file included', () => {
    const { file } = files(
      { ...good, broker: { url: 'http://x' }, topicRoot: '/bad/#', timeBank: { timeZone: 'Mars/Base', dailyCutoff: '25:00', maxCheckInAgeHours: 0 }, extra: true },
      { 'ST 1': { siteId: 'SITE-01', secret: 'short', name: { zh: '', en: 'x' } } },
    );
    const issues = issuesOf(() => loadCentralConfig(file, {}));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^broker\.url: must be an mqtt:/),
        expect.stringMatching(/^topicRoot: /),
        'timeBank.dailyCutoff: must be HH:MM',
        'timeBank.maxCheckInAgeHours: must be more than 0',
        'extra: Invalid key: Expected never but received "extra"',
        'timeBank.timeZone: "Mars/Base" is not an IANA time zone, e.g. Asia/Shanghai',
        expect.stringMatching(/^stationsFile: in .*stations\.json, ST 1: /),
      ]),
    );
  });

  it('store: SQLite in dataDir by default; PostgreSQL from store.url or VS_CENTRAL_STORE_URL', () => {
    const { dir, file } = files(good);
    expect(loadCentralConfig(file, {}).store).toEqual({ kind: 'sqlite', dataDir: join(dir, 'data') });
    const url = 'postgres://central:pw@db.example.org:5432/volunteers';
    expect(loadCentralConfig(files({ ...good, store: { kind: 'postgres', url } }).file, {}).store).toEqual({ kind: 'postgres', url });
    // The URL alone, from the environment, moves a default (SQLite) config to PostgreSQL.
    expect(loadCentralConfig(file, { VS_CENTRAL_STORE_URL: url }).store).toEqual({ kind: 'postgres', url });
    expect(loadCentralConfig(files({ ...good, store: { kind: 'sqlite' } }).file, {}).store.kind).toBe('sqlite');
  });

  it('trustedProxies: none by default; addresses and CIDR ranges; anything else named by its index', () => {
    expect(loadCentralConfig(files(good).file, {}).config.trustedProxies).toEqual([]);
    expect(loadCentralConfig(files({ ...good, trustedProxies: ['10.0.0.0/24', '192.0.2.7', '::1'] }).file, {}).config.trustedProxies).toEqual(['10.0.0.0/24', '192.0.2.7', '::1']);
    expect(issuesOf(() => loadCentralConfig(files({ ...good, trustedProxies: ['10.0.0.0/24', 'lb.example.org'] }).file, {}))).toEqual([
      'trustedProxies.1: must be an IP address or a CIDR range such as 10.0.0.0/24',
    ]);
  });

  it('alerts: a 120 s threshold and no webhooks by default; bad webhooks and emails named by path', () => {
    expect(loadCentralConfig(files(good).file, {}).config.alerts).toEqual({ offlineAfterSeconds: 120, holdSeconds: {}, clockSkewSeconds: 2, webhooks: [] });
    const alerts = { offlineAfterSeconds: 30, holdSeconds: {}, clockSkewSeconds: 2, webhooks: [{ url: 'https://ops.example.org/hook', sites: ['SITE-01'] }, { url: 'http://10.0.0.5/hook' }] };
    expect(loadCentralConfig(files({ ...good, alerts }).file, {}).config.alerts).toEqual(alerts);
    expect(
      issuesOf(() =>
        loadCentralConfig(files({ ...good, alerts: { offlineAfterSeconds: 0, webhooks: [{ url: 'ops.example.org/hook' }, { url: 'https://x.example.org', sites: [] }], email: { smtp: { host: 'smtp.example.org' }, from: 'ops', to: [] } } }).file, {}),
      ),
    ).toEqual([
      expect.stringMatching(/^alerts\.offlineAfterSeconds: must be at least 1/),
      expect.stringMatching(/^alerts\.webhooks\.0\.url: must be an http:\/\/ or https:\/\/ URL/),
      expect.stringMatching(/^alerts\.webhooks\.1\.sites: must name at least one site/),
      expect.stringMatching(/^alerts\.email\.from: must be an email address/),
      expect.stringMatching(/^alerts\.email\.to: must name at least one recipient/),
    ]);
  });

  it('alerts.holdSeconds: per alert, by its webhook name; an unknown name is refused with the list of names', () => {
    const alerts = { holdSeconds: { 'seq-gap': 900, 'storage-low': 0 }, clockSkewSeconds: 5 };
    expect(loadCentralConfig(files({ ...good, alerts }).file, {}).config.alerts).toMatchObject(alerts);
    expect(
      issuesOf(() => loadCentralConfig(files({ ...good, alerts: { holdSeconds: { 'station-ofline': 60, 'seq-gap': -1, 'clock-skew': 1.5 }, clockSkewSeconds: 0 } }).file, {})),
    ).toEqual([
      'alerts.holdSeconds.station-ofline: is not an alert name; the alerts are station-offline, kiosk-offline, reader-disconnected, outbox-stale, version-behind, clock-skew, screen-frozen, screen-blank, storage-low, seq-gap',
      expect.stringMatching(/^alerts\.holdSeconds\.seq-gap: must be 0 \(at once\) or more seconds/),
      expect.stringMatching(/^alerts\.holdSeconds\.clock-skew: must be a whole number of seconds/),
      expect.stringMatching(/^alerts\.clockSkewSeconds: must be at least 0\.1/),
    ]);
  });

  it('store: bad values name the field and say what to write', () => {
    expect(issuesOf(() => loadCentralConfig(files({ ...good, store: { kind: 'postgres' } }).file, {}))).toEqual([
      'store.url: is required for store.kind "postgres": postgres://USER:PASS@HOST:PORT/DB (or set VS_CENTRAL_STORE_URL)',
    ]);
    expect(issuesOf(() => loadCentralConfig(files({ ...good, store: { kind: 'mysql' } }).file, {}))).toEqual([expect.stringMatching(/^store\.kind: must be "sqlite" or "postgres"/)]);
    expect(issuesOf(() => loadCentralConfig(files({ ...good, store: { kind: 'sqlite', url: 'postgres://h/db' } }).file, {}))).toEqual([
      'store.url: is for store.kind "postgres" only; remove it, or set store.kind to "postgres"',
    ]);
    const { file } = files(good);
    expect(issuesOf(() => loadCentralConfig(file, { VS_CENTRAL_STORE_URL: 'mysql://h/db' }))).toEqual([
      expect.stringMatching(/^store\.url: must be a PostgreSQL URL: postgres:\/\/USER:PASS@HOST:PORT\/DB.*\(set by VS_CENTRAL_STORE_URL\)$/),
    ]);
  });

  it('reports a missing file and bad JSON clearly', () => {
    expect(issuesOf(() => loadCentralConfig('/nonexistent/central.json', {}))).toEqual([expect.stringContaining('cannot read /nonexistent/central.json (ENOENT)')]);
    const { file } = files('{ nope');
    expect(issuesOf(() => loadCentralConfig(file, {}))).toEqual([expect.stringContaining('is not valid JSON')]);
  });
});
