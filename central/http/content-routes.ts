/**
 * The content admin API (protocol v2 §Content admin API), admin listener, HTTP Basic:
 *   GET  /api/content?site=SITE          the site's activities and directory stations, with the version
 *   GET  /api/content                    city managers: the whole content file, with the version
 *   PUT  /api/content?site=SITE          {baseVersion, activities, dryRun?}: the site's activities
 *   PUT  /api/content/directory          {baseVersion, directory, dryRun?}: city managers, every site's stations
 *   PUT  /api/content/directory?site=SITE  the same body with the site's stations only: hours, holidays, services, contact
 *   PUT  /api/content/recruitment?site=SITE  {baseVersion, recruitment: {show, text, url} | null, dryRun?}: the site's "Join us" panel
 *   PUT  /api/content/announcements?site=SITE  {baseVersion, announcements, dryRun?}: the site's announcements
 *   PUT  /api/content/rewards?site=SITE, PUT /api/content/perks, GET /api/shop/stock-corrections?site=SITE:
 *        the rewards catalogue (with audited stock corrections) and the star perks, rewards-content-routes.ts
 *   GET  /api/content/versions           who published what when, newest first
 *   POST /api/content/rollback           {to?, baseVersion?}: publish an older version's file again
 * Every edit is published through publishContentVersion, the CLI's own path: the file
 * made from `baseVersion` with the one section replaced, checked with the kiosk's
 * schemas, recorded as a version (by `manager:NAME`), published retained.
 * Scope (manager-scope.ts): site staff their own sites' activities, stations and panels, city managers
 * everything, team leaders nothing.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  AnnouncementsEditSchema,
  ContentFileSchema,
  ContentRollbackRequestSchema,
  DirectoryEditSchema,
  IdSchema,
  problemsOf,
  SiteActivitiesEditSchema,
  RecruitmentEditSchema,
  type CentralConfig,
  type ContentFile,
  type StationsFile,
} from '../../shared/index.ts';
import { contentFileProblems, photosOf, unknownPhotoProblems } from '../content/content-checks.ts';
import { describeChange, diffContent, type ContentChange } from '../content/content-diff.ts';
import { bilingual, fillMissingTranslations, type BilingualProblem } from '../content/content-problems.ts';
import { publishContentVersion, rollbackTarget } from '../content/content-versions.ts';
import type { SiteStockCorrections } from '../content/publish-content.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ContentVersion, ContentVersionHeader } from '../store/content-version-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, queryOf, sendJson } from './http-helpers.ts';
import { maySeeSite, requireCityManager, requireSite, type ManagerPrincipal, roleRefusal } from './manager-scope.ts';
import { rewardsContentRoutes, siteCatalogue } from './rewards-content-routes.ts';

export interface ContentRouteDeps {
  store: CentralStore;
  stations: StationsFile;
  auth: Pick<ManagerAuthenticator, 'principal'>;
  /** Where content is published: `contentBroker` (else `broker`) and the topic root. */
  publishing: Pick<CentralConfig, 'broker' | 'topicRoot'>;
  now?: () => Date;
}

/** A content edit carries a site's activities or the whole directory: far more than a check-in form. */
export const MAX_CONTENT_BODY_BYTES = 1024 * 1024;

const SiteQuerySchema = v.strictObject({ site: v.optional(IdSchema) }, (issue) => (issue.input === undefined ? 'is required' : 'is not a known parameter (known: site)'));

type Refusal = { status: number; body: Record<string, unknown> };

const changeView = (change: ContentChange) => ({ ...change, text: describeChange(change) });

