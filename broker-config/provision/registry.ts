/**
 * The provisioning tool's record of who holds a broker account and in which role
 * (`DIR/broker/users.json`). The ACL and the edge bridge configs are rendered from
 * it, so they can always be regenerated and never drift from each other.
 * One namespace for every role: a kiosk id can never also be a station id, so no
 * account can gain another role's rights by its name.
 */
import * as v from 'valibot';
import { DEFAULT_TOPIC_ROOT, IdSchema, TopicRootSchema } from '../../shared/index.ts';

/** `kioskId` is absent after `revoke-kiosk`, until the station is given a new kiosk. */
const StationAccountSchema = v.strictObject({ role: v.literal('station'), siteId: IdSchema, kioskId: v.optional(IdSchema) });
const KioskAccountSchema = v.strictObject({ role: v.literal('kiosk'), stationId: IdSchema, siteId: IdSchema });
/** One per replica of the central service (`central-1`, `central-2`…): each its own client id and session. */
const CentralAccountSchema = v.strictObject({ role: v.literal('central') });
/** `central content publish`: a short connection of its own, so it never takes a replica's client id. */
const ContentAccountSchema = v.strictObject({ role: v.literal('content') });
const ManagerAccountSchema = v.strictObject({ role: v.literal('manager') });
/** `kioskListener`: the edge's WebSocket listener on loopback (default) or on every interface with TLS. */
const BridgeAccountSchema = v.strictObject({ role: v.literal('bridge'), siteId: IdSchema, kioskListener: v.optional(v.picklist(['loopback', 'tls'])) });

export const AccountSchema = v.variant('role', [StationAccountSchema, KioskAccountSchema, CentralAccountSchema, ContentAccountSchema, ManagerAccountSchema, BridgeAccountSchema]);
export type Account = v.InferOutput<typeof AccountSchema>;
export type Role = Account['role'];
export type StationAccount = v.InferOutput<typeof StationAccountSchema>;
export type BridgeAccount = v.InferOutput<typeof BridgeAccountSchema>;

/**
 * Which broker an account lives on. Stations and kiosks talk only to their site's
 * edge broker; the central broker (tier) knows only the central service, the content
 * publisher, managers and site bridges, so a stolen device credential is useless there.
 */
export type Tier = { kind: 'central' } | { kind: 'edge'; siteId: string };

export function tierOf(account: Account): Tier {
  return account.role === 'station' || account.role === 'kiosk' ? { kind: 'edge', siteId: account.siteId } : { kind: 'central' };
}

export function usersOfTier(registry: Registry, tier: Tier): string[] {
  return Object.keys(registry.users)
    .filter((name) => {
      const t = tierOf(registry.users[name]!);
      return t.kind === tier.kind && (t.kind === 'central' || (tier.kind === 'edge' && t.siteId === tier.siteId));
    })
    .sort();
}

/** Every site with an edge broker to provision: those with stations or a bridge. */
export function sitesOf(registry: Registry): string[] {
  const sites = new Set<string>();
  for (const account of Object.values(registry.users)) if (account.role === 'station' || account.role === 'bridge') sites.add(account.siteId);
  return [...sites].sort();
}

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
