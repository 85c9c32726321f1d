/**
 * The provisioning tool's record of who holds a broker account and in which role
 * (`DIR/broker/users.json`). The ACL and the edge bridge configs are rendered from
 * it, so they can always be regenerated and never drift from each other.
 * One namespace for every role: a kiosk id can never also be a station id, so no
 * account can gain another role's rights by its name.
 */
import * as v from 'valibot';
import { DEFAULT_TOPIC_ROOT, IdSchema, TopicRootSchema } from '../../shared/index.ts';

const StationAccountSchema = v.strictObject({ role: v.literal('station'), siteId: IdSchema, kioskId: IdSchema });
const KioskAccountSchema = v.strictObject({ role: v.literal('kiosk'), stationId: IdSchema, siteId: IdSchema });
const CentralAccountSchema = v.strictObject({ role: v.literal('central') });
const ManagerAccountSchema = v.strictObject({ role: v.literal('manager') });
const BridgeAccountSchema = v.strictObject({ role: v.literal('bridge'), siteId: IdSchema });

export const AccountSchema = v.variant('role', [StationAccountSchema, KioskAccountSchema, CentralAccountSchema, ManagerAccountSchema, BridgeAccountSchema]);
export type Account = v.InferOutput<typeof AccountSchema>;
export type Role = Account['role'];
export type StationAccount = v.InferOutput<typeof StationAccountSchema>;

export const RegistrySchema = v.strictObject({
  v: v.literal(1),
  topicRoot: TopicRootSchema,
  /** username -> account; for stations and kiosks the username is the id. */
  users: v.record(IdSchema, AccountSchema),
});
export type Registry = v.InferOutput<typeof RegistrySchema>;

export function emptyRegistry(topicRoot = DEFAULT_TOPIC_ROOT): Registry {
  return { v: 1, topicRoot, users: {} };
}

export class RoleConflictError extends Error {
  readonly code = 'ROLE_CONFLICT';
  constructor(username: string, existing: Role, wanted: Role) {
    super(`"${username}" is already a ${existing} account; one name cannot also be a ${wanted} (pick another id or revoke it first).`);
    this.name = 'RoleConflictError';
  }
}

/** Refuses to give an existing username a second role. */
export function assertRoleFree(registry: Registry, username: string, wanted: Role): void {
  const existing = registry.users[username];
  if (existing && existing.role !== wanted) throw new RoleConflictError(username, existing.role, wanted);
}

export function stationsOfSite(registry: Registry, siteId: string): [string, StationAccount][] {
  return Object.entries(registry.users)
    .filter((entry): entry is [string, StationAccount] => entry[1].role === 'station' && entry[1].siteId === siteId)
    .sort(([a], [b]) => a.localeCompare(b));
}
