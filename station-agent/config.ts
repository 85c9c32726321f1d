/**
 * Loads the agent config with the shared config-file reader: JSON file, then
 * `VS_AGENT_*` environment overrides, then the shared schema. Every problem comes
 * back as `path: message`, in a ConfigFileError that names the file.
 */
import { readFileSync } from 'node:fs';
import { AGENT_ENV_PREFIX, AgentConfigSchema, DEFAULT_BAUD_RATE, readConfigFile, type AgentConfig, type ConfigFileError } from '../shared/index.ts';

/** `issues` is `error.issues`, every problem as `path: message`. */
export type LoadedConfig = { ok: true; config: AgentConfig } | { ok: false; error: ConfigFileError; issues: readonly string[] };

export function loadAgentConfig(file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const loaded = readConfigFile({
    file,
    read: () => readFileSync(file, 'utf8'),
    schema: AgentConfigSchema,
    format: 'docs/schemas/agent-config.json',
    envPrefix: AGENT_ENV_PREFIX,
    env,
  });
  return loaded.ok ? { ok: true, config: loaded.value } : { ok: false, error: loaded.error, issues: loaded.error.issues };
}

export function baudRateOf(config: AgentConfig): number {
  return config.reader.baudRate ?? DEFAULT_BAUD_RATE[config.reader.driver];
}
