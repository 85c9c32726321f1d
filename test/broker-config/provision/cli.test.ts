/** The provisioning CLI as an operator uses it: files, modes, schemas, idempotence, secrecy, errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema, CentralConfigSchema, KioskConfigSchema, StationsFileSchema, validate } from '../../../shared/index.ts';
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

function secretsIn(out: string): string[] {
  const agent = readJson<{ broker: { password: string } }>(join(out, 'stations/ST-0001/agent.json'));
  const kiosk = readJson<{ broker: { password: string }; checkin: { secret: string } }>(join(out, 'stations/ST-0001/kiosk-config.json'));
  return [agent.broker.password, kiosk.broker.password, kiosk.checkin.secret];
}

describe('provision station', () => {
  it('writes agent.json, kiosk-config.json and stations.json that the shared schemas accept', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out, '--name-zh', '东门签到站', '--name-en', 'East Gate');
    const agent = validate(AgentConfigSchema, readJson(join(out, 'stations/ST-0001/agent.json')));
    const kiosk = validate(KioskConfigSchema, readJson(join(out, 'stations/ST-0001/kiosk-config.json')));
    const stations = validate(StationsFileSchema, readJson(join(out, 'central/stations.json')));
    expect(agent.ok && kiosk.ok && stations.ok).toBe(true);
    if (!agent.ok || !kiosk.ok || !stations.ok) return;
    expect(agent.value).toMatchObject({ stationId: 'ST-0001', siteId: 'SITE-01', topicRoot: 'vs/v1', broker: { username: 'ST-0001' } });
    expect(kiosk.value).toMatchObject({ kioskId: 'K-0001', stationId: 'ST-0001', siteId: 'SITE-01', broker: { username: 'K-0001' } });
    expect(Buffer.from(kiosk.value.checkin.secret!, 'base64url')).toHaveLength(32);
    expect(stations.value['ST-0001']).toEqual({ siteId: 'SITE-01', secret: kiosk.value.checkin.secret, name: { zh: '东门签到站', en: 'East Gate' } });
    expect(agent.value.broker.password).not.toBe(kiosk.value.broker.password);
  });

  it('puts both accounts in the passwd file, hashed, and into the ACL', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'KIOSK-EAST', '--out', out);
    const [stationPassword, kioskPassword] = secretsIn(out);
    const users = parsePasswdFile(readFileSync(join(out, 'broker/passwd'), 'utf8'));
    expect(verifyMosquittoPassword(stationPassword!, users.get('ST-0001')!)).toBe(true);
    expect(verifyMosquittoPassword(kioskPassword!, users.get('KIOSK-EAST')!)).toBe(true);
    const acl = readFileSync(join(out, 'broker/acl'), 'utf8');
    expect(acl).toContain('user ST-0001\ntopic write vs/v1/stations/ST-0001/checkins');
    expect(acl).toContain('user KIOSK-EAST\ntopic read vs/v1/stations/ST-0001/taps');
    expect(acl).not.toMatch(/^pattern /m);
  });

  it('writes every file with mode 0600 and every directory with 0700', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('central', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    for (const file of allFiles(out)) expect([file, (statSync(file).mode & 0o777).toString(8)]).toEqual([file, '600']);
    for (const dir of ['broker', 'central', 'stations', 'stations/ST-0001', 'managers', 'sites/SITE-01']) {
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
    const all = outputs.join('\n');
    for (const secret of secretsIn(out)) expect(all).not.toContain(secret);
    expect(all).not.toContain(readJson<{ password: string }>(join(out, 'managers/alice.json')).password);
    expect(all).not.toContain(readJson<{ broker: { password: string } }>(join(out, 'central/central.json')).broker.password);
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
  it('rotate-secret gives kiosk and central one new secret, and keeps broker passwords unless asked', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const [stationPw, kioskPw, secret] = secretsIn(out);
    provisionOk('rotate-secret', 'ST-0001', '--out', out);
    const [stationPw2, kioskPw2, secret2] = secretsIn(out);
    expect(secret2).not.toBe(secret);
    expect(readJson<Record<string, { secret: string }>>(join(out, 'central/stations.json'))['ST-0001']!.secret).toBe(secret2);
    expect([stationPw2, kioskPw2]).toEqual([stationPw, kioskPw]);
    provisionOk('rotate-secret', 'ST-0001', '--broker-passwords', '--out', out);
    const [stationPw3, kioskPw3] = secretsIn(out);
    expect(stationPw3).not.toBe(stationPw);
    expect(kioskPw3).not.toBe(kioskPw);
    const users = parsePasswdFile(readFileSync(join(out, 'broker/passwd'), 'utf8'));
    expect(verifyMosquittoPassword(stationPw3!, users.get('ST-0001')!)).toBe(true);
    expect(runProvision('rotate-secret', 'ST-0404', '--out', out).output).toMatch(/ST-0404 is not provisioned/);
  });

  it('revoke removes both accounts, the stations entry and the files with secrets; twice is harmless', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    provisionOk('revoke', 'ST-0001', '--out', out);
    const users = parsePasswdFile(readFileSync(join(out, 'broker/passwd'), 'utf8'));
    expect([...users.keys()].sort()).toEqual(['K-0002', 'ST-0002', 'bridge-SITE-01']);
    expect(readFileSync(join(out, 'broker/acl'), 'utf8')).not.toContain('ST-0001');
    expect(bridgeTopics(join(out, 'sites/SITE-01/edge.conf'))).not.toContain('ST-0001');
    expect(Object.keys(readJson(join(out, 'central/stations.json')))).toEqual(['ST-0002']);
    expect(existsSync(join(out, 'stations/ST-0001'))).toBe(false);
    expect(runProvision('revoke', 'ST-0001', '--out', out)).toMatchObject({ code: 0, output: expect.stringMatching(/nothing to revoke/) });
  });

  it('central writes a config the central schema accepts, next to stations.json', () => {
    const out = tempDir('prov-');
    provisionOk('central', '--out', out, '--broker-url', 'mqtts://central.example.org:8883');
    const config = validate(CentralConfigSchema, readJson(join(out, 'central/central.json')));
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.value.broker).toMatchObject({ url: 'mqtts://central.example.org:8883', username: 'central' });
    expect(config.value.stationsFile).toBe('stations.json');
    expect(readJson(join(out, 'central/stations.json'))).toEqual({});
    expect(readFileSync(join(out, 'broker/acl'), 'utf8')).toContain('topic read $share/central/vs/v1/stations/+/checkins');
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
  });

  it('uses another topic root when a new directory is made with --topic-root', () => {
    const out = tempDir('prov-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--topic-root', 'city/vs1', '--out', out);
    expect(readJson<{ topicRoot: string }>(join(out, 'stations/ST-0001/agent.json')).topicRoot).toBe('city/vs1');
    expect(readFileSync(join(out, 'broker/acl'), 'utf8')).toContain('topic write city/vs1/stations/ST-0001/checkins');
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
