/**
 * The checks of a content file that its schema cannot express: ids listed twice, and a
 * rewards catalogue for a site that no directory station is at. Pure; the CLI's file
 * reader and the content admin API both run them after ContentFileSchema.
 */
import type { ContentFile, Problem } from '../../shared/index.ts';

export function contentFileProblems(content: ContentFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  content.directory.forEach((station, index) => {
    const first = seen.get(station.stationId);
    if (first !== undefined) problems.push({ path: `directory.${index}.stationId`, message: `${station.stationId} is already listed at directory.${first}` });
    else seen.set(station.stationId, index);
  });
  for (const [siteId, activities] of Object.entries(content.activities)) {
    const ids = new Set<string>();
    activities.forEach((activity, index) => {
      if (ids.has(activity.id)) problems.push({ path: `activities.${siteId}.${index}.id`, message: `${activity.id} appears twice for this site` });
      ids.add(activity.id);
    });
  }
  const perkIds = new Map<string, number>();
  (content.perks ?? []).forEach((perk, index) => {
    const first = perkIds.get(perk.id);
    if (first !== undefined) problems.push({ path: `perks.${index}.id`, message: `${perk.id} is already used at perks.${first}` });
    else perkIds.set(perk.id, index);
  });
  const sites = new Set(content.directory.map((station) => station.siteId));
  for (const [siteId, items] of Object.entries(content.rewards ?? {})) {
    if (!sites.has(siteId)) problems.push({ path: `rewards.${siteId}`, message: `no station of the directory is at site ${siteId}; add the site's stations or fix the site id` });
    const ids = new Map<string, number>();
    items.forEach((item, index) => {
      const first = ids.get(item.id);
      if (first !== undefined) problems.push({ path: `rewards.${siteId}.${index}.id`, message: `${item.id} is already listed at rewards.${siteId}.${first}` });
      else ids.set(item.id, index);
    });
  }
  return problems;
}
