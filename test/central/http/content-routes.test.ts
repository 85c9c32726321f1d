/**
 * The content admin API over real HTTP, against a real central on a real Mosquitto, for
 * both stores: a site's activities edited from a base version, every field problem named
 * in zh and en, a stale base refused with what changed, the retained messages the kiosks
 * read, rollback, and every refusal by role.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentFile } from '../../../shared/index.ts';
import { publishContentVersion } from '../../../central/content/content-versions.ts';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import type { CentralStore } from '../../../central/store/central-store.ts';
import { MANAGER, startCentralFixture, writeTwoSiteStationsFile, type CentralFixture } from '../../helpers/central-fixture.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const basic = (name: string, password = MANAGER.password) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });

const activity = (id: string, title = { zh: '文明交通引导', en: 'Traffic guidance' }) => ({
  id,
  title,
  category: 'civilised-traffic',
  startsAt: '2026-12-05T01:00:00.000Z',
  endsAt: '2026-12-05T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
});
const station = (stationId: string, siteId: string) => ({
  stationId,
  siteId,
  name: { zh: `${stationId}站`, en: `Station ${stationId}` },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
});
const FIRST: ContentFile = {
  v: 1,
  activities: { 'SITE-01': [activity('A-1')], 'SITE-02': [activity('B-1')] },
  directory: [station('ST-0001', 'SITE-01'), station('ST-0002', 'SITE-02')],
  rewards: { 'SITE-01': [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 5 }] },
} as ContentFile;

/** The retained message on `topic` now, as a kiosk connecting now would get it. */
async function retained(brokerUrl: string, topic: string): Promise<{ items: { id?: string; stationId?: string; title?: { en: string } }[] }> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_topic, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync(topic, { qos: 1 });
    return JSON.parse(await message) as never;
  } finally {
    await client.endAsync();
  }
}

const postgres = usePostgres();

