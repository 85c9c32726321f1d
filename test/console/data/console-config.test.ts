import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_THRESHOLDS, loadConsoleConfig } from '../../../console/data/console-config.ts';

const PAGE = 'http://kiosk.example:8080/console.html';

function fetchReturning(status: number, body: string): typeof fetch {
  return async () => new Response(body, { status });
}

describe('loadConsoleConfig', () => {
  it('reads a full file', async () => {
    const file = { locale: 'en', brokerUrl: 'wss://broker.example/mqtt', topicRoot: 'city/v1', demoLogin: { username: 'm', password: 'p' }, demoCards: [{ label: 'Wang', uid: '0A1B2C3D4E' }], alertThresholds: { offlineMs: 5000 } };
    const { config, problems } = await loadConsoleConfig(PAGE, fetchReturning(200, JSON.stringify(file)));
    expect(problems).toEqual([]);
    expect(config).toEqual({ ...file, alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS, offlineMs: 5000 } });
  });

  it('falls back to defaults without a file', async () => {
    const { config, problems } = await loadConsoleConfig(PAGE, fetchReturning(404, ''));
    expect(problems).toEqual([]);
    expect(config).toEqual({ locale: 'zh-CN', brokerUrl: 'ws://kiosk.example:9001', topicRoot: 'vs/v1', demoCards: [], alertThresholds: DEFAULT_ALERT_THRESHOLDS });
  });

  it('lists every problem of a bad file by path and still starts', async () => {
    const bad = { locale: 'fr', brokerUrl: 'mqtt://x:1883', topicRoot: '/bad/', demoCards: [{ label: 'x', uid: 'nothex' }], extra: 1 };
    const { config, problems } = await loadConsoleConfig(PAGE, fetchReturning(200, JSON.stringify(bad)));
    expect(config.topicRoot).toBe('vs/v1');
    const text = problems.join('\n');
    for (const path of ['locale', 'brokerUrl', 'topicRoot', 'demoCards.0.uid', 'extra']) expect(text).toContain(path);
  });

  it('reports broken JSON', async () => {
    const { problems } = await loadConsoleConfig(PAGE, fetchReturning(200, '{'));
    expect(problems[0]).toMatch(/not valid JSON/);
  });
});
