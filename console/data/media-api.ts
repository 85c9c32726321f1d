/**
 * The console's client of the photo upload (docs/protocol.md §Media): POST the file's bytes
 * as they are (central checks, rotates, resizes and strips them), and fetch a stored width
 * with the manager's credentials (an <img> could not send them), as a Blob.
 */
import type { LocalizedText } from '../../shared/index.ts';
import { AdminApi, AdminApiError, type ManagerCredentials } from './admin-api.ts';

export interface UploadedPhoto {
  id: string;
  sizes: { width: number; height: number; bytes: number }[];
}

export type UploadOutcome = { kind: 'uploaded'; photo: UploadedPhoto } | { kind: 'refused'; message: LocalizedText };

/** The console's thumbnail width (MEDIA_WIDTHS). */
const THUMBNAIL_WIDTH = 480;

export class MediaApi {
  private readonly api: AdminApi;

  constructor(credentials: ManagerCredentials, base = '', fetchImpl?: typeof fetch) {
    this.api = new AdminApi(credentials, base, fetchImpl);
  }

  /** Too large (413) and not a photo (415) are outcomes with the server's bilingual words; anything else throws AdminApiError. */
  async upload(file: Blob): Promise<UploadOutcome> {
    try {
      const response = await this.api.fetch('/api/media', { method: 'POST', body: file, headers: { 'content-type': file.type || 'application/octet-stream' } });
      return { kind: 'uploaded', photo: (await response.json()) as UploadedPhoto };
    } catch (err) {
      const message = err instanceof AdminApiError ? (err.body.message as LocalizedText | undefined) : undefined;
      if (err instanceof AdminApiError && (err.status === 413 || err.status === 415) && message) return { kind: 'refused', message };
      throw err;
    }
  }

  /** The thumbnail; the widest stored when the photo is narrower. */
  async thumbnail(mediaId: string): Promise<Blob> {
    const response = await this.api.fetch(`/api/media/${mediaId}?w=${THUMBNAIL_WIDTH}`).catch(async (err: unknown) => {
      if (err instanceof AdminApiError && err.status === 404) return this.api.fetch(`/api/media/${mediaId}`);
      throw err;
    });
    return response.blob();
  }
}
