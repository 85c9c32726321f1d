/**
 * Protocol v2 photos on the kiosk: the bytes arrive retained on `R/media/{id}` and are kept
 * in Cache Storage under this page's scope, so an offline boot still shows them. A payload
 * whose SHA-256 is not its topic's id is dropped: the id is the only name a photo has.
 * Photos the current activities no longer show are deleted.
 */
import { MEDIA_CONTENT_TYPE, type Activities } from '../../shared/index.ts';

const cacheName = (scope: string) => `kiosk-media:${scope}`;
/** Cache keys are requests; this address is never fetched (nothing serves it). */
const keyOf = (mediaId: string) => new Request(`${location.origin}/kiosk-media/${mediaId}`);

/** The photo ids the activities show, in order, once each. */
export function photosShown(activities: Activities | undefined): string[] {
  return [...new Set((activities?.items ?? []).flatMap((activity) => (activity.photo ? [activity.photo] : [])))];
}

export async function isPhotoOf(mediaId: string, bytes: Uint8Array): Promise<boolean> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('') === mediaId;
}

export async function saveCachedPhoto(scope: string, mediaId: string, bytes: Uint8Array): Promise<void> {
  try {
    const cache = await caches.open(cacheName(scope));
    await cache.put(keyOf(mediaId), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': MEDIA_CONTENT_TYPE } }));
  } catch (err) {
    // Quota or no Cache Storage: the screen still has the live copy.
    console.warn(`kiosk: could not keep photo ${mediaId.slice(0, 12)}`, err);
  }
}

/** The kept photos among `mediaIds`; every other kept photo is deleted. */
export async function loadCachedPhotos(scope: string, mediaIds: readonly string[]): Promise<Map<string, Blob>> {
  const photos = new Map<string, Blob>();
  try {
    const cache = await caches.open(cacheName(scope));
    const wanted = new Set(mediaIds);
    for (const request of await cache.keys()) {
      const mediaId = new URL(request.url).pathname.split('/').pop()!;
      if (!wanted.has(mediaId)) {
        await cache.delete(request);
        continue;
      }
      const response = await cache.match(request);
      if (response) photos.set(mediaId, await response.blob());
    }
  } catch (err) {
    console.warn('kiosk: could not read the kept photos', err);
  }
  return photos;
}
