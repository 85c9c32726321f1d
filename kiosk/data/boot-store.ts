/**
 * What the kiosk needs to boot offline, kept in IndexedDB: the validated config
 * without its key, and the check-in key (v2 kiosk key or v1 station secret) as a non-extractable CryptoKey
 * (protocol v1 §Kiosk configuration file). IndexedDB is per origin while several
 * kiosks may share one origin under different paths, so records are keyed by the
 * config file's URL.
 */
import type { KioskConfig } from '../../shared/index.ts';

/**
 * The config as the kiosk keeps it: everything but the key text. `codeVersion` says
 * which code the key mints: 2 for a `kioskKey`, 1 for a station `secret` (and for
 * records saved before protocol v2, which have no `codeVersion`).
 */
export type KioskSettings = Omit<KioskConfig, 'checkin'> & {
  checkin: Omit<KioskConfig['checkin'], 'secret' | 'kioskKey'> & { codeVersion?: 1 | 2 };
};

export interface BootRecord {
  settings: KioskSettings;
  checkinKey: CryptoKey;
  savedAt: string;
}

const DB_NAME = 'kiosk-boot';
const STORE = 'boot';

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
}

function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return openDatabase().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const request = run(db.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = () => {
          resolve(request.result as T);
          db.close();
        };
        request.onerror = () => {
          reject(request.error ?? new Error('IndexedDB request failed'));
          db.close();
        };
      }),
  );
}

export function saveBootRecord(configUrl: string, record: BootRecord): Promise<void> {
  return transact<unknown>('readwrite', (store) => store.put(record, configUrl)).then(() => undefined);
}

export function loadBootRecord(configUrl: string): Promise<BootRecord | undefined> {
  return transact<BootRecord | undefined>('readonly', (store) => store.get(configUrl));
}
