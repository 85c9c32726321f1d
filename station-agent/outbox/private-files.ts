/**
 * The outbox holds full card uids, which is all it takes to clone an EM4100 card, so
 * its directory is 0700 and its files 0600 whatever the umask. A data directory or
 * file left looser by an older version or a hand-made directory is tightened, and
 * reported, rather than refused: refusing would stop check-ins at the upgrade, and
 * the agent owns its data directory. A directory with the sticky bit (/tmp and the
 * like) is shared by design and is refused, never chmod'ed.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export class PrivateDataError extends Error {
  readonly code = 'PRIVATE_DATA';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrivateDataError';
  }
}

/** A path whose mode was looser than required, and what it was. */
export interface TightenedMode {
  path: string;
  from: string;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

function tighten(path: string, mode: number, wanted: number, tightened: TightenedMode[]): void {
  if ((mode & 0o7777) === wanted) return;
  try {
    chmodSync(path, wanted);
  } catch (err) {
    throw new PrivateDataError(`${path} is mode ${octal(mode)} and cannot be made ${octal(wanted)} (${(err as Error).message}); it holds full card uids: give the agent's user ownership of it`, { cause: err });
  }
  tightened.push({ path, from: octal(mode) });
}

/** Creates `dir` (and missing parents) as 0700, or tightens an existing one. */
export function ensurePrivateDir(dir: string, tightened: TightenedMode[]): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new PrivateDataError(`dataDir ${dir} is not a directory`);
  if (stat.mode & 0o1000) throw new PrivateDataError(`dataDir ${dir} is a shared directory (sticky bit, like /tmp): give the agent a directory of its own, e.g. /var/lib/station-agent/<stationId>`);
  tighten(dir, stat.mode, PRIVATE_DIR_MODE, tightened);
}

/**
 * Creates `file` empty as 0600 if it is missing, else tightens it. SQLite gives the
 * -wal and -shm files it creates the mode of the database file (os_unix.c,
 * findCreateFileMode), so a database made 0600 here keeps them 0600 too.
 */
export function ensurePrivateFile(file: string, tightened: TightenedMode[]): void {
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    // The umask can only have removed bits; this puts back none but the owner's.
    chmodSync(file, PRIVATE_FILE_MODE);
    return;
  }
  tighten(file, statSync(file).mode, PRIVATE_FILE_MODE, tightened);
}
