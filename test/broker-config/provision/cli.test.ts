/** The provisioning CLI as an operator uses it: files, modes, schemas, idempotence, secrecy, errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema, CentralConfigSchema, deriveKioskKey, KioskConfigSchema, StationsFileSchema, validate } from '../../../shared/index.ts';
import { parsePasswdFile, verifyMosquittoPassword } from '../../../broker-config/provision/passwd.ts';
import { provisionOk, readJson, runProvision, tempDir } from '../../helpers/broker-harness.ts';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The bridge's `topic` lines of a rendered edge config (its comments mention examples). */
function bridgeTopics(file: string): string {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('topic '))
    .join('\n');
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(allFiles(dir).map((file) => [file, readFileSync(file, 'utf8')]));
}

/** [station password, kiosk password, kiosk key, station secret] of ST-0001. */
function secretsIn(out: string): string[] {
  const agent = readJson<{ broker: { password: string } }>(join(out, 'stations/ST-0001/agent.json'));
  const kiosk = readJson<{ broker: { password: string }; checkin: { kioskKey: string } }>(join(out, 'stations/ST-0001/kiosk-config.json'));
  const stations = readJson<Record<string, { secret: string }>>(join(out, 'central/stations.json'));
  return [agent.broker.password, kiosk.broker.password, kiosk.checkin.kioskKey, stations['ST-0001']!.secret];
}

const passwdOf = (out: string, broker: string) => parsePasswdFile(readFileSync(join(out, 'broker', broker, 'passwd'), 'utf8'));
const aclOf = (out: string, broker: string) => readFileSync(join(out, 'broker', broker, 'acl'), 'utf8');

