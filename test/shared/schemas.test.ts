/** Every schema of the contract: the example is accepted, and each broken variant is rejected by path. */
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ActivitiesSchema,
  AgentConfigSchema,
  CentralConfigSchema,
  CheckInSchema,
  CommandSchema,
  ContentFileSchema,
  KioskConfigSchema,
  KioskStatusSchema,
  parseJson,
  ResultSchema,
  StationDirectorySchema,
  StationStatusSchema,
  StationsFileSchema,
  TapSchema,
  validate,
} from '../../shared/index.ts';
import * as ex from '../helpers/protocol-examples.ts';

type Patch = (value: Record<string, unknown>) => void;

function variant(base: object, patch: Patch): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  patch(copy);
  return copy;
}

interface SchemaCase {
  name: string;
  schema: v.GenericSchema;
  example: object;
  rejects: Array<[label: string, patch: Patch, pathInError: string]>;
}

const cases: SchemaCase[] = [
  {
    name: 'CheckIn',
    schema: CheckInSchema,
    example: ex.checkIn,
    rejects: [
      ['another protocol version', (c) => (c.v = 2), 'v'],
      ['an id that is not a UUID', (c) => (c.id = 'abc'), 'id'],
      ['a station id with "/"', (c) => (c.stationId = 'ST/1'), 'stationId'],
      ['seq 0', (c) => (c.seq = 0), 'seq'],
      ['a fractional seq', (c) => (c.seq = 1.5), 'seq'],
      ['method qr on the wire', (c) => (c.method = 'qr'), 'method'],
      ['a lower-case uid', (c) => ((c.card as Record<string, unknown>).uid = '04a1b2c3'), 'card.uid'],
      ['an unknown tech', (c) => ((c.card as Record<string, unknown>).tech = 'magstripe'), 'card.tech'],
      ['a local time', (c) => (c.at = '2026-11-29 09:02:03'), 'at'],
      ['no milliseconds', (c) => (c.at = '2026-11-29T01:02:03Z'), 'at'],
      ['30 February, which Date.parse rolls over to March', (c) => (c.at = '2026-02-30T01:02:03.000Z'), 'at'],
      ['hour 24', (c) => (c.at = '2026-11-29T24:00:00.000Z'), 'at'],
      ['a missing at', (c) => delete c.at, 'at'],
    ],
  },
  {
    name: 'Result',
    schema: ResultSchema,
    example: ex.result,
    rejects: [
      ['an unknown status', (c) => (c.status = 'ok'), 'status'],
      ['an unknown direction', (c) => (c.direction = 'sideways'), 'direction'],
      ['negative minutes', (c) => ((c.volunteer as Record<string, unknown>).minutesToday = -1), 'volunteer.minutesToday'],
      ['a missing id', (c) => delete c.id, 'id'],
    ],
  },
  {
    name: 'Tap',
    schema: TapSchema,
    example: ex.tap,
    rejects: [
      ['a card uid', (c) => (c.uid = '04A1B2C3'), '(root)'],
      ['a card object', (c) => (c.card = { uid: '04A1B2C3', tech: 'em4100' }), '(root)'],
      ['a missing id', (c) => delete c.id, 'id'],
    ],
  },
  {
    name: 'StationStatus',
    schema: StationStatusSchema,
    example: ex.stationStatus,
    rejects: [
      ['no at outside the Last Will', (c) => delete c.at, '(root)'],
      ['an unknown reader state', (c) => ((c.reader as Record<string, unknown>).state = 'fine'), 'reader.state'],
      ['a negative pending count', (c) => ((c.outbox as Record<string, unknown>).pending = -3), 'outbox.pending'],
      ['an unknown state', (c) => (c.state = 'sleeping'), 'state'],
    ],
  },
  {
    name: 'KioskStatus',
    schema: KioskStatusSchema,
    example: ex.kioskStatus,
    rejects: [
      ['no station id', (c) => delete c.stationId, 'stationId'],
      ['no at outside the Last Will', (c) => delete c.at, '(root)'],
      ['persisted as text', (c) => ((c.storage as Record<string, unknown>).persisted = 'yes'), 'storage.persisted'],
    ],
  },
  {
    name: 'Command',
    schema: CommandSchema,
    example: ex.announce,
    rejects: [
      ['an unknown command', (c) => (c.cmd = 'format-disk'), 'cmd'],
      ['announce without English', (c) => delete ((c.args as Record<string, unknown>).text as Record<string, unknown>).en, 'args.text.en'],
      ['announce with empty Chinese', (c) => (((c.args as Record<string, unknown>).text as Record<string, unknown>).zh = ''), 'args.text.zh'],
      ['a bad expiresAt', (c) => (c.expiresAt = 'tomorrow'), 'expiresAt'],
    ],
  },
  {
    name: 'Activities',
    schema: ActivitiesSchema,
    example: ex.activities,
    rejects: [
      ['an unknown category', (c) => ((c.items as Record<string, unknown>[])[0]!.category = 'sports'), 'items.0.category'],
      ['a title in one language', (c) => ((c.items as Record<string, unknown>[])[0]!.title = { zh: '课堂' }), 'items.0.title.en'],
      ['an end before the start', (c) => ((c.items as Record<string, unknown>[])[0]!.endsAt = '2026-11-29T00:00:00.000Z'), 'items.0.endsAt'],
      ['a javascript: signup link', (c) => ((c.items as Record<string, unknown>[])[0]!.signupUrl = 'javascript:alert(1)'), 'items.0.signupUrl'],
    ],
  },
  {
    name: 'StationDirectory',
    schema: StationDirectorySchema,
    example: ex.directory,
    rejects: [
      ['a latitude out of range', (c) => (((c.items as Record<string, unknown>[])[0]!.location as Record<string, unknown>).lat = 91), 'items.0.location.lat'],
      ['a weekday 8', (c) => ((c.items as Record<string, unknown>[])[0]!.hours = [{ days: [8], opens: '08:00', closes: '18:00' }]), 'items.0.hours.0.days.0'],
      ['closing before opening', (c) => ((c.items as Record<string, unknown>[])[0]!.hours = [{ days: [1], opens: '18:00', closes: '08:00' }]), 'items.0.hours.0'],
      ['a service as plain text', (c) => ((c.items as Record<string, unknown>[])[0]!.services = ['Mending']), 'items.0.services.0'],
    ],
  },
  {
    name: 'agent config',
    schema: AgentConfigSchema,
    example: ex.agentConfig,
    rejects: [
      ['an unknown key', (c) => (c.stationID = 'x'), 'stationID'],
      ['an unknown driver', (c) => ((c.reader as Record<string, unknown>).driver = 'acr122'), 'reader.driver'],
      ['a serial reader without a path', (c) => delete (c.reader as Record<string, unknown>).path, 'reader.path'],
      ['a station id with "#"', (c) => (c.stationId = 'ST#1'), 'stationId'],
      ['an http broker url', (c) => ((c.broker as Record<string, unknown>).url = 'http://broker'), 'broker.url'],
      ['a negative debounce', (c) => (c.debounceMs = -1), 'debounceMs'],
      ['a topic root with a leading slash', (c) => (c.topicRoot = '/vs/v1'), 'topicRoot'],
    ],
  },
  {
    name: 'kiosk config',
    schema: KioskConfigSchema,
    example: ex.kioskConfig,
    rejects: [
      ['a 16-byte secret', (c) => ((c.checkin as Record<string, unknown>).secret = 'AAECAwQFBgcICQoLDA0ODw'), 'checkin.secret'],
      ['a base URL without the trailing "/"', (c) => ((c.checkin as Record<string, unknown>).baseUrl = 'https://x.org/c'), 'checkin.baseUrl'],
      ['an unsupported locale', (c) => (c.locale = 'fr'), 'locale'],
      ['a missing kiosk id', (c) => delete c.kioskId, 'kioskId'],
      ['an unknown key', (c) => (c.debug = true), 'debug'],
    ],
  },
  {
    name: 'central config',
    schema: CentralConfigSchema,
    example: ex.centralConfig,
    rejects: [
      ['a port out of range', (c) => ((c.http as Record<string, unknown>).port = 70000), 'http.port'],
      ['a cutoff of 25:00', (c) => (c.timeBank = { dailyCutoff: '25:00' }), 'timeBank.dailyCutoff'],
      ['a missing stations file', (c) => delete c.stationsFile, 'stationsFile'],
    ],
  },
  {
    name: 'stations file',
    schema: StationsFileSchema,
    example: ex.stationsFile,
    rejects: [
      ['a station id with a space', (c) => (c['ST 2'] = ex.stationsFile['ST-0001']), 'ST 2'],
      ['a bad secret', (c) => ((c['ST-0001'] as Record<string, unknown>).secret = 'not-base64url!'), 'ST-0001.secret'],
    ],
  },
  {
    name: 'content file',
    schema: ContentFileSchema,
    example: { v: 1, activities: { 'SITE-01': ex.activities.items }, directory: ex.directory.items },
    rejects: [
      ['a site id with "+"', (c) => (c.activities = { 'SITE+1': [] }), 'activities.SITE+1'],
      ['no directory', (c) => delete c.directory, 'directory'],
    ],
  },
];

