/**
 * Loads `kiosk-config.json` relative to the page (protocol v1), validates it with the
 * shared schema and turns its check-in key into a non-extractable CryptoKey. Offline, it boots
 * from the last good copy in IndexedDB. Every failure is a typed reason the
 * configuration-error screen can show; nothing here throws.
 */
import { importCheckinKey, KioskConfigSchema, parseJson } from '../../shared/index.ts';
import { loadBootRecord, saveBootRecord, type KioskSettings } from './boot-store.ts';

export const CONFIG_FILE = 'kiosk-config.json';

export type ConfigLoadResult =
  | { ok: true; settings: KioskSettings; checkinKey: CryptoKey; source: 'network' | 'offline-copy' }
  | { ok: false; problem: 'missing' | 'invalid' | 'unreachable'; details: string[] };

export function configUrlFor(pageUrl: string): string {
  return new URL(CONFIG_FILE, pageUrl).href;
}

async function fromOfflineCopy(configUrl: string, why: string): Promise<ConfigLoadResult> {
  const record = await loadBootRecord(configUrl).catch(() => undefined);
  if (!record) return { ok: false, problem: 'unreachable', details: [why] };
  return { ok: true, settings: record.settings, checkinKey: record.checkinKey, source: 'offline-copy' };
}

export async function loadKioskConfig(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<ConfigLoadResult> {
  const configUrl = configUrlFor(pageUrl);
  let response: Response;
  try {
    // no-store: the file carries the key and must never sit in an HTTP or SW cache.
    response = await fetchImpl(configUrl, { cache: 'no-store', credentials: 'same-origin' });
  } catch (err) {
    return fromOfflineCopy(configUrl, `${CONFIG_FILE}: ${(err as Error).message}`);
  }
  if (response.status === 404) return { ok: false, problem: 'missing', details: [`${CONFIG_FILE}: not found (HTTP 404)`] };
  if (!response.ok) {
    // A server error says nothing about the config: keep working from the last good copy.
    return fromOfflineCopy(configUrl, `${CONFIG_FILE}: HTTP ${response.status}`);
  }
  const parsed = parseJson(KioskConfigSchema, await response.text());
  if (!parsed.ok) return { ok: false, problem: 'invalid', details: parsed.issues };
  const { secret, kioskKey, ...checkinWithoutKey } = parsed.value.checkin;
  // The schema admits exactly one of the two: a v2 kiosk key, or a v1 station secret.
  const checkinKey = await importCheckinKey((kioskKey ?? secret)!);
  const settings: KioskSettings = { ...parsed.value, checkin: { ...checkinWithoutKey, codeVersion: kioskKey !== undefined ? 2 : 1 } };
  // Not awaited: the QR must not wait for IndexedDB; the copy is only needed on a later offline boot.
  void saveBootRecord(configUrl, { settings, checkinKey, savedAt: new Date().toISOString() }).catch((err: unknown) => {
    console.warn('kiosk: could not keep the config for offline boot', err);
  });
  return { ok: true, settings, checkinKey, source: 'network' };
}
