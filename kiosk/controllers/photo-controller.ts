/**
 * Protocol v2 photos: follows the activities shown, asks the connection for exactly their
 * `R/media/{id}` topics, keeps each verified photo (media-cache.ts) and hands the screens a
 * blob: URL per photo id. Never an address from the network: a photo is bytes it checked.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Activities } from '../../shared/index.ts';
import { isPhotoOf, loadCachedPhotos, photosShown, saveCachedPhoto } from '../data/media-cache.ts';

export interface PhotoDeps {
  storageScope: string;
  subscribe(mediaIds: readonly string[]): void;
}

export class PhotoController implements ReactiveController {
  /** Photo id → blob: URL, for the photos the activities show and this kiosk has. */
  urls: ReadonlyMap<string, string> = new Map();
  private shown: string[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: PhotoDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls = new Map();
  }

  /** The activities now shown (cached at boot or just received): subscribe, load what is kept, drop the rest. */
  async show(activities: Activities | undefined): Promise<void> {
    const shown = photosShown(activities);
    this.shown = shown;
    this.deps.subscribe(shown);
    const kept = await loadCachedPhotos(this.deps.storageScope, shown);
    if (this.shown !== shown) return;
    const urls = new Map<string, string>();
    for (const id of shown) {
      const current = this.urls.get(id);
      const blob = kept.get(id);
      if (current) urls.set(id, current);
      else if (blob) urls.set(id, URL.createObjectURL(blob));
    }
    this.replace(urls);
  }

  /** A photo's bytes from the broker: kept and shown if they are the photo the id names and it is still shown. */
  async received(mediaId: string, bytes: Uint8Array): Promise<void> {
    if (!(await isPhotoOf(mediaId, bytes))) {
      console.warn(`kiosk: dropped photo ${mediaId.slice(0, 12)}: its bytes are not the photo its id names`);
      return;
    }
    if (!this.shown.includes(mediaId) || this.urls.has(mediaId)) return;
    await saveCachedPhoto(this.deps.storageScope, mediaId, bytes);
    const urls = new Map(this.urls);
    urls.set(mediaId, URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/webp' })));
    this.replace(urls);
  }

  private replace(urls: Map<string, string>): void {
    for (const [id, url] of this.urls) if (urls.get(id) !== url) URL.revokeObjectURL(url);
    this.urls = urls;
    this.host.requestUpdate();
  }
}
