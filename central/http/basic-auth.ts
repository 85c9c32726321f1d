/**
 * HTTP Basic authentication (RFC 7617) against `managers` in the central config:
 * name -> scrypt hash (central/managers/manager-password.ts). Wrong passwords are
 * throttled per client address and per name: after 10 within a minute every attempt
 * gets 429 with Retry-After for a minute, even with the right password (refusing the
 * right password too is what makes the limit protect anything: an attacker would
 * otherwise read success from the answer). The counters are the store's attempt
 * counters (phone/attempt-guard.ts), so every replica behind a load balancer counts
 * into the same budget: a limit per replica would multiply an attacker's guesses.
 */
import type { FastifyRequest } from 'fastify';
import { verifyManagerPassword } from '../managers/manager-password.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralConfig } from '../../shared/index.ts';
import { HttpError } from './http-helpers.ts';
import { principalOf, type ManagerPrincipal } from './manager-scope.ts';
import type { AttemptGuard } from '../phone/attempt-guard.ts';
import type { AttemptKey } from '../phone/attempt-rules.ts';

const CHALLENGE = { 'www-authenticate': 'Basic realm="central", charset="UTF-8"' };


export interface ManagerAuthDeps {
  managers: Record<string, string>;
  /** Protocol v2 roles (manager-scope.ts); absent: every account is a city manager. */
  managerRoles?: CentralConfig['managerRoles'];
  log: CentralLogger;
  /** Failed logins, counted in the store (shared by replicas); its clock is the throttle's. */
  attempts: AttemptGuard;
}

function credentialsOf(authorization: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { name: decoded, password: '' } : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class ManagerAuthenticator {
  constructor(private readonly deps: ManagerAuthDeps) {}

  /** Returns the manager's name, or throws a 401 or 429 HttpError. */
  async authenticate(request: FastifyRequest): Promise<string> {
    const { managers, log, attempts } = this.deps;
    if (Object.keys(managers).length === 0) {
      throw new HttpError(401, 'no manager accounts are configured: add one with "central managers add NAME --config FILE"', [], CHALLENGE);
    }
    const credentials = credentialsOf(request.headers.authorization);
    if (!credentials) throw new HttpError(401, 'manager credentials required (HTTP Basic)', [], CHALLENGE);
    // The name key exists for names nobody has too, so a lockout does not tell names apart.
    const keys: AttemptKey[] = [
      { scope: 'manager-address', key: request.ip },
      { scope: 'manager-name', key: credentials.name },
    ];
    const wait = await attempts.blocked(keys);
    if (wait > 0) throw new HttpError(429, `too many wrong passwords: try again in ${wait} s`, [], { 'retry-after': String(wait) });
    const stored = Object.hasOwn(managers, credentials.name) ? managers[credentials.name] : undefined;
    if (await verifyManagerPassword(credentials.password, stored)) return credentials.name;
    await attempts.failed(keys);
    if ((await attempts.blocked(keys)) > 0) log.warn({ manager: credentials.name, address: request.ip }, 'manager logins locked for a while after repeated wrong passwords');
    throw new HttpError(401, 'wrong manager name or password', [], CHALLENGE);
  }

  /** Like authenticate, with what the account may do (manager-scope.ts). */
  async principal(request: FastifyRequest): Promise<ManagerPrincipal> {
    return principalOf(await this.authenticate(request), this.deps.managerRoles ?? {});
  }
}