describe.each(cases)('$name schema', ({ schema, example, rejects }) => {
  it('accepts the example', () => {
    expect(validate(schema, example)).toMatchObject({ ok: true });
  });

  it.each(rejects)('rejects %s, naming the path', (_label, patch, path) => {
    const verdict = validate(schema, variant(example, patch));
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.issues.some((issue) => issue.startsWith(`${path}:`))).toBe(true);
  });
});

describe('optional fields and defaults', () => {
  it('lets payloads carry extra fields, so senders can add to the contract', () => {
    expect(validate(CheckInSchema, { ...ex.checkIn, firmware: '1.2' }).ok).toBe(true);
  });

  it('accepts the Last Will without "at"', () => {
    expect(validate(StationStatusSchema, { v: 1, state: 'offline', reason: 'lost' }).ok).toBe(true);
    expect(validate(KioskStatusSchema, { v: 1, state: 'offline', reason: 'lost', stationId: 'ST-0001' }).ok).toBe(true);
  });

  it('fills config defaults', () => {
    const verdict = validate(AgentConfigSchema, { ...ex.agentConfig, topicRoot: undefined, debounceMs: undefined, ackTimeoutMs: undefined });
    expect(verdict).toMatchObject({ ok: true, value: { topicRoot: 'vs/v1', debounceMs: 3000, ackTimeoutMs: 10000, auditRetentionDays: 30 } });
  });

  it('lets the simulated reader go without a path', () => {
    expect(validate(AgentConfigSchema, { ...ex.agentConfig, reader: { driver: 'simulated' } }).ok).toBe(true);
  });

  it('accepts every command of the contract', () => {
    for (const cmd of ['identify', 'reload', 'clear-announcement']) {
      expect(validate(CommandSchema, { v: 1, id: 'c1', cmd }).ok).toBe(true);
    }
    expect(validate(CommandSchema, { v: 1, id: 'c1', cmd: 'simulate-tap', args: { uid: '04A1B2C3' } }).ok).toBe(true);
  });
});

describe('parseJson', () => {
  it('reports bytes that are not UTF-8, text that is not JSON, and JSON that is not an object', () => {
    expect(parseJson(TapSchema, new Uint8Array([0xff, 0xfe]))).toEqual({ ok: false, issues: ['(root): payload is not valid UTF-8'] });
    const notJson = parseJson(TapSchema, '{"v":1,');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.issues[0]).toMatch(/^\(root\): not valid JSON/);
    expect(parseJson(TapSchema, '[1,2]').ok).toBe(false);
    expect(parseJson(TapSchema, 'null').ok).toBe(false);
  });

  it('parses a valid payload from bytes', () => {
    expect(parseJson(TapSchema, new TextEncoder().encode(JSON.stringify(ex.tap)))).toEqual({ ok: true, value: ex.tap });
  });
});