describe('provision station', () => {
  it('writes agent.json, kiosk-config.json and stations.json that the shared schemas accept', async () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out, '--name-zh', '东门签到站', '--name-en', 'East Gate');
    const agent = validate(AgentConfigSchema, readJson(join(out, 'stations/ST-0001/agent.json')));
    const kiosk = validate(KioskConfigSchema, readJson(join(out, 'stations/ST-0001/kiosk-config.json')));
    const stations = validate(StationsFileSchema, readJson(join(out, 'central/stations.json')));
    expect(agent.ok && kiosk.ok && stations.ok).toBe(true);
    if (!agent.ok || !kiosk.ok || !stations.ok) return;
    expect(agent.value).toMatchObject({ stationId: 'ST-0001', siteId: 'SITE-01', topicRoot: 'vs/v1', broker: { username: 'ST-0001' } });
    expect(kiosk.value).toMatchObject({ kioskId: 'K-0001', stationId: 'ST-0001', siteId: 'SITE-01', broker: { username: 'K-0001' } });
    const entry = stations.value['ST-0001']!;
    expect(entry).toMatchObject({ siteId: 'SITE-01', name: { zh: '东门签到站', en: 'East Gate' } });
    expect(Buffer.from(entry.secret, 'base64url')).toHaveLength(32);
    // The kiosk holds its own key (protocol v2), the one shared/ derives, and never the station secret.
    expect(kiosk.value.checkin.secret).toBeUndefined();
    expect(kiosk.value.checkin.kioskKey).toBe(await deriveKioskKey(entry.secret, 'K-0001'));
    // A new station never had a v1 kiosk, so its v1 window is already closed.
    expect(Date.parse(entry.acceptV1TokensUntil!)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(entry.acceptV1TokensUntil!)).toBeGreaterThan(Date.now() - 60_000);
    expect(agent.value.broker.password).not.toBe(kiosk.value.broker.password);
  });

  it('puts both accounts in their site\'s edge passwd file, hashed, and ACL, and not on the central broker', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'KIOSK-EAST', '--out', out);
    const [stationPassword, kioskPassword] = secretsIn(out);
    const users = passwdOf(out, 'edge/SITE-01');
    expect(verifyMosquittoPassword(stationPassword!, users.get('ST-0001')!)).toBe(true);
    expect(verifyMosquittoPassword(kioskPassword!, users.get('KIOSK-EAST')!)).toBe(true);
    const acl = aclOf(out, 'edge/SITE-01');
    expect(acl).toContain('user ST-0001\ntopic write vs/v1/stations/ST-0001/checkins');
    expect(acl).toContain('user KIOSK-EAST\ntopic read vs/v1/stations/ST-0001/taps');
    expect(acl).not.toMatch(/^pattern /m);
    expect([...passwdOf(out, 'central').keys()]).toEqual([]);
    expect(aclOf(out, 'central')).not.toMatch(/ST-0001|KIOSK-EAST/);
  });

  it('gives each site\'s edge broker only that site\'s stations and kiosks, and the central tier none', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-02', '--out', out);
    provisionOk('central', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    expect([...passwdOf(out, 'edge/SITE-01').keys()].sort()).toEqual(['K-0001', 'ST-0001']);
    expect([...passwdOf(out, 'edge/SITE-02').keys()].sort()).toEqual(['K-0002', 'ST-0002']);
    expect(aclOf(out, 'edge/SITE-01')).not.toContain('ST-0002');
    expect([...passwdOf(out, 'central').keys()].sort()).toEqual(['alice', 'bridge-SITE-01', 'central-1', 'central-content']);
    const rabbit = readJson<{ users: { name: string }[] }>(join(out, 'broker/central/rabbitmq-definitions.json'));
    expect(rabbit.users.map((u) => u.name).sort()).toEqual(['alice', 'bridge-SITE-01', 'central-1', 'central-content']);
    // Removing a site's last station removes its edge files.
    provisionOk('revoke', 'ST-0002', '--out', out);
    expect(existsSync(join(out, 'broker/edge/SITE-02'))).toBe(false);
  });

  it('writes every file with mode 0600 and every directory with 0700', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('central', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    for (const file of allFiles(out)) expect([file, (statSync(file).mode & 0o777).toString(8)]).toEqual([file, '600']);
    for (const dir of ['broker', 'broker/central', 'broker/edge', 'broker/edge/SITE-01', 'central', 'stations', 'stations/ST-0001', 'managers', 'sites/SITE-01']) {
      expect((statSync(join(out, dir)).mode & 0o777).toString(8)).toBe('700');
    }
  });

  it('is idempotent: a second identical run changes no byte and keeps every secret', () => {
    const out = tempDir('prov-');
    const args = ['station', 'ST-0001', '--site', 'SITE-01', '--out', out];
    provisionOk(...args);
    provisionOk('bridge', 'SITE-01', '--out', out);
    const before = snapshot(out);
    const second = provisionOk(...args);
    expect(snapshot(out)).toEqual(before);
    expect(second).not.toMatch(/created|updated/);
  });

  it('keeps secrets and operator edits when re-run with a changed option', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out, '--reader', 'simulated');
    const secrets = secretsIn(out);
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out, '--broker-url', 'mqtt://10.0.0.5:1883');
    expect(secretsIn(out)).toEqual(secrets);
    const agent = readJson<{ broker: { url: string }; reader: { driver: string } }>(join(out, 'stations/ST-0001/agent.json'));
    expect(agent.broker.url).toBe('mqtt://10.0.0.5:1883');
    expect(agent.reader.driver).toBe('simulated');
  });

  it('never prints a secret', () => {
    const out = tempDir('prov-');
    const outputs = [provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out)];
    outputs.push(provisionOk('rotate-secret', 'ST-0001', '--broker-passwords', '--out', out));
    outputs.push(provisionOk('central', '--out', out), provisionOk('manager', 'alice', '--out', out), provisionOk('bridge', 'SITE-01', '--out', out));
    outputs.push(provisionOk('revoke-kiosk', 'K-0001', '--out', out), provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K-0001-B', '--out', out));
    const all = outputs.join('\n');
    for (const secret of secretsIn(out)) expect(all).not.toContain(secret);
    expect(all).not.toContain(readJson<{ password: string }>(join(out, 'managers/alice.json')).password);
    expect(all).not.toContain(readJson<{ broker: { password: string } }>(join(out, 'central/central-1.json')).broker.password);
    expect(all).not.toContain(readJson<{ broker: { password: string } }>(join(out, 'central/content-publisher.json')).broker.password);
    expect(all).not.toMatch(/\$7\$/);
  });

  it.each([['ST+1'], ['ST#1'], ['ST/1'], ['ST 1'], [''], ['x'.repeat(65)], ['Ünicode']])('refuses the station id %j with a clear error and writes nothing', (badId) => {
    const out = tempDir('prov-');
    const { code, output } = runProvision('station', badId, '--site', 'SITE-01', '--out', out);
    expect(code).not.toBe(0);
    expect(output).toMatch(badId === '' ? /needs an id|not valid/ : /stationId .* is not valid: it must be 1 to 64 characters/);
    expect(allFiles(out)).toEqual([]);
  });

  it('refuses a bad site id, kiosk id or manager name, and a kiosk id equal to another account', () => {
    const out = tempDir('prov-');
    expect(runProvision('station', 'ST-0001', '--site', 'SITE/01', '--out', out).output).toMatch(/siteId "SITE\/01" is not valid/);
    expect(runProvision('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K+1', '--out', out).output).toMatch(/kioskId "K\+1" is not valid/);
    expect(runProvision('manager', 'a#b', '--out', out).output).toMatch(/manager name "a#b" is not valid/);
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const clash = runProvision('station', 'ST-0002', '--site', 'SITE-01', '--kiosk', 'ST-0001', '--out', out);
    expect(clash.code).toBe(1);
    expect(clash.output).toMatch(/"ST-0001" is already a station account/);
    expect(runProvision('manager', 'K-0001', '--out', out).output).toMatch(/already a kiosk account/);
  });

  it('lists every problem of a bad option by path and leaves the directory as it was', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const before = snapshot(out);
    const { code, output } = runProvision('station', 'ST-0001', '--site', 'SITE-01', '--checkin-base-url', 'ftp://x', '--reader', 'floppy', '--out', out);
    expect(code).toBe(1);
    expect(output).toMatch(/reader\.driver: must be one of/);
    expect(snapshot(out)).toEqual(before);
    const kioskOnly = runProvision('station', 'ST-0001', '--site', 'SITE-01', '--checkin-base-url', 'ftp://x', '--out', out);
    expect(kioskOnly.output).toMatch(/checkin\.baseUrl: must be an http\(s\) URL/);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('provision rotate-secret, revoke, central, manager, bridge', () => {
  it('rotate-secret gives central a new secret and the kiosk the key derived from it, and keeps broker passwords unless asked', async () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const [stationPw, kioskPw, kioskKey, secret] = secretsIn(out);
    provisionOk('rotate-secret', 'ST-0001', '--out', out);
    const [stationPw2, kioskPw2, kioskKey2, secret2] = secretsIn(out);
    expect(secret2).not.toBe(secret);
    expect(kioskKey2).not.toBe(kioskKey);
    expect(kioskKey2).toBe(await deriveKioskKey(secret2!, 'K-0001'));
    expect([stationPw2, kioskPw2]).toEqual([stationPw, kioskPw]);
    provisionOk('rotate-secret', 'ST-0001', '--broker-passwords', '--out', out);
    const [stationPw3, kioskPw3] = secretsIn(out);
    expect(stationPw3).not.toBe(stationPw);
    expect(kioskPw3).not.toBe(kioskPw);
    const users = passwdOf(out, 'edge/SITE-01');
    expect(verifyMosquittoPassword(stationPw3!, users.get('ST-0001')!)).toBe(true);
    expect(runProvision('rotate-secret', 'ST-0404', '--out', out).output).toMatch(/ST-0404 is not provisioned/);
  });

  it('revoke removes both accounts, the stations entry and the files with secrets; twice is harmless', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    provisionOk('revoke', 'ST-0001', '--out', out);
    expect([...passwdOf(out, 'edge/SITE-01').keys()].sort()).toEqual(['K-0002', 'ST-0002']);
    expect([...passwdOf(out, 'central').keys()].sort()).toEqual(['bridge-SITE-01']);
    expect(aclOf(out, 'edge/SITE-01')).not.toContain('ST-0001');
    expect(aclOf(out, 'central')).not.toContain('ST-0001');
    expect(bridgeTopics(join(out, 'sites/SITE-01/edge.conf'))).not.toContain('ST-0001');
    expect(Object.keys(readJson(join(out, 'central/stations.json')))).toEqual(['ST-0002']);
    expect(existsSync(join(out, 'stations/ST-0001'))).toBe(false);
    expect(runProvision('revoke', 'ST-0001', '--out', out)).toMatchObject({ code: 0, output: expect.stringMatching(/nothing to revoke/) });
  });

  it('central writes a config the central schema accepts, next to stations.json', () => {
    const out = tempDir('prov-');
    provisionOk('central', '--out', out, '--broker-url', 'mqtts://central.example.org:8883');
    const config = validate(CentralConfigSchema, readJson(join(out, 'central/central-1.json')));
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.value.broker).toMatchObject({ url: 'mqtts://central.example.org:8883', username: 'central-1' });
    expect(config.value.stationsFile).toBe('stations.json');
    expect(readJson(join(out, 'central/stations.json'))).toEqual({});
    expect(aclOf(out, 'central')).toContain('user central-1\ntopic read vs/v1/stations/+/checkins\ntopic read $share/central/vs/v1/stations/+/checkins');
    // Content goes out under an account of its own, which may do nothing else.
    const publisher = validate(CentralConfigSchema, readJson(join(out, 'central/content-publisher.json')));
    expect(publisher.ok && publisher.value.broker.username).toBe('central-content');
    expect(aclOf(out, 'central')).toContain('user central-content\ntopic write vs/v1/sites/+/activities\ntopic write vs/v1/directory/stations\n');
  });

  it('central --replicas N gives each replica its own account and config, starting from replica 1\'s settings', () => {
    const out = tempDir('prov-');
    provisionOk('central', '--out', out);
    const first = join(out, 'central/central-1.json');
    writeFileSync(first, JSON.stringify({ ...readJson(first), timeBank: { pointsPerHour: 3 } }));
    provisionOk('central', '--replicas', '3', '--out', out);
    const configs = [1, 2, 3].map((n) => readJson<{ broker: { username: string; password: string }; timeBank?: unknown }>(join(out, `central/central-${n}.json`)));
    expect(configs.map((c) => c.broker.username)).toEqual(['central-1', 'central-2', 'central-3']);
    expect(new Set(configs.map((c) => c.broker.password)).size).toBe(3);
    expect(configs.map((c) => c.timeBank)).toEqual([{ pointsPerHour: 3 }, { pointsPerHour: 3 }, { pointsPerHour: 3 }]);
    const users = passwdOf(out, 'central');
    configs.forEach((c) => expect(verifyMosquittoPassword(c.broker.password, users.get(c.broker.username)!)).toBe(true));
    // A re-run without --replicas keeps three; --replicas 2 retires the third.
    provisionOk('central', '--out', out);
    expect(existsSync(join(out, 'central/central-3.json'))).toBe(true);
    provisionOk('central', '--replicas', '2', '--out', out);
    expect(existsSync(join(out, 'central/central-3.json'))).toBe(false);
    expect(passwdOf(out, 'central').has('central-3')).toBe(false);
    expect(runProvision('central', '--replicas', 'two', '--out', out)).toMatchObject({ code: 2, output: expect.stringMatching(/--replicas must be a whole number/) });
    expect(runProvision('central', '--replicas', '0', '--out', out)).toMatchObject({ code: 1, output: expect.stringMatching(/--replicas must be a whole number from 1 to 32/) });
  });

  it('migrates a directory of the city-wide files and the shared central account', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    // What an older run left: one passwd and ACL for both tiers, one `central` account in central/central.json.
    const registryFile = join(out, 'broker/users.json');
    const registry = readJson<{ users: Record<string, unknown> }>(registryFile);
    registry.users.central = { role: 'central' };
    writeFileSync(registryFile, JSON.stringify(registry));
    writeFileSync(join(out, 'central/central.json'), JSON.stringify({ broker: { url: 'mqtt://127.0.0.1:1883', username: 'central', password: 'old-password' }, dataDir: '/srv/central', http: { host: '127.0.0.1', port: 8090 }, stationsFile: 'stations.json' }));
    for (const legacy of ['passwd', 'acl', 'rabbitmq-definitions.json']) writeFileSync(join(out, 'broker', legacy), legacy === 'passwd' ? 'central:$7$101$x$y\n' : '{}');
    const output = provisionOk('central', '--out', out);
    expect(output).toMatch(/note: central\/central\.json .* became central\/central-1\.json/);
    expect(readJson<{ dataDir: string; broker: { username: string } }>(join(out, 'central/central-1.json'))).toMatchObject({ dataDir: '/srv/central', broker: { username: 'central-1' } });
    for (const gone of ['central/central.json', 'broker/passwd', 'broker/acl', 'broker/rabbitmq-definitions.json']) expect(existsSync(join(out, gone))).toBe(false);
    expect(passwdOf(out, 'central').has('central')).toBe(false);
  });

  it('bridge renders the site edge config with that site\'s stations only', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0009', '--site', 'SITE-02', '--out', out);
    provisionOk('bridge', 'SITE-01', '--central-address', 'central.city.example:8883', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
    const conf = readFileSync(join(out, 'sites/SITE-01/edge.conf'), 'utf8');
    expect(conf).toContain('address central.city.example:8883');
    expect(conf).toContain('remote_clientid bridge-SITE-01');
    expect(conf).toContain('topic vs/v1/stations/ST-0002/checkins out 1');
    expect(conf).toContain('topic vs/v1/sites/SITE-01/activities in 1');
    const topics = bridgeTopics(join(out, 'sites/SITE-01/edge.conf'));
    expect(topics).not.toContain('ST-0009');
    expect(topics).not.toMatch(/taps/);
    expect(conf).not.toContain('CHANGE-ME');
    expect(conf).toContain('\nlistener 9001 127.0.0.1\nprotocol websockets\nsocket_domain ipv4\nuse_username_as_clientid true\n');
    expect(conf).toContain('\nlistener 1883 127.0.0.1\nprotocol mqtt\nuse_username_as_clientid true\n');
  });

  it('bridge --kiosk-listener tls opens the kiosk WebSocket listener on every interface with TLS, and keeps it', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('bridge', 'SITE-01', '--kiosk-listener', 'tls', '--out', out);
    const tlsListener = '\nlistener 9001\nprotocol websockets\ncertfile /etc/mosquitto/vs/certs/edge.crt\nkeyfile /etc/mosquitto/vs/certs/edge.key\nuse_username_as_clientid true\n';
    expect(readFileSync(join(out, 'sites/SITE-01/edge.conf'), 'utf8')).toContain(tlsListener);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    expect(readFileSync(join(out, 'sites/SITE-01/edge.conf'), 'utf8')).toContain(tlsListener);
    provisionOk('bridge', 'SITE-01', '--kiosk-listener', 'loopback', '--out', out);
    expect(readFileSync(join(out, 'sites/SITE-01/edge.conf'), 'utf8')).toContain('\nlistener 9001 127.0.0.1\nprotocol websockets\nsocket_domain ipv4\nuse_username_as_clientid true\n');
    expect(runProvision('bridge', 'SITE-01', '--kiosk-listener', 'public', '--out', out).output).toMatch(/--kiosk-listener "public" must be "loopback" .* or "tls"/);
  });

  it('uses another topic root when a new directory is made with --topic-root', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--topic-root', 'city/vs1', '--out', out);
    expect(readJson<{ topicRoot: string }>(join(out, 'stations/ST-0001/agent.json')).topicRoot).toBe('city/vs1');
    expect(aclOf(out, 'edge/SITE-01')).toContain('topic write city/vs1/stations/ST-0001/checkins');
    expect(runProvision('station', 'ST-0002', '--site', 'S', '--topic-root', 'city/vs1', '--out', out).code).toBe(0);
    expect(runProvision('station', 'ST-0002', '--site', 'S', '--topic-root', 'vs/v1', '--out', out).output).toMatch(/uses topic root "city\/vs1"; it cannot change/);
    expect(runProvision('station', 'ST-0003', '--site', 'S', '--topic-root', 'bad/+', '--out', tempDir('prov-')).output).toMatch(/topic root "bad\/\+" is not valid/);
  });

  it('answers usage errors with the help text and a non-zero exit', () => {
    expect(runProvision('--help')).toMatchObject({ code: 0, output: expect.stringMatching(/^Usage: npm run provision/) });
    expect(runProvision('station', 'ST-0001', '--site', 'S')).toMatchObject({ code: 2, output: expect.stringMatching(/--out is required/) });
    expect(runProvision('launch', 'x', '--out', '/tmp')).toMatchObject({ code: 2, output: expect.stringMatching(/unknown command "launch"/) });
    expect(runProvision('station', '--bogus')).toMatchObject({ code: 2 });
  });

  it('runs as `npm run provision`, printing to stdout on success and to stderr on failure', () => {
    const out = tempDir('prov-');
    const ok = execFileSync('npm', ['run', '--silent', 'provision', '--', 'station', 'ST-0001', '--site', 'SITE-01', '--out', out], { encoding: 'utf8' });
    expect(ok).toMatch(/station ST-0001 provisioned/);
    const bad = spawnSync('npm', ['run', '--silent', 'provision', '--', 'station', 'ST#1', '--site', 'SITE-01', '--out', out], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/stationId "ST#1" is not valid/);
  });
});
