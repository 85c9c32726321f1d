/**
 * HTTP Basic authentication (RFC 7617) against `managers` in the central config:
 * name -> scrypt hash (central/managers/manager-password.ts). Wrong passwords are
 * throttled per client address and per name (login-throttle.ts): the 11th attempt
 * within a minute gets 429 with Retry-After, even with the right password.
 */
import type { FastifyRequest } from 'fastify';
import { verifyManagerPassword } from '../managers/manager-password.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralConfig } from '../../shared/index.ts';
import { HttpError } from './http-helpers.ts';
import { principalOf, type ManagerPrincipal } from './manager-scope.ts';
import { LoginThrottle } from './login-throttle.ts';

const CHALLENGE = { 'www-authenticate': 'Basic realm="central", charset="UTF-8"' };

export const MANAGER_LOGIN_LIMIT = { maxFailures: 10, windowMs: 60_000 } as const;

export interface ManagerAuthDeps {
  managers: Record<string, string>;
  /** Protocol v2 roles (manager-scope.ts); absent: every account is a city manager. */
  managerRoles?: CentralConfig['managerRoles'];
  log: CentralLogger;
  /** Tests move time; defaults to Date.now. */
  now?: () => number;
}

function credentialsOf(authorization: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { name: decoded, password: '' } : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class ManagerAuthenticator {
  private readonly throttle: LoginThrottle;

  constructor(private readonly deps: ManagerAuthDeps) {
    this.throttle = new LoginThrottle({ ...MANAGER_LOGIN_LIMIT, ...(deps.now ? { now: deps.now } : {}) });
  }

  /** Returns the manager's name, or throws a 401 or 429 HttpError. */
  async authenticate(request: FastifyRequest): Promise<string> {
    const { managers, log } = this.deps;
    if (Object.keys(managers).length === 0) {
      throw new HttpError(401, 'no manager accounts are configured: add one with "central managers add NAME --config FILE"', [], CHALLENGE);
    }
    const credentials = credentialsOf(request.headers.authorization);
    if (!credentials) throw new HttpError(401, 'manager credentials required (HTTP Basic)', [], CHALLENGE);
    // The name key exists for names nobody has too, so a lockout does not tell names apart.
    const keys = [`address:${request.ip}`, `name:${credentials.name}`];
    const verdict = this.throttle.check(keys);
    if (!verdict.allowed) {
      throw new HttpError(429, `too many wrong passwords: try again in ${verdict.retryAfterSeconds} s`, [], { 'retry-after': String(verdict.retryAfterSeconds) });
    }
    const stored = Object.hasOwn(managers, credentials.name) ? managers[credentials.name] : undefined;
    if (await verifyManagerPassword(credentials.password, stored)) return credentials.name;
    this.throttle.recordFailure(keys);
    if (!this.throttle.check(keys).allowed) log.warn({ manager: credentials.name, address: request.ip }, 'manager logins locked for a while after repeated wrong passwords');
    throw new HttpError(401, 'wrong manager name or password', [], CHALLENGE);
  }

  /** Like authenticate, with what the account may do (manager-scope.ts). */
  async principal(request: FastifyRequest): Promise<ManagerPrincipal> {
    return principalOf(await this.authenticate(request), this.deps.managerRoles ?? {});
  }
}