function contentChanged(current: ContentVersionHeader | undefined, changes: ContentChange[]): Refusal {
  const who = current ? `${current.by} at ${current.at}` : 'someone';
  return {
    status: 409,
    body: {
      error: `content version ${current?.version ?? '?'} was published meanwhile (${who}); nothing was published. Load the content again, redo the edit on it, and save.`,
      reason: 'content-changed',
      message: {
        zh: `内容已被他人更新（版本 ${current?.version ?? '?'}，${current?.by ?? ''}），本次未发布。请重新载入后再修改并保存。`,
        en: `Someone else published version ${current?.version ?? '?'} (${current?.by ?? ''}) meanwhile; nothing was published. Reload, redo the edit and save again.`,
      },
      ...(current ? { current } : {}),
      changes: changes.map(changeView),
    },
  };
}

const NO_CONTENT_YET: Refusal = {
  status: 409,
  body: {
    error: 'no content version has been published yet: publish the whole content file once with "central content publish FILE.json"; the console edits from there',
    reason: 'no-content-version',
    message: { zh: '尚未发布过内容：请先用 "central content publish FILE.json" 发布完整内容文件，之后可在控制台编辑。', en: 'No content has been published yet: publish the whole content file once with "central content publish FILE.json", then edit it here.' },
  },
};

function invalid(problems: BilingualProblem[], warnings: BilingualProblem[]): Refusal {
  return {
    status: 400,
    body: {
      error: `the content is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was published`,
      reason: 'invalid-content',
      problems,
      warnings,
      issues: problems.map((p) => `${p.path}: ${p.message.en}`),
    },
  };
}

function requireJson(request: FastifyRequest): void {
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'send the content as application/json');
}

