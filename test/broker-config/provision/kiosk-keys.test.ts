/**
 * Protocol v2 keys in provisioning: kiosk configs carry their own key and never the
 * station secret, a v1 kiosk config is migrated with a v1 window, and `revoke-kiosk`
 * ends one kiosk, as central sees it with the provisioned stations file.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptV1Until, deriveKioskKeySync, V1_MIGRATION_DAYS } from '../../../broker-config/provision/kiosk-keys.ts';
import { parsePasswdFile } from '../../../broker-config/provision/passwd.ts';
import { CheckinKeys } from '../../../central/phone/checkin-keys.ts';
import { checkinToken, deriveKioskKey, importCheckinKey, kioskCheckinToken, type StationsFile } from '../../../shared/index.ts';
import { makeKioskVectors } from '../../helpers/checkin-code-vectors.ts';
import { provisionOk, readJson, runProvision, tempDir } from '../../helpers/broker-harness.ts';

interface KioskFile {
  kioskId: string;
  checkin: { kioskKey?: string; secret?: string; baseUrl: string };
  broker: { password: string };
}

const stationsOf = (out: string) => readJson<StationsFile>(join(out, 'central/stations.json'));
const kioskOf = (out: string, stationId: string) => readJson<KioskFile>(join(out, 'stations', stationId, 'kiosk-config.json'));
const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

describe('kiosk keys in provisioning', () => {
  it('derives the same kiosk key as shared/ (WebCrypto) for every vector', async () => {
    for (const vector of makeKioskVectors()) {
      expect(deriveKioskKeySync(vector.stationSecret, vector.kioskId)).toBe(vector.kioskKey);
      expect(await deriveKioskKey(vector.stationSecret, vector.kioskId)).toBe(vector.kioskKey);
    }
  });

  it('never writes a station secret into anything a station PC receives', () => {
    const out = tempDir('prov-keys-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--kiosk', 'K-EAST', '--out', out);
    provisionOk('rotate-secret', 'ST-0002', '--out', out);
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--name-en', 'Renamed', '--out', out);
    const secrets = Object.values(stationsOf(out)).map((entry) => entry.secret);
    expect(secrets).toHaveLength(2);
    const stationFiles = filesUnder(join(out, 'stations'));
    expect(stationFiles.length).toBe(4);
    for (const file of stationFiles) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text, file).not.toContain(secret);
    }
    expect(kioskOf(out, 'ST-0002').checkin.kioskKey).toBe(deriveKioskKeySync(stationsOf(out)['ST-0002']!.secret, 'K-EAST'));
  });

  it('turns a v1 kiosk config into a v2 one, keeping the station secret, and opens a v1 window', () => {
    const out = tempDir('prov-keys-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    // What the tool wrote before protocol v2: the station secret in the kiosk config, no window in stations.json.
    const stations = stationsOf(out);
    const secret = stations['ST-0001']!.secret;
    delete stations['ST-0001']!.acceptV1TokensUntil;
    writeFileSync(join(out, 'central/stations.json'), JSON.stringify(stations));
    const v1Kiosk = kioskOf(out, 'ST-0001');
    const { kioskKey: _key, ...v1Checkin } = v1Kiosk.checkin;
    writeFileSync(join(out, 'stations/ST-0001/kiosk-config.json'), JSON.stringify({ ...v1Kiosk, checkin: { ...v1Checkin, secret } }));

    const before = Date.now();
    const output = provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const kiosk = kioskOf(out, 'ST-0001');
    expect(kiosk.checkin.secret).toBeUndefined();
    expect(kiosk.checkin.kioskKey).toBe(deriveKioskKeySync(secret, 'K-0001'));
    expect(kiosk.broker.password).toBe(v1Kiosk.broker.password);
    const entry = stationsOf(out)['ST-0001']!;
    expect(entry.secret).toBe(secret);
    const until = Date.parse(entry.acceptV1TokensUntil!);
    expect(until).toBeGreaterThanOrEqual(before + V1_MIGRATION_DAYS * 86_400_000);
    expect(until).toBeLessThan(Date.now() + V1_MIGRATION_DAYS * 86_400_000 + 60_000);
    expect(output).toMatch(/note: station ST-0001: its kiosk config now holds a v2 kiosk key .* accepts its v1 codes until/);
    expect(output).not.toContain(secret);

    // The window is kept on a re-run, and can be closed or set explicitly.
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    expect(stationsOf(out)['ST-0001']!.acceptV1TokensUntil).toBe(entry.acceptV1TokensUntil);
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--accept-v1-until', '2027-01-15', '--out', out);
    expect(stationsOf(out)['ST-0001']!.acceptV1TokensUntil).toBe('2027-01-15T00:00:00.000Z');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--accept-v1-until', 'now', '--out', out);
    expect(Date.parse(stationsOf(out)['ST-0001']!.acceptV1TokensUntil!)).toBeLessThanOrEqual(Date.now());
    expect(runProvision('station', 'ST-0001', '--site', 'SITE-01', '--accept-v1-until', 'soon', '--out', out).output).toMatch(/--accept-v1-until "soon" is not a time: use "now" or a date/);
  });

  it('revokes the old kiosk id when a station gets a kiosk with another id', async () => {
    const out = tempDir('prov-keys-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const old = kioskOf(out, 'ST-0001');
    const output = provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K-EAST', '--out', out);
    expect(output).toMatch(/note: station ST-0001: kiosk K-0001 was replaced by K-EAST and is revoked/);
    expect(stationsOf(out)['ST-0001']!.revokedKiosks).toEqual(['K-0001']);
    const now = Date.now();
    const oldToken = await kioskCheckinToken(await importCheckinKey(old.checkin.kioskKey!), 'ST-0001', 'K-0001', now);
    expect(await new CheckinKeys(stationsOf(out)).verifyAnyCheckinToken(oldToken, { nowMillis: now })).toMatchObject({ ok: false, reason: 'kiosk-revoked' });
  });

  it('gives a station known from before but without a kiosk config the migration window too', () => {
    const now = new Date('2026-02-01T00:00:00.000Z');
    const entry = { siteId: 'S', secret: 'x', name: { zh: 'z', en: 'e' } };
    expect(acceptV1Until({ entry, hadV1Kiosk: false, now })).toBe('2026-02-15T00:00:00.000Z');
    expect(acceptV1Until({ hadV1Kiosk: false, now })).toBe(now.toISOString());
  });

  it('revoke-kiosk: central refuses that kiosk\'s codes, the station\'s next kiosk works, the id is never reused', async () => {
    const out = tempDir('prov-keys-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    const stolen = kioskOf(out, 'ST-0001');
    const output = provisionOk('revoke-kiosk', 'K-0001', '--out', out);
    expect(output).toMatch(/kiosk K-0001 revoked/);
    expect(output).toMatch(/note: kiosk K-0001 revoked: copy central\/stations\.json to central and restart it/);
    expect(stationsOf(out)['ST-0001']!.revokedKiosks).toEqual(['K-0001']);
    expect(readdirSync(join(out, 'stations/ST-0001'))).toEqual(['agent.json']);
    expect(parsePasswdFile(readFileSync(join(out, 'broker/edge/SITE-01/passwd'), 'utf8')).has('K-0001')).toBe(false);
    expect(readFileSync(join(out, 'sites/SITE-01/edge.conf'), 'utf8')).not.toContain('kiosks/K-0001');

    // The id stays revoked: the default kiosk id and an explicit K-0001 are refused, a new id is not.
    expect(runProvision('station', 'ST-0001', '--site', 'SITE-01', '--out', out).output).toMatch(/kiosk K-0001 of station ST-0001 was revoked and stays revoked; give the replacement a new id with --kiosk/);
    expect(runProvision('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K-0001', '--out', out).code).toBe(1);
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K-0001-B', '--out', out);
    const replacement = kioskOf(out, 'ST-0001');
    expect(replacement.kioskId).toBe('K-0001-B');
    expect(stationsOf(out)['ST-0001']!.revokedKiosks).toEqual(['K-0001']);

    // Central with the provisioned stations file: the stolen config's codes are refused, the replacement's accepted.
    const central = new CheckinKeys(stationsOf(out));
    const now = Date.now();
    const stolenToken = await kioskCheckinToken(await importCheckinKey(stolen.checkin.kioskKey!), 'ST-0001', 'K-0001', now);
    const newToken = await kioskCheckinToken(await importCheckinKey(replacement.checkin.kioskKey!), 'ST-0001', 'K-0001-B', now);
    expect(await central.verifyAnyCheckinToken(stolenToken, { nowMillis: now })).toMatchObject({ ok: false, reason: 'kiosk-revoked' });
    expect(await central.verifyAnyCheckinToken(newToken, { nowMillis: now })).toMatchObject({ ok: true, kioskId: 'K-0001-B' });
    // A station provisioned for v2 from the start accepts no v1 code, not even one made with the station secret.
    const v1 = await checkinToken(await importCheckinKey(stationsOf(out)['ST-0001']!.secret), 'ST-0001', now);
    expect(await central.verifyAnyCheckinToken(v1, { nowMillis: now })).toMatchObject({ ok: false, reason: 'v1-retired' });

    expect(provisionOk('revoke-kiosk', 'K-0001', '--out', out)).toMatch(/kiosk K-0001 was already revoked; nothing to do/);
    expect(runProvision('revoke-kiosk', 'ST-0001', '--out', out).output).toMatch(/"ST-0001" is a station account, not a kiosk/);
    expect(runProvision('revoke-kiosk', 'K-9999', '--out', out).output).toMatch(/kiosk K-9999 is not provisioned in this directory/);
  });
});
