import { describe, expect, it } from 'vitest';
import { AGENT_ENV_PREFIX, AgentConfigSchema, applyEnvOverrides, envName, listEnvOverrides, validate } from '../../shared/index.ts';
import { agentConfig } from '../helpers/protocol-examples.ts';

describe('environment overrides from the config schema', () => {
  it('names variables after the config path', () => {
    expect(envName('VS_AGENT', ['broker', 'url'])).toBe('VS_AGENT_BROKER_URL');
    expect(envName('VS_AGENT', ['ackTimeoutMs'])).toBe('VS_AGENT_ACK_TIMEOUT_MS');
    const names = listEnvOverrides(AgentConfigSchema, AGENT_ENV_PREFIX).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['VS_AGENT_STATION_ID', 'VS_AGENT_BROKER_PASSWORD', 'VS_AGENT_READER_PATH', 'VS_AGENT_HTTP_PORT', 'VS_AGENT_DEBOUNCE_MS']));
  });

  it('overrides strings and numbers, leaving the file value elsewhere', () => {
    const merged = applyEnvOverrides(agentConfig, AgentConfigSchema, {
      VS_AGENT_BROKER_URL: 'mqtts://broker.example.org:8883',
      VS_AGENT_DEBOUNCE_MS: '1500',
      VS_AGENT_HTTP_PORT: '0',
      UNRELATED: 'x',
    }, AGENT_ENV_PREFIX);
    expect(validate(AgentConfigSchema, merged)).toMatchObject({
      ok: true,
      value: { broker: { url: 'mqtts://broker.example.org:8883', username: 'ST-0001' }, debounceMs: 1500, http: { port: 0 }, stationId: 'ST-0001' },
    });
    expect(agentConfig.debounceMs).toBe(3000);
  });

  it('lets the schema report a value that does not coerce, by its path', () => {
    const merged = applyEnvOverrides(agentConfig, AgentConfigSchema, { VS_AGENT_DEBOUNCE_MS: 'soon' }, AGENT_ENV_PREFIX);
    const verdict = validate(AgentConfigSchema, merged);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.issues.join('\n')).toMatch(/^debounceMs: /m);
  });

  it('can supply a whole config from the environment', () => {
    const merged = applyEnvOverrides({}, AgentConfigSchema, {
      VS_AGENT_STATION_ID: 'ST-9',
      VS_AGENT_SITE_ID: 'SITE-9',
      VS_AGENT_BROKER_URL: 'mqtt://127.0.0.1:1883',
      VS_AGENT_READER_DRIVER: 'simulated',
      VS_AGENT_DATA_DIR: '/tmp/st9',
    }, AGENT_ENV_PREFIX);
    expect(validate(AgentConfigSchema, merged).ok).toBe(true);
  });
});
