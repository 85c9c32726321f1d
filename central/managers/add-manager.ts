/**
 * `central managers add NAME --config FILE`: sets one manager's scrypt password hash
 * in the config file's `managers` map, where `central run` reads it. Everything else in
 * the file is kept as it is (its values and key order; the JSON is re-indented). The
 * file is replaced atomically (a 0600 temporary file beside it, fsync, rename), keeps
 * its owner when run as root, and is left 0600: it holds credentials.
 */
import { chownSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isValidId } from '../../shared/index.ts';
import { UsageError } from '../errors.ts';
import { hashManagerPassword, MIN_MANAGER_PASSWORD_LENGTH } from './manager-password.ts';

export class ManagerPasswordError extends Error {
  readonly code = 'CENTRAL_MANAGER_PASSWORD';
  constructor(message: string) {
    super(message);
    this.name = 'ManagerPasswordError';
  }
}

/** The password is the first line of standard input; refused when empty or short. */
export function passwordFromInput(input: string): string {
  const password = input.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') {
    throw new ManagerPasswordError('no password given: write it to standard input, e.g. printf %s "$PASSWORD" | central managers add NAME --config FILE');
  }
  if ([...password].length < MIN_MANAGER_PASSWORD_LENGTH) {
    throw new ManagerPasswordError(`the password is too short: use at least ${MIN_MANAGER_PASSWORD_LENGTH} characters (a few random words work well)`);
  }
  return password;
}

function readConfigObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${(err as Error).message}); fix it first, nothing was changed`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${file} is not a JSON object; nothing was changed`);
  return parsed as Record<string, unknown>;
}

function writeFileAtomically(file: string, text: string): void {
  const previous = statSync(file);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // Root editing a service's config must not leave it owned by root and unreadable to the service.
    if (process.getuid?.() === 0) chownSync(temporary, previous.uid, previous.gid);
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  const dirFd = openSync(dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

export interface AddManagerOutcome {
  created: boolean;
}

export function addManager(configFile: string, name: string, password: string): AddManagerOutcome {
  if (!isValidId(name)) throw new UsageError(`${JSON.stringify(name)} is not a valid manager name: 1 to 64 characters of A-Z a-z 0-9 _ -`);
  const config = readConfigObject(configFile);
  const managers = config.managers ?? {};
  if (typeof managers !== 'object' || managers === null || Array.isArray(managers)) throw new UsageError(`${configFile}: "managers" is not an object; nothing was changed`);
  const created = !Object.hasOwn(managers, name);
  config.managers = { ...(managers as Record<string, unknown>), [name]: hashManagerPassword(password) };
  writeFileAtomically(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return { created };
}
