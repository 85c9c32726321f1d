/**
 * Every file the provisioning tool writes holds a secret or grants access, so each
 * one is written whole (temp file + rename, never half a passwd file) with mode
 * 0600 inside directories of mode 0700, and only when its content changes, so a
 * repeated run leaves files and their times alone.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as v from 'valibot';
import { validate } from '../../shared/index.ts';

export class ProvisionFileError extends Error {
  readonly code = 'PROVISION_FILE';
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`${path} is not usable:\n  ${problems.join('\n  ')}`);
    this.name = 'ProvisionFileError';
  }
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export function writeSecretFile(path: string, content: string): WriteOutcome {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const existed = existsSync(path);
  if (existed && readFileSync(path, 'utf8') === content) {
    chmodSync(path, 0o600);
    return 'unchanged';
  }
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return existed ? 'updated' : 'created';
}

export function writeJsonFile(path: string, value: unknown): WriteOutcome {
  return writeSecretFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function readTextIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Reads and validates a JSON file; undefined when it does not exist. Returns the
 * file's own JSON (schema input, without filled-in defaults), so writing it back
 * changes nothing.
 */
export function readJsonIfExists<S extends v.GenericSchema>(path: string, schema: S): v.InferInput<S> | undefined {
  const text = readTextIfExists(path);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProvisionFileError(path, [`not valid JSON (${(err as Error).message})`]);
  }
  assertValid(path, schema, json);
  return json as v.InferInput<S>;
}

export function assertValid(path: string, schema: v.GenericSchema, value: unknown): void {
  const result = validate(schema, value);
  if (!result.ok) throw new ProvisionFileError(path, result.issues);
}

/** Validates before writing, so the tool never leaves a file its reader would refuse. */
export function writeValidJson<S extends v.GenericSchema>(path: string, schema: S, value: v.InferInput<S>): WriteOutcome {
  assertValid(path, schema, value);
  return writeJsonFile(path, value);
}

export function removePath(path: string): boolean {
  if (!existsSync(path)) return false;
  rmSync(path, { recursive: true, force: true });
  return true;
}
