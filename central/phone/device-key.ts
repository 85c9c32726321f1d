/**
 * The phone's device key: 32 random bytes in an HttpOnly, SameSite=Strict cookie. The
 * service keeps only its SHA-256 (the key is random, so no salt or stretching is
 * needed). It names one browser on one phone: tickets are bound to it, and a phone
 * linked without a passkey proves itself with it.
 */
import { createHash, randomBytes } from 'node:crypto';

export const DEVICE_COOKIE = 'vs_device';
/** Browsers cap cookie lifetimes at 400 days (RFC 6265bis §5.5). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 3600;
const DEVICE_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newDeviceKey(): string {
  return randomBytes(32).toString('base64url');
}

export function isDeviceKey(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_KEY_PATTERN.test(value);
}

export function deviceHash(deviceKey: string): string {
  return createHash('sha256').update(`vs-device-key/v1\n${deviceKey}`).digest('base64url');
}