describe.each([
  ['SQLite', async (): Promise<CentralStore | undefined> => undefined],
  ['PostgreSQL', async (): Promise<CentralStore | undefined> => PgStore.connect(await postgres.freshDatabaseUrl())],
])('%s: content admin API', (_name, openStore) => {
  let f: CentralFixture;

  const call = async <T = Record<string, unknown>>(method: string, path: string, who: string | null = MANAGER.name, body?: unknown) => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...(who === null ? {} : basic(who)), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const versionCount = async () => (await f.central.store.contentVersions.list()).length;

  beforeAll(async () => {
    const hash = hashManagerPassword(MANAGER.password);
    const stationsFile = writeTwoSiteStationsFile();
    const store = await openStore();
    f = await startCentralFixture({
      deps: { now: () => NOW, ...(store ? { store } : {}) },
      configOverrides: {
        stationsFile,
        managers: { [MANAGER.name]: hash, desk01: hash, lead: hash },
        managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, lead: { role: 'team-leader', team: 'T-1' } },
      },
    });
    // Version 1 as the CLI publishes it.
    await publishContentVersion(f.central.store, { broker: { url: f.broker.url }, topicRoot: 'vs/v1' }, { content: FIRST, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:first.json', nowIso: NOW.toISOString() });
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
  });

  it('asks for credentials on every content route', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/content?site=SITE-01'],
      ['PUT', '/api/content?site=SITE-01', { baseVersion: 1, activities: [] }],
      ['PUT', '/api/content/directory', { baseVersion: 1, directory: [] }],
      ['GET', '/api/content/versions'],
      ['POST', '/api/content/rollback', {}],
    ] as const) {
      expect((await call(method, path, null, body)).status, `${method} ${path}`).toBe(401);
    }
    expect((await call('GET', '/api/content?site=SITE-01', MANAGER.name.toUpperCase())).status).toBe(401);
    expect(await versionCount()).toBe(1);
  });

  it('gives a site its activities and stations with the version they are from', async () => {
    const { status, body } = await call('GET', '/api/content?site=SITE-01', 'desk01');
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 1, publishedBy: 'cli:ops', siteId: 'SITE-01', activities: [{ id: 'A-1' }], directory: [{ stationId: 'ST-0001' }] });
    expect(body.directory).toHaveLength(1);
    expect((await call('GET', '/api/content?site=SITE-09')).status).toBe(404);
    expect((await call('GET', '/api/content')).body).toMatchObject({ version: 1, content: { activities: { 'SITE-02': [{ id: 'B-1' }] } } });
  });

  it('refuses a bad date naming the field in zh and en, and publishes nothing', async () => {
    const bad = { ...activity('A-2'), startsAt: '2026-02-30T01:00:00.000Z' }; // no 30 February
    const { status, body } = await call<{ reason: string; problems: { path: string; message: { zh: string; en: string } }[] }>('PUT', '/api/content?site=SITE-01', 'desk01', {
      baseVersion: 1,
      activities: [activity('A-1'), bad, { ...activity('A-1'), category: 'knitting' }],
    });
    expect(status).toBe(400);
    expect(body.reason).toBe('invalid-content');
    expect(body.problems).toEqual([
      { path: 'activities.1.startsAt', message: { zh: '不是真实存在的日期时间', en: 'must be a real calendar time' } },
      { path: 'activities.2.category', message: { zh: expect.stringContaining('须为以下之一'), en: expect.stringContaining('must be one of') } },
    ]);
    // The cross checks of the whole file come back on the body's paths too.
    const twice = await call<{ problems: { path: string; message: { zh: string; en: string } }[] }>('PUT', '/api/content?site=SITE-01', 'desk01', { baseVersion: 1, activities: [activity('A-1'), activity('A-1')] });
    expect(twice).toMatchObject({ status: 400, body: { problems: [{ path: 'activities.1.id', message: { zh: 'A-1 在本站点出现了两次', en: 'A-1 appears twice for this site' } }] } });
    expect(await versionCount()).toBe(1);
    expect((await retained(f.broker.url, 'vs/v1/sites/SITE-01/activities')).items.map((i) => i.id)).toEqual(['A-1']);
  });

  it('warns about a missing translation, and a dry run publishes nothing', async () => {
    const untranslated = activity('A-2', { zh: '社区义诊', en: ' ' });
    const dry = await call('PUT', '/api/content?site=SITE-01', 'desk01', { baseVersion: 1, activities: [activity('A-1'), untranslated], dryRun: true });
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, warnings: [{ path: 'activities.1.title.en', message: { zh: expect.stringContaining('缺少英文'), en: expect.stringContaining('English text is missing') } }], changes: [{ section: 'activities', siteId: 'SITE-01', added: ['A-2'] }] } });
    expect(await versionCount()).toBe(1);
  });

  it('publishes a site edit retained as the CLI does, records who, and refuses the second save on the same base with what changed', async () => {
    // Since version 1 the shelf was recounted: 3 bags of rice, not the file's 5.
    await f.central.store.shop.publishCatalogue('SITE-01', [{ ...FIRST.rewards!['SITE-01']![0]!, stock: 3 }], 'desk:recount', NOW.toISOString());
    const untranslated = activity('A-2', { zh: '社区义诊', en: '' });
    const saved = await call('PUT', '/api/content?site=SITE-01', MANAGER.name, { baseVersion: 1, activities: [activity('A-1'), untranslated] });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        ok: true,
        version: { version: 2, by: `manager:${MANAGER.name}`, at: NOW.toISOString(), summary: 'activities SITE-01: +1' },
        warnings: [{ path: 'activities.1.title.en' }],
        changes: [{ text: { zh: '活动 SITE-01：新增 A-2', en: 'activities SITE-01: added A-2' } }],
      },
    });
    const kiosk = await retained(f.broker.url, 'vs/v1/sites/SITE-01/activities');
    expect(kiosk.items.map((i) => [i.id, i.title?.en])).toEqual([['A-1', 'Traffic guidance'], ['A-2', '社区义诊']]);
    // The catalogue was not edited, so the file's old count was not applied as a correction again.
    expect((await f.central.store.shop.listItems('SITE-01')).map((item) => [item.id, item.stock])).toEqual([['rice', 3]]);

    const stale = await call<{ reason: string; current: { version: number; by: string }; changes: { text: { zh: string; en: string } }[]; message: { zh: string; en: string } }>(
      'PUT',
      '/api/content?site=SITE-01',
      'desk01',
      { baseVersion: 1, activities: [activity('A-1'), activity('A-3')] },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'content-changed', current: { version: 2, by: `manager:${MANAGER.name}` }, changes: [{ section: 'activities', siteId: 'SITE-01', added: ['A-2'], text: { zh: '活动 SITE-01：新增 A-2', en: 'activities SITE-01: added A-2' } }] });
    expect(stale.body.message.zh).toContain('内容已被他人更新');
    expect(await versionCount()).toBe(2);
    expect((await retained(f.broker.url, 'vs/v1/sites/SITE-01/activities')).items.map((i) => i.id)).toEqual(['A-1', 'A-2']);
  });

  it('keeps site staff to their own sites, team leaders out, and lets a city manager edit the directory of all sites', async () => {
    const other = await call('PUT', '/api/content?site=SITE-02', 'desk01', { baseVersion: 2, activities: [] });
    expect(other).toMatchObject({ status: 403, body: { error: 'the account "desk01" may not act on site SITE-02' } });
    expect((await call('GET', '/api/content?site=SITE-02', 'desk01')).status).toBe(403);
    expect((await call('GET', '/api/content', 'desk01')).status).toBe(403);
    expect((await call('PUT', '/api/content/directory', 'desk01', { baseVersion: 2, directory: [] })).status).toBe(403);
    for (const [method, path, body] of [
      ['GET', '/api/content?site=SITE-01'],
      ['PUT', '/api/content?site=SITE-01', { baseVersion: 2, activities: [] }],
      ['GET', '/api/content/versions'],
      ['POST', '/api/content/rollback', {}],
    ] as const) {
      const refused = await call(method, path, 'lead', body);
      expect(refused.status, `lead: ${method} ${path}`).toBe(403);
      // In both languages, for the console to show in its own.
      expect(refused.body, `lead: ${method} ${path}`).toMatchObject({
        message: { zh: '账号“lead”是团队负责人：内容由站点工作人员和市级管理员编辑。', en: 'The account "lead" is a team leader; content is edited by site staff and city managers.' },
      });
    }
    expect(await versionCount()).toBe(2);

    const moved = { ...station('ST-0002', 'SITE-02'), address: { zh: '解放路2号', en: '2 Jiefang Rd' } };
    const directory = await call('PUT', '/api/content/directory', MANAGER.name, { baseVersion: 2, directory: [station('ST-0001', 'SITE-01'), moved] });
    expect(directory).toMatchObject({ status: 200, body: { version: { version: 3, summary: 'directory SITE-02: ~1' } } });
    expect((await retained(f.broker.url, 'vs/v1/directory/stations')).items.map((s) => s.stationId)).toEqual(['ST-0001', 'ST-0002']);
    // Site staff may not roll back a version whose undoing changes the directory.
    expect(await call('POST', '/api/content/rollback', 'desk01', {})).toMatchObject({
      status: 403,
      body: {
        reason: 'outside-scope',
        issues: ['station directory SITE-02: changed ST-0002'],
        message: { zh: '账号“desk01”无权发布：其中有超出本账号站点范围的内容修改，本次未发布。', en: 'The account "desk01" may not publish this: it changes content outside its sites; nothing was published.' },
      },
    });
    // A directory without SITE-01's station would strand its rewards catalogue.
    expect(await call('PUT', '/api/content/directory', MANAGER.name, { baseVersion: 3, directory: [moved] })).toMatchObject({ status: 400, body: { problems: [{ path: 'rewards.SITE-01' }] } });
  });

  it('lists the versions with who, when and what changed, and rolls back by publishing the previous content again', async () => {
    const { body } = await call<{ versions: { version: number; by: string; at: string; summary: string }[] }>('GET', '/api/content/versions', 'desk01');
    expect(body.versions.map((x) => [x.version, x.by, x.summary])).toEqual([
      [3, `manager:${MANAGER.name}`, 'directory SITE-02: ~1'],
      [2, `manager:${MANAGER.name}`, 'activities SITE-01: +1'],
      [1, 'cli:ops', 'activities SITE-01: +1; activities SITE-02: +1; directory SITE-01: +1; directory SITE-02: +1; rewards SITE-01: +1'],
    ]);
    expect(await call('POST', '/api/content/rollback', MANAGER.name, { to: 9 })).toMatchObject({
      status: 404,
      body: { reason: 'no-such-version', message: { zh: '没有版本 9，无法回退；现有版本为 1 至 3。', en: 'There is no version 9 to roll back to; versions are 1 to 3.' } },
    });
    expect(await call('POST', '/api/content/rollback', MANAGER.name, { to: 1, baseVersion: 2 })).toMatchObject({ status: 409, body: { reason: 'content-changed', current: { version: 3 } } });

    const back = await call('POST', '/api/content/rollback', MANAGER.name, { to: 1, baseVersion: 3 });
    expect(back).toMatchObject({ status: 200, body: { version: { version: 4, summary: 'rollback to 1: activities SITE-01: -1; directory SITE-02: ~1' } } });
    expect((await retained(f.broker.url, 'vs/v1/sites/SITE-01/activities')).items.map((i) => i.id)).toEqual(['A-1']);
    expect((await f.central.store.contentVersions.latest())?.content).toEqual(FIRST);
  });

  it('lets site staff turn on their own site\'s "Join us" panel, refuses another site and a bad URL, and takes the panel down when it is removed', async () => {
    const joinUs = { show: true, text: { zh: '招募志愿者，扫码报名', en: 'Join us: scan to sign up' }, url: 'https://volunteer.example.org/join' };
    const loaded = await call<{ version: number; recruitment: unknown }>('GET', '/api/content?site=SITE-01', 'desk01');
    expect(loaded.body.recruitment).toBeNull();
    const base = loaded.body.version;

    expect(await call('PUT', '/api/content/recruitment?site=SITE-02', 'desk01', { baseVersion: base, recruitment: joinUs })).toMatchObject({
      status: 403,
      body: { error: 'the account "desk01" may not act on site SITE-02' },
    });
    expect((await call('PUT', '/api/content/recruitment?site=SITE-01', 'lead', { baseVersion: base, recruitment: joinUs })).status).toBe(403);
    const bad = await call<{ problems: { path: string; message: { en: string } }[] }>('PUT', '/api/content/recruitment?site=SITE-01', 'desk01', {
      baseVersion: base,
      recruitment: { ...joinUs, url: 'javascript:alert(1)' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.path)).toEqual(['recruitment.url']);
    expect(await versionCount()).toBe(base);

    const saved = await call('PUT', '/api/content/recruitment?site=SITE-01', 'desk01', { baseVersion: base, recruitment: joinUs });
    expect(saved).toMatchObject({ status: 200, body: { version: { version: base + 1, by: 'manager:desk01' } } });
    expect(await retained(f.broker.url, 'vs/v1/sites/SITE-01/recruitment')).toMatchObject({ v: 2, siteId: 'SITE-01', ...joinUs });
    expect((await call<{ recruitment: unknown }>('GET', '/api/content?site=SITE-01', 'desk01')).body.recruitment).toEqual(joinUs);

    const removed = await call('PUT', '/api/content/recruitment?site=SITE-01', 'desk01', { baseVersion: base + 1, recruitment: null });
    expect(removed.status).toBe(200);
    expect(await retained(f.broker.url, 'vs/v1/sites/SITE-01/recruitment')).toMatchObject({ siteId: 'SITE-01', show: false });
  });

  it("lets site staff change their own station's hours and holidays, keeps the other sites' stations, and refuses another site's or a moved station", async () => {
    const loaded = await call<{ version: number; directory: { stationId: string }[] }>('GET', '/api/content?site=SITE-01', 'desk01');
    expect(loaded.body.directory.map((s) => s.stationId)).toEqual(['ST-0001']);
    const base = loaded.body.version;
    const holiday = { from: '2026-12-31', until: '2027-01-01', hours: [], note: { zh: '元旦', en: "New Year's Day" } };
    const edited = { ...station('ST-0001', 'SITE-01'), hours: [{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' }, { days: [6], opens: '09:00', closes: '12:00' }], exceptions: [holiday], phone: '021-5555-0101' };

    expect((await call('PUT', '/api/content/directory?site=SITE-02', 'desk01', { baseVersion: base, directory: [station('ST-0002', 'SITE-02')] })).status).toBe(403);
    expect((await call('PUT', '/api/content/directory?site=SITE-01', 'lead', { baseVersion: base, directory: [edited] })).status).toBe(403);
    const moved = await call<{ problems: { path: string; message: { zh: string; en: string } }[] }>('PUT', '/api/content/directory?site=SITE-01', 'desk01', {
      baseVersion: base,
      directory: [{ ...edited, siteId: 'SITE-02' }],
    });
    expect(moved.status).toBe(400);
    expect(moved.body.problems).toEqual([{ path: 'directory.0.siteId', message: { zh: expect.stringContaining('应为 SITE-01'), en: expect.stringContaining('must be SITE-01') } }]);
    const backwards = await call<{ problems: { path: string }[] }>('PUT', '/api/content/directory?site=SITE-01', 'desk01', {
      baseVersion: base,
      directory: [{ ...edited, exceptions: [{ ...holiday, from: '2027-01-02' }] }],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.problems.map((p) => p.path)).toEqual(['directory.0.exceptions.0.until']);
    expect(await versionCount()).toBe(base);

    const saved = await call('PUT', '/api/content/directory?site=SITE-01', 'desk01', { baseVersion: base, directory: [edited] });
    expect(saved).toMatchObject({ status: 200, body: { version: { version: base + 1, by: 'manager:desk01', summary: 'directory SITE-01: ~1' } } });
    const published = (await retained(f.broker.url, 'vs/v1/directory/stations')).items as unknown as { stationId: string; exceptions?: unknown[]; hours: unknown[] }[];
    expect(published.map((s) => s.stationId)).toEqual(['ST-0001', 'ST-0002']);
    expect(published[0]).toMatchObject({ hours: edited.hours, exceptions: [holiday] });
    expect(published[1]).toEqual((await f.central.store.contentVersions.get(base))!.content.directory[1]);
  });

  it("lets site staff schedule their own site's announcements for some kiosks, refuses another site and a window that ends before it starts, and clears them", async () => {
    const base = (await call<{ version: number; announcements: unknown[] }>('GET', '/api/content?site=SITE-01', 'desk01')).body.version;
    const lift = { id: 'lift', text: { zh: '东门电梯检修，请走西门', en: 'The east lift is under repair; please use the west gate' }, kiosks: ['K-0001'], showFrom: '2026-12-04T00:00:00.000Z', showUntil: '2026-12-06T10:00:00.000Z' };

    expect((await call('PUT', '/api/content/announcements?site=SITE-02', 'desk01', { baseVersion: base, announcements: [lift] })).status).toBe(403);
    expect((await call('PUT', '/api/content/announcements?site=SITE-01', 'lead', { baseVersion: base, announcements: [lift] })).status).toBe(403);
    const backwards = await call<{ problems: { path: string; message: { en: string } }[] }>('PUT', '/api/content/announcements?site=SITE-01', 'desk01', {
      baseVersion: base,
      announcements: [{ ...lift, showUntil: '2026-12-03T00:00:00.000Z' }],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.problems.map((p) => [p.path, p.message.en])).toEqual([['announcements.0.showUntil', 'showUntil must be after showFrom']]);
    expect(await versionCount()).toBe(base);

    const saved = await call('PUT', '/api/content/announcements?site=SITE-01', 'desk01', { baseVersion: base, announcements: [lift] });
    expect(saved).toMatchObject({ status: 200, body: { version: { version: base + 1, by: 'manager:desk01', summary: 'announcements SITE-01: +1' } } });
    expect(await retained(f.broker.url, 'vs/v1/sites/SITE-01/announcements')).toEqual({ v: 2, updatedAt: NOW.toISOString(), siteId: 'SITE-01', items: [lift] });
    expect((await call<{ announcements: unknown[] }>('GET', '/api/content?site=SITE-01', 'desk01')).body.announcements).toEqual([lift]);

    expect((await call('PUT', '/api/content/announcements?site=SITE-01', 'desk01', { baseVersion: base + 1, announcements: [] })).status).toBe(200);
    expect((await retained(f.broker.url, 'vs/v1/sites/SITE-01/announcements')).items).toEqual([]);
    expect((await f.central.store.contentVersions.latest())?.content.announcements?.['SITE-01']).toBeUndefined();
  });
});
