/**
 * HTTP Basic authentication (RFC 7617) against `managers` in the central config:
 * name -> `sha256:<hex>` of the password. Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-helpers.ts';

const CHALLENGE = { 'www-authenticate': 'Basic realm="central", charset="UTF-8"' };

export function hashManagerPassword(password: string): string {
  return `sha256:${createHash('sha256').update(password, 'utf8').digest('hex')}`;
}

/** Returns the manager's name, or throws a 401 HttpError. */
export function authenticateManager(authorization: string | undefined, managers: Record<string, string>): string {
  if (Object.keys(managers).length === 0) {
    throw new HttpError(401, 'no manager accounts are configured: add "managers" to the central config', [], CHALLENGE);
  }
  const header = authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'manager credentials required (HTTP Basic)', [], CHALLENGE);
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const expected = Object.hasOwn(managers, name) ? managers[name]! : hashManagerPassword(`not-a-manager:${Math.random()}`);
  const given = hashManagerPassword(password);
  const ok = timingSafeEqual(Buffer.from(given), Buffer.from(expected)) && Object.hasOwn(managers, name);
  if (!ok) throw new HttpError(401, 'wrong manager name or password', [], CHALLENGE);
  return name;
}
