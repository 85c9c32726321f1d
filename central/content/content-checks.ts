/**
 * The checks of a content file that its schema cannot express: ids listed twice, and a
 * rewards catalogue for a site that no directory station is at. Pure; the CLI's file
 * reader and the content admin API both run them after ContentFileSchema.
 */
import type { ContentFile, Problem } from '../../shared/index.ts';

/** A problem at `path.N.key` for every item whose `key` an earlier item of `items` has already. */
function listedTwice<T>(items: readonly T[], key: keyof T & string, path: string, say: (id: string, first: number) => string): Problem[] {
  const seen = new Map<string, number>();
  return items.flatMap((item, index) => {
    const id = String(item[key]);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    return first === undefined ? [] : [{ path: `${path}.${index}.${key}`, message: say(id, first) }];
  });
}

export function contentFileProblems(content: ContentFile): Problem[] {
  const problems: Problem[] = [...listedTwice(content.directory, 'stationId', 'directory', (id, first) => `${id} is already listed at directory.${first}`)];
  const twiceForSite = (id: string) => `${id} appears twice for this site`;
  for (const [siteId, activities] of Object.entries(content.activities)) problems.push(...listedTwice(activities, 'id', `activities.${siteId}`, twiceForSite));
  for (const [siteId, items] of Object.entries(content.announcements ?? {})) problems.push(...listedTwice(items, 'id', `announcements.${siteId}`, twiceForSite));
  problems.push(...listedTwice(content.perks ?? [], 'id', 'perks', (id, first) => `${id} is already used at perks.${first}`));
  const sites = new Set(content.directory.map((station) => station.siteId));
  for (const [siteId, items] of Object.entries(content.rewards ?? {})) {
    if (!sites.has(siteId)) problems.push({ path: `rewards.${siteId}`, message: `no station of the directory is at site ${siteId}; add the site's stations or fix the site id` });
    problems.push(...listedTwice(items, 'id', `rewards.${siteId}`, (id, first) => `${id} is already listed at rewards.${siteId}.${first}`));
  }
  return problems;
}

/** Every photo the file's activities show (protocol v2), with the path of its field. */
export function photosOf(content: ContentFile): Array<{ path: string; mediaId: string }> {
  return Object.entries(content.activities).flatMap(([siteId, activities]) =>
    activities.flatMap((activity, index) => (activity.photo ? [{ path: `activities.${siteId}.${index}.photo`, mediaId: activity.photo }] : [])),
  );
}

/** A photo that was never uploaded: kiosks would wait for bytes that never come. */
export function unknownPhotoProblems(content: ContentFile, stored: ReadonlySet<string>): Problem[] {
  return photosOf(content)
    .filter((photo) => !stored.has(photo.mediaId))
    .map((photo) => ({ path: photo.path, message: `no uploaded photo has the id ${photo.mediaId}; upload the photo again (POST /api/media) or remove it` }));
}
