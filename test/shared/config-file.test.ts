import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, problemsOfNamedFile, readConfigFile, type ConfigFileSpec } from '../../shared/index.ts';

const TestConfigSchema = v.strictObject({
  broker: v.strictObject({ url: v.pipe(v.string(), v.regex(/^mqtt:\/\//, 'must be an mqtt:// URL')) }),
  ackTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be 1 or more')), 10_000),
  siteId: v.string(),
});

const FILE = '/etc/vs/test.json';

function read(text: string, extra: Partial<ConfigFileSpec<typeof TestConfigSchema>> = {}) {
  return readConfigFile({ file: FILE, read: () => text, schema: TestConfigSchema, format: 'docs/schemas/test.json', envPrefix: 'VS_TEST', ...extra });
}

function errorOf(result: ReturnType<typeof read>): ConfigFileError {
  if (result.ok) throw new Error('expected a ConfigFileError');
  expect(result.error).toBeInstanceOf(ConfigFileError);
  return result.error;
}

const valid = { broker: { url: 'mqtt://127.0.0.1:1883' }, siteId: 'SITE-01' };

describe('readConfigFile', () => {
  it('reads, parses and validates, with the schema defaults', () => {
    expect(read(JSON.stringify(valid), { env: {} })).toEqual({ ok: true, value: { ...valid, ackTimeoutMs: 10_000 } });
  });

  it('a missing file: CONFIG_FILE_MISSING, naming the file and what to do', () => {
    const file = '/nonexistent/test.json';
    const error = errorOf(readConfigFile({ file, read: () => readFileSync(file, 'utf8'), schema: TestConfigSchema, format: 'docs/schemas/test.json' }));
    expect(error.code).toBe('CONFIG_FILE_MISSING');
    expect(error.issues).toEqual(['(file): cannot read /nonexistent/test.json (ENOENT)']);
    expect(error.message).toBe(
      '/nonexistent/test.json: config file not found:\n  (file): cannot read /nonexistent/test.json (ENOENT)\nCreate it, or give the path of the right file. Its format: docs/schemas/test.json.',
    );
  });

  it('a file that cannot be read for another reason: CONFIG_FILE_UNREADABLE with the reason', () => {
    const error = errorOf(read('', { read: () => { throw new Error('HTTP 503'); } }));
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.issues).toEqual([`(file): cannot read ${FILE} (HTTP 503)`]);
  });

  it('bad JSON: CONFIG_FILE_NOT_JSON with the parser’s words', () => {
    const error = errorOf(read('{ "broker": '));
    expect(error.code).toBe('CONFIG_FILE_NOT_JSON');
    expect(error.issues).toEqual([expect.stringMatching(new RegExp(`^\\(file\\): ${FILE} is not valid JSON \\(.+\\)$`))]);
    expect(error.message).toMatch(/^\/etc\/vs\/test\.json: config file is not valid JSON:\n/);
  });

  it('an invalid file: CONFIG_INVALID with every problem as path: message, and the checks the schema cannot make', () => {
    const check = (input: unknown) => ((input as { siteId?: unknown }).siteId === 'closed' ? [{ path: 'siteId', message: 'this site is closed' }] : []);
    const error = errorOf(read(JSON.stringify({ broker: { url: 'http://x' }, ackTimeoutMs: 0, siteId: 'closed', extra: true }), { env: {}, check }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues).toEqual([
      'broker.url: must be an mqtt:// URL',
      'ackTimeoutMs: must be 1 or more',
      'extra: Invalid key: Expected never but received "extra"',
      'siteId: this site is closed',
    ]);
    expect(error.message).toBe(
      [
        '/etc/vs/test.json: config is not valid (4 problems):',
        '  broker.url: must be an mqtt:// URL',
        '  ackTimeoutMs: must be 1 or more',
        '  extra: Invalid key: Expected never but received "extra"',
        '  siteId: this site is closed',
        'Fix each value above in the file, then try again. Its format: docs/schemas/test.json.',
      ].join('\n'),
    );
  });

  it('applies environment overrides, typed by the schema', () => {
    const result = read(JSON.stringify(valid), { env: { VS_TEST_BROKER_URL: 'mqtt://10.0.0.1:1883', VS_TEST_ACK_TIMEOUT_MS: '500', UNRELATED: 'x' } });
    expect(result).toEqual({ ok: true, value: { broker: { url: 'mqtt://10.0.0.1:1883' }, ackTimeoutMs: 500, siteId: 'SITE-01' } });
  });

  it('names the variable when an environment override is what is invalid', () => {
    const error = errorOf(read(JSON.stringify({ ...valid, siteId: 5 }), { env: { VS_TEST_ACK_TIMEOUT_MS: 'soon', VS_TEST_BROKER_URL: 'ftp://x' } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues).toEqual([
      'broker.url: must be an mqtt:// URL (set by VS_TEST_BROKER_URL)',
      'ackTimeoutMs: Invalid type: Expected number but received "soon" (set by VS_TEST_ACK_TIMEOUT_MS)',
      'siteId: Invalid type: Expected string but received 5',
    ]);
    expect(error.message).toMatch(/\nFix each value above in the file, or in the environment variable named beside it, then try again\./);
  });

  it('reports a file that another file names as problems of the naming key', () => {
    const missing = errorOf(read('', { read: () => { throw Object.assign(new Error('no such file'), { code: 'ENOENT' }); } }));
    const invalid = errorOf(read(JSON.stringify({ ...valid, broker: { url: 'x' } }), { env: {} }));
    expect([...problemsOfNamedFile('stationsFile', missing), ...problemsOfNamedFile('stationsFile', invalid)]).toEqual([
      { path: 'stationsFile', message: `cannot read ${FILE} (ENOENT)` },
      { path: 'stationsFile', message: `in ${FILE}, broker.url: must be an mqtt:// URL` },
    ]);
  });
});
