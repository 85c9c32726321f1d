/**
 * The database holds every volunteer's name and card uids, and a card uid is all it
 * takes to clone an EM4100 card: its folder is created 0700 and its files 0600
 * whatever the umask (the systemd unit also sets UMask=0077). SQLite creates `-wal`
 * and `-shm` with the mode of the database file, so creating that file 0600 first is
 * enough; files left 0644 by an older central are tightened when it opens them.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Returns the database path, with the folder and the file in place and private. */
export function preparePrivateDatabaseFile(dataDir: string, fileName: string): string {
  // The mode applies to every folder this creates; the umask can only remove bits from it.
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = join(dataDir, fileName);
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  return file;
}