function requireEditor(principal: ManagerPrincipal): void {
  if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is a team leader; content is edited by site staff and city managers`, { zh: `账号“${principal.name}”是团队负责人：内容由站点工作人员和市级管理员编辑。`, en: `The account "${principal.name}" is a team leader; content is edited by site staff and city managers.` });
}

/**
 * Site staff may publish a file whose changes are all within their own sites' activities, stations, "Join us" panels,
 * announcements and rewards; anything else is refused in both languages (the console shows the manager why).
 */
const SITE_SECTIONS: ReadonlySet<ContentChange['section']> = new Set(['activities', 'directory', 'recruitment', 'announcements', 'rewards']);
function changesOutOfScope(principal: ManagerPrincipal, changes: readonly ContentChange[]): Refusal | undefined {
  if (principal.role === 'city-manager') return undefined;
  const outside = changes.filter((change) => !SITE_SECTIONS.has(change.section) || !maySeeSite(principal, change.siteId!));
  if (outside.length === 0) return undefined;
  return {
    status: 403,
    body: {
      error: `the account "${principal.name}" may not publish this: it changes content outside its sites`,
      reason: 'outside-scope',
      issues: outside.map((change) => describeChange(change).en),
      message: {
        zh: `账号“${principal.name}”无权发布：其中有超出本账号站点范围的内容修改，本次未发布。`,
        en: `The account "${principal.name}" may not publish this: it changes content outside its sites; nothing was published.`,
      },
      changes: outside.map(changeView),
    },
  };
}

/** A rollback to a version that is not there: `to` named one, or there is none before the only version. */
function noSuchVersion(to: number | undefined, latest: number, error: string): Refusal {
  return {
    status: to === undefined ? 409 : 404,
    body: {
      error,
      reason: 'no-such-version',
      message:
        to === undefined
          ? { zh: `只有版本 ${latest}，没有更早的版本可以回退。`, en: `There is only version ${latest}; there is no earlier version to roll back to.` }
          : { zh: `没有版本 ${to}，无法回退；现有版本为 1 至 ${latest}。`, en: `There is no version ${to} to roll back to; versions are 1 to ${latest}.` },
    },
  };
}

/**
 * `directory` with the site's stations replaced by `stations`: an edited station keeps its
 * place, a removed one goes, a new one comes last. `positions[j]` is where `stations[j]` went.
 */
function withSiteStations(directory: ContentFile['directory'], siteId: string, stations: ContentFile['directory']): { directory: ContentFile['directory']; positions: number[] } {
  const edited = new Map(stations.map((station) => [station.stationId, station]));
  const kept = directory.flatMap((station) => (station.siteId !== siteId ? [station] : edited.has(station.stationId) ? [edited.get(station.stationId)!] : []));
  const placed = new Set(kept.map((station) => station.stationId));
  const merged = [...kept, ...stations.filter((station) => !placed.has(station.stationId))];
  return { directory: merged, positions: stations.map((station) => merged.findIndex((s) => s.stationId === station.stationId)) };
}

/** A site's directory edit holds only that site's stations; moving one to another site is a city manager's whole-directory edit. */
function stationsElsewhere(body: unknown, siteId: string): BilingualProblem[] {
  const stations = (body as { directory?: unknown } | null)?.directory;
  if (!Array.isArray(stations)) return [];
  return stations.flatMap((station: unknown, index) => {
    const other = (station as { siteId?: unknown } | null)?.siteId;
    if (typeof other !== 'string' || other === siteId) return [];
    return [
      {
        path: `directory.${index}.siteId`,
        message: {
          zh: `应为 ${siteId}：本次只修改该站点的服务站；如需把服务站移到 ${other}，请由市级管理员修改整个目录`,
          en: `must be ${siteId}: this edit is that site's own stations; moving a station to ${other} is a city manager's edit of the whole directory (PUT /api/content/directory)`,
        },
      },
    ];
  });
}

export const contentRoutes: FastifyPluginAsync<ContentRouteDeps> = async (app, deps) => {
  const { store, stations } = deps;
  const nowIso = () => (deps.now?.() ?? new Date()).toISOString();
  const knownSites = new Set(Object.values(stations).map((station) => station.siteId));
  const siteOf = (site: string | undefined, principal: ManagerPrincipal): string => {
    if (site === undefined) throw new HttpError(400, 'bad query parameters', ['site: is required (the site whose content this is)']);
    requireSite(principal, site);
    if (!knownSites.has(site)) throw new HttpError(404, `no station of the stations file is at site ${site}; sites: ${[...knownSites].sort().join(', ')}`);
    return site;
  };
  const header = (version: ContentVersion | undefined) => ({ version: version?.version ?? 0, publishedAt: version?.at ?? null, publishedBy: version?.by ?? null });

  /**
   * One edit: missing translations filled (warnings), the body checked with its schema,
   * the new file made from the base version, checked as a whole, then published.
   */
  const publishEdit = async <S extends v.GenericSchema>(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: ManagerPrincipal,
    schema: S,
    make: (base: ContentFile, body: v.InferOutput<S>) => ContentFile,
    /** The body path of a whole-file problem path (e.g. `activities.SITE-1.2.id` -> `activities.2.id`). */
    bodyPath: (filePath: string) => string,
    /** Checks against the store made after the file's (a refusal), and the stock corrections that go with it. */
    prepare?: (body: v.InferOutput<S>) => Promise<{ refusal?: Refusal; stockCorrections?: SiteStockCorrections }>,
  ): Promise<FastifyReply> => {
    requireJson(request);
    const { value, warnings } = fillMissingTranslations(request.body ?? {});
    const parsed = v.safeParse(schema, value);
    const send = (refusal: Refusal) => sendJson(reply, refusal.status, refusal.body);
    if (!parsed.success) return send(invalid(problemsOf(parsed.issues).map(bilingual), warnings));
    const body = parsed.output as v.InferOutput<S> & { baseVersion: number; dryRun?: boolean };
    const latest = await store.contentVersions.latest();
    if (!latest) return send(NO_CONTENT_YET);
    const base = body.baseVersion === latest.version ? latest : await store.contentVersions.get(body.baseVersion);
    if (!base || body.baseVersion !== latest.version) return send(contentChanged(latest, diffContent(base?.content, latest.content)));
    const content = make(base.content, body);
    // The file stays what the kiosk reads: the whole-file schema and its cross checks.
    const whole = v.safeParse(ContentFileSchema, content);
    const fileProblems = whole.success ? [...contentFileProblems(whole.output), ...unknownPhotoProblems(whole.output, await store.media.known(photosOf(whole.output).map((p) => p.mediaId)))] : problemsOf(whole.issues);
    if (fileProblems.length > 0) return send(invalid(fileProblems.map((p) => bilingual({ ...p, path: bodyPath(p.path) })), warnings));
    const changes = diffContent(base.content, content);
    const outOfScope = changesOutOfScope(principal, changes);
    if (outOfScope) return send(outOfScope);
    const prepared = (await prepare?.(body)) ?? {};
    if (prepared.refusal) return send(prepared.refusal);
    const stockCorrections = prepared.stockCorrections ?? {};
    if (body.dryRun) return sendJson(reply, 200, { ok: true, dryRun: true, baseVersion: base.version, warnings, changes: changes.map(changeView), stockCorrections });
    return publish(reply, principal, { content, baseVersion: base.version, stockCorrections }, warnings);
  };

  const publish = async (
    reply: FastifyReply,
    principal: ManagerPrincipal,
    request: { content: ContentFile; baseVersion: number; rollbackTo?: number; stockCorrections?: SiteStockCorrections },
    warnings: BilingualProblem[],
  ) => {
    const by = `manager:${principal.name}`;
    let outcome;
    try {
      outcome = await publishContentVersion(store, deps.publishing, { ...request, by, catalogueActor: by, nowIso: nowIso(), catalogues: 'changed' });
    } catch (error) {
      // Recorded, not delivered: the version exists; rolling back to it publishes it again.
      throw new HttpError(503, `${(error as Error).message}; or from the console: POST /api/content/rollback {"to": N} with the version number above`);
    }
    if (outcome.kind === 'content-changed') {
      const refusal = contentChanged(outcome.current, outcome.changes);
      return sendJson(reply, refusal.status, refusal.body);
    }
    return sendJson(reply, 200, {
      ok: true,
      version: outcome.version,
      warnings,
      changes: outcome.changes.map(changeView),
      stockCorrections: outcome.catalogues.flatMap((report) => report.corrections.map((correction) => ({ siteId: report.siteId, ...correction }))),
      published: outcome.messages.map((m) => m.topic),
    });
  };

  app.get('/api/content', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    const { site } = queryOf(request, SiteQuerySchema);
    const latest = await store.contentVersions.latest();
    if (site === undefined) {
      requireCityManager(principal);
      return sendJson(reply, 200, { ...header(latest), content: latest?.content ?? null });
    }
    const siteId = siteOf(site, principal);
    const content = latest?.content;
    return sendJson(reply, 200, {
      ...header(latest),
      siteId,
      activities: content?.activities[siteId] ?? [],
      recruitment: content?.recruitment?.[siteId] ?? null,
      announcements: content?.announcements?.[siteId] ?? [],
      // The kiosks an announcement may name: those the stations file puts at the site.
      kiosks: Object.values(stations).flatMap((station) => (station.siteId === siteId ? (station.kiosks ?? []) : [])).sort(),
      directory: (content?.directory ?? []).filter((station) => station.siteId === siteId),
      // The catalogue with the store's shelf counts now, and the city-wide perks.
      ...(await siteCatalogue(store, content, siteId)),
      perks: content?.perks ?? [],
    });
  });

  app.put('/api/content', { bodyLimit: MAX_CONTENT_BODY_BYTES }, async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    const siteId = siteOf(queryOf(request, SiteQuerySchema).site, principal);
    const prefix = `activities.${siteId}.`;
    return publishEdit(
      request,
      reply,
      principal,
      SiteActivitiesEditSchema,
      (base, body) => ({ ...base, activities: { ...base.activities, [siteId]: body.activities } }),
      (path) => (path.startsWith(prefix) ? `activities.${path.slice(prefix.length)}` : path),
    );
  });

  app.put('/api/content/recruitment', { bodyLimit: MAX_CONTENT_BODY_BYTES }, async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    const siteId = siteOf(queryOf(request, SiteQuerySchema).site, principal);
    const prefix = `recruitment.${siteId}`;
    return publishEdit(
      request,
      reply,
      principal,
      RecruitmentEditSchema,
      (base, body) => {
        const { [siteId]: _old, ...others } = base.recruitment ?? {};
        return { ...base, recruitment: body.recruitment ? { ...others, [siteId]: body.recruitment } : others };
      },
      (path) => (path.startsWith(prefix) ? `recruitment${path.slice(prefix.length)}` : path),
    );
  });

  app.put('/api/content/announcements', { bodyLimit: MAX_CONTENT_BODY_BYTES }, async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    const siteId = siteOf(queryOf(request, SiteQuerySchema).site, principal);
    const prefix = `announcements.${siteId}.`;
    return publishEdit(
      request,
      reply,
      principal,
      AnnouncementsEditSchema,
      (base, body) => {
        const { [siteId]: _old, ...others } = base.announcements ?? {};
        return { ...base, announcements: body.announcements.length > 0 ? { ...others, [siteId]: body.announcements } : others };
      },
      (path) => (path.startsWith(prefix) ? `announcements.${path.slice(prefix.length)}` : path),
    );
  });

  app.put('/api/content/directory', { bodyLimit: MAX_CONTENT_BODY_BYTES }, async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    const { site } = queryOf(request, SiteQuerySchema);
    if (site === undefined) {
      requireCityManager(principal);
      return publishEdit(request, reply, principal, DirectoryEditSchema, (base, body) => ({ ...base, directory: body.directory }), (path) => path);
    }
    // One site's stations: the rest of the directory stays as it is, where it is.
    const siteId = siteOf(site, principal);
    const strays = stationsElsewhere(request.body, siteId);
    if (strays.length > 0) return sendJson(reply, 400, invalid(strays, []).body);
    let positions: number[] = [];
    return publishEdit(
      request,
      reply,
      principal,
      DirectoryEditSchema,
      (base, body) => {
        const merged = withSiteStations(base.directory, siteId, body.directory);
        positions = merged.positions;
        return { ...base, directory: merged.directory };
      },
      (path) => {
        const match = /^directory\.(\d+)(.*)$/.exec(path);
        const index = match ? positions.indexOf(Number(match[1])) : -1;
        return index < 0 ? path : `directory.${index}${match![2]}`;
      },
    );
  });

  await rewardsContentRoutes(app, {
    store,
    siteOf,
    publishEdit,
    editor: async (request) => {
      const principal = await deps.auth.principal(request);
      requireEditor(principal);
      return principal;
    },
  });

  app.get('/api/content/versions', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    return sendJson(reply, 200, { versions: await store.contentVersions.list() });
  });

  app.post('/api/content/rollback', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    requireEditor(principal);
    requireJson(request);
    const parsed = v.safeParse(ContentRollbackRequestSchema, request.body ?? {});
    if (!parsed.success) return sendJson(reply, 400, invalid(problemsOf(parsed.issues).map(bilingual), []).body);
    const { to, baseVersion } = parsed.output;
    const latest = await store.contentVersions.latest();
    if (!latest) return sendJson(reply, NO_CONTENT_YET.status, NO_CONTENT_YET.body);
    if (baseVersion !== undefined && baseVersion !== latest.version) {
      const refusal = contentChanged(latest, diffContent((await store.contentVersions.get(baseVersion))?.content, latest.content));
      return sendJson(reply, refusal.status, refusal.body);
    }
    const target = await rollbackTarget(store, to);
    const send = (refusal: Refusal) => sendJson(reply, refusal.status, refusal.body);
    if (!target.ok) return send(noSuchVersion(to, latest.version, target.message.replace('(see "central content versions")', '(see GET /api/content/versions)')));
    const outOfScope = changesOutOfScope(principal, diffContent(latest.content, target.content));
    if (outOfScope) return send(outOfScope);
    return publish(reply, principal, { content: target.content, baseVersion: target.latest, rollbackTo: target.to }, []);
  });
};
