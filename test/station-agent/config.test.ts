import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baudRateOf, loadAgentConfig } from '../../station-agent/config.ts';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'agent.json');
  writeFileSync(path, content);
  return path;
}

const valid = { stationId: 'ST-0001', siteId: 'SITE-01', broker: { url: 'mqtt://127.0.0.1:1883' }, reader: { driver: 'rdm6300', path: '/dev/ttyUSB0' }, dataDir: '/tmp/x' };

describe('loadAgentConfig', () => {
  it('fills defaults from the shared schema', () => {
    const loaded = loadAgentConfig(file(JSON.stringify(valid)), {});
    expect(loaded.ok && loaded.config).toMatchObject({ topicRoot: 'vs/v1', debounceMs: 3000, ackTimeoutMs: 10000, auditRetentionDays: 30 });
    expect(loaded.ok && baudRateOf(loaded.config)).toBe(9600);
  });

  it('applies VS_AGENT_* overrides with the schema’s types', () => {
    const loaded = loadAgentConfig(file(JSON.stringify(valid)), { VS_AGENT_BROKER_URL: 'mqtt://10.0.0.1:1883', VS_AGENT_ACK_TIMEOUT_MS: '500', VS_AGENT_READER_DRIVER: 'pn532' });
    expect(loaded.ok && loaded.config).toMatchObject({ broker: { url: 'mqtt://10.0.0.1:1883' }, ackTimeoutMs: 500, reader: { driver: 'pn532' } });
    expect(loaded.ok && baudRateOf(loaded.config)).toBe(115200);
  });

  it('lists every problem by path', () => {
    const loaded = loadAgentConfig(file(JSON.stringify({ ...valid, stationId: 'a/b', reader: { driver: 'usb' }, surprise: true })), { VS_AGENT_DEBOUNCE_MS: 'soon' });
    expect(loaded.ok).toBe(false);
    const issues = loaded.ok ? [] : loaded.issues;
    expect(issues.some((i) => i.startsWith('stationId: '))).toBe(true);
    expect(issues.some((i) => i.startsWith('reader.driver: '))).toBe(true);
    expect(issues.some((i) => i.startsWith('debounceMs: '))).toBe(true);
    expect(issues.some((i) => i.startsWith('surprise: '))).toBe(true);
  });

  it('reports unreadable files and bad JSON', () => {
    expect(loadAgentConfig('/nonexistent/agent.json', {})).toMatchObject({ ok: false, issues: [expect.stringContaining('ENOENT')], error: { code: 'CONFIG_FILE_MISSING' } });
    expect(loadAgentConfig(file('{ nope'), {})).toMatchObject({ ok: false, issues: [expect.stringContaining('not valid JSON')], error: { code: 'CONFIG_FILE_NOT_JSON' } });
  });

  it('has no screen watchdog unless the config asks for one, then fills its defaults', () => {
    const without = loadAgentConfig(file(JSON.stringify(valid)), {});
    expect(without.ok && without.config.screen).toBeUndefined();
    const withScreen = loadAgentConfig(file(JSON.stringify({ ...valid, screen: { kioskId: 'KI-0001' } })), {});
    expect(withScreen.ok && withScreen.config.screen).toEqual({ kioskId: 'KI-0001', cdpUrl: 'http://127.0.0.1:9222', restartCommand: ['systemctl', 'restart', 'volunteer-kiosk'], probeIntervalMs: 10_000, probeTimeoutMs: 5_000, screenshotIntervalMs: 60_000 });
  });

  it('refuses a DevTools endpoint off loopback and an empty restart command, by path', () => {
    const loaded = loadAgentConfig(file(JSON.stringify({ ...valid, screen: { cdpUrl: 'http://10.0.0.5:9222', restartCommand: [] } })), {});
    expect(loaded.ok).toBe(false);
    const messages = loaded.ok ? '' : loaded.issues.join('\n');
    expect(messages).toMatch(/screen\.cdpUrl: must be an http:\/\/ or ws:\/\/ URL on loopback/);
    expect(messages).toMatch(/screen\.restartCommand: must name a program/);
    const halfPower = loadAgentConfig(file(JSON.stringify({ ...valid, screen: { screenOffCommand: ['vcgencmd', 'display_power', '0'] } })), {});
    expect(halfPower.ok).toBe(false);
    expect(halfPower.ok ? '' : halfPower.issues.join('\n')).toMatch(/screenOffCommand and screenOnCommand go together/);
  });
});
