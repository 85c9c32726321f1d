/**
 * Loads the agent config: JSON file, then `VS_AGENT_*` environment overrides, then
 * the shared schema. Every problem comes back as `path: message`.
 */
import { readFileSync } from 'node:fs';
import { AGENT_ENV_PREFIX, AgentConfigSchema, applyEnvOverrides, DEFAULT_BAUD_RATE, validate, type AgentConfig } from '../shared/index.ts';

export type LoadedConfig = { ok: true; config: AgentConfig } | { ok: false; issues: string[] };

export function loadAgentConfig(file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, issues: [`(file): cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [`(file): ${file} is not valid JSON: ${(err as Error).message}`] };
  }
  const checked = validate(AgentConfigSchema, applyEnvOverrides(json, AgentConfigSchema, env, AGENT_ENV_PREFIX));
  return checked.ok ? { ok: true, config: checked.value } : { ok: false, issues: checked.issues };
}

export function baudRateOf(config: AgentConfig): number {
  return config.reader.baudRate ?? DEFAULT_BAUD_RATE[config.reader.driver];
}
