/**
 * Environment overrides derived from a config schema: `VS_AGENT_BROKER_URL` sets
 * `broker.url`, `VS_AGENT_ACK_TIMEOUT_MS` sets `ackTimeoutMs`. The schema decides
 * which paths exist and whether a value is a number, a boolean or a string, so the
 * overrides cannot drift from the config file format.
 */
import type * as v from 'valibot';

type AnySchema = v.GenericSchema & { type: string; entries?: Record<string, AnySchema>; wrapped?: AnySchema; pipe?: AnySchema[] };

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s.wrapped) s = s.wrapped;
  if (s.pipe && s.pipe[0] && s.pipe[0] !== s) return unwrap(s.pipe[0]);
  return s;
}

export function envName(prefix: string, path: readonly string[]): string {
  const snake = path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  return [prefix, ...snake].join('_');
}

export interface EnvOverride {
  name: string;
  path: string[];
  type: string;
}

/** Every overridable leaf of an object schema, with its variable name. */
export function listEnvOverrides(schema: v.GenericSchema, prefix: string, path: string[] = []): EnvOverride[] {
  const s = unwrap(schema as AnySchema);
  if (s.type === 'object' || s.type === 'strict_object' || s.type === 'loose_object') {
    return Object.entries(s.entries ?? {}).flatMap(([key, child]) => listEnvOverrides(child, prefix, [...path, key]));
  }
  return [{ name: envName(prefix, path), path, type: s.type }];
}

function coerce(raw: string, type: string): unknown {
  if (type === 'number') {
    const n = Number(raw);
    return raw.trim() === '' || Number.isNaN(n) ? raw : n;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * Returns a copy of `config` with the matching environment variables applied. A
 * value that does not coerce is left as text, so the schema reports it by path.
 */
export function applyEnvOverrides(config: unknown, schema: v.GenericSchema, env: Record<string, string | undefined>, prefix: string): unknown {
  const out: Record<string, unknown> = structuredClone((config ?? {}) as Record<string, unknown>);
  for (const { name, path, type } of listEnvOverrides(schema, prefix)) {
    const raw = env[name];
    if (raw === undefined) continue;
    let node = out;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = coerce(raw, type);
  }
  return out;
}
