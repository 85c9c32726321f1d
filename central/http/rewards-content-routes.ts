/**
 * The rewards catalogue and the star perks in the content admin API (protocol v2
 * §Content admin API), registered by content-routes.ts with its one edit path:
 *   PUT /api/content/rewards?site=SITE  {baseVersion, rewards, dryRun?}: the site's catalogue; an item's
 *       `stock` differing from the shelf count now is a stock correction, audited with who and when,
 *       made against `stockSeen` (reward-stock-edits.ts: 409 `stock-changed` when the shelf changed since)
 *   PUT /api/content/perks              {baseVersion, perks, dryRun?}: city managers, the city-wide perks
 *   GET /api/shop/stock-corrections?site=SITE  the site's audited stock corrections, newest first
 * The content version keeps the catalogue without stock: the count lives in the store.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { IdSchema, PerksEditSchema, RewardsEditSchema, type ContentFile, type RewardItem } from '../../shared/index.ts';
import { catalogueItemOf, planStockEdits, type ShelfCount, type StaleStock } from '../content/reward-stock-edits.ts';
import type { SiteStockCorrections } from '../content/publish-content.ts';
import type { CentralStore } from '../store/central-store.ts';
import { queryOf, sendJson } from './http-helpers.ts';
import { requireCityManager, type ManagerPrincipal } from './manager-scope.ts';

/** content-routes.ts's refusal and its one edit path (publishEdit), as it hands them over. */
type Refusal = { status: number; body: Record<string, unknown> };
type PublishEdit = <S extends v.GenericSchema>(
  request: FastifyRequest,
  reply: FastifyReply,
  principal: ManagerPrincipal,
  schema: S,
  make: (base: ContentFile, body: v.InferOutput<S>) => ContentFile,
  bodyPath: (filePath: string) => string,
  prepare?: (body: v.InferOutput<S>) => Promise<{ refusal?: Refusal; stockCorrections?: SiteStockCorrections }>,
) => Promise<FastifyReply>;

export interface RewardsContentContext {
  store: CentralStore;
  /** The site of `?site=`, checked against the account's scope and the stations file. */
  siteOf: (site: string | undefined, principal: ManagerPrincipal) => string;
  publishEdit: PublishEdit;
  /** The signed-in account, refused when it edits no content (team leaders). */
  editor: (request: FastifyRequest) => Promise<ManagerPrincipal>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SiteQuerySchema = v.strictObject({ site: v.optional(IdSchema) }, (issue) => (issue.input === undefined ? 'is required' : 'is not a known parameter (known: site)'));

/** itemId -> the shelf count now, for the site's items in the store (inactive ones included). */
async function shelfCounts(store: CentralStore, siteId: string): Promise<Map<string, ShelfCount>> {
  const held = new Map<string, number>();
  for (const reservation of await store.shop.listRedemptions({ siteId, states: ['reserved'], limit: 500 })) held.set(reservation.itemId, (held.get(reservation.itemId) ?? 0) + 1);
  const items = await store.shop.listItems(siteId, { includeInactive: true });
  return new Map(items.map((item) => [item.id, { shelf: item.stock + (held.get(item.id) ?? 0), held: held.get(item.id) ?? 0 }]));
}

/** `GET /api/content?site=`'s catalogue: the version's items with `stock` the shelf count now, and the units reservations hold. */
export async function siteCatalogue(store: CentralStore, content: ContentFile | undefined, siteId: string): Promise<{ rewards: RewardItem[]; rewardsHeld: Record<string, number> }> {
  const counts = await shelfCounts(store, siteId);
  const items = (content?.rewards?.[siteId] ?? []).map(catalogueItemOf);
  return {
    rewards: items.map((item) => (counts.has(item.id) ? { ...item, stock: counts.get(item.id)!.shelf } : item)),
    rewardsHeld: Object.fromEntries(items.filter((item) => counts.has(item.id)).map((item) => [item.id, counts.get(item.id)!.held])),
  };
}

function stockChanged(stale: StaleStock[]): Refusal {
  const list = stale.map((s) => `${s.itemId} ${s.seen} -> ${s.now}`).join(', ');
  return {
    status: 409,
    body: {
      error: `the stock on the shelf changed since the catalogue was loaded (${list}), by a hand-over or another correction; nothing was published. Load the catalogue again, count again, and save.`,
      reason: 'stock-changed',
      message: {
        zh: `载入后库存已变化（${list}），可能有兑换或他人更正，本次未发布。请重新载入、重新清点后再保存。`,
        en: `The stock changed since you loaded the catalogue (${list}), by a hand-over or another correction; nothing was published. Reload, count again and save.`,
      },
      stale,
    },
  };
}

export async function rewardsContentRoutes(app: FastifyInstance, { store, siteOf, publishEdit, editor }: RewardsContentContext): Promise<void> {
  app.put('/api/content/rewards', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    const principal = await editor(request);
    const siteId = siteOf(queryOf(request, SiteQuerySchema).site, principal);
    const prefix = `rewards.${siteId}.`;
    return publishEdit(
      request,
      reply,
      principal,
      RewardsEditSchema,
      (base, body) => ({ ...base, rewards: { ...base.rewards, [siteId]: body.rewards.map(catalogueItemOf) } }),
      (path) => (path.startsWith(prefix) ? `rewards.${path.slice(prefix.length)}` : path),
      async (body) => {
        const plan = planStockEdits(body.rewards, await shelfCounts(store, siteId));
        if (plan.problems.length > 0) return { refusal: { status: 400, body: { error: 'a stock correction is missing the count it was made from; nothing was published', reason: 'invalid-content', problems: plan.problems, warnings: [] } } };
        if (plan.stale.length > 0) return { refusal: stockChanged(plan.stale) };
        return { stockCorrections: { [siteId]: plan.corrections } };
      },
    );
  });

  app.put('/api/content/perks', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    const principal = await editor(request);
    // Perks are city-wide: no site's staff speaks for every site.
    requireCityManager(principal);
    return publishEdit(request, reply, principal, PerksEditSchema, (base, body) => ({ ...base, perks: body.perks }), (path) => path);
  });

  app.get('/api/shop/stock-corrections', async (request, reply) => {
    const principal = await editor(request);
    const siteId = siteOf(queryOf(request, SiteQuerySchema).site, principal);
    const events = await store.shop.listAudit(siteId, 1000);
    const corrections = events
      .filter((event) => event.kind === 'stock-corrected')
      .slice(0, 100)
      .map((event) => ({ itemId: event.itemId, at: event.at, by: event.actor ?? null, detail: event.detail ?? null, reason: event.reason ?? null }));
    return sendJson(reply, 200, { siteId, corrections });
  });
}
