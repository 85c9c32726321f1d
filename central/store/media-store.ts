/**
 * Photos (protocol v2 §Media): each upload is kept at every width it was resized to, as
 * WebP, under one media id (the SHA-256 of the kiosk-size bytes). Content-addressed, so the
 * same upload twice is the same rows: a repeat keeps the first and says so.
 */
export interface MediaVariant {
  width: number;
  height: number;
  bytes: Buffer;
}

export interface MediaUpload {
  id: string;
  contentType: string;
  variants: MediaVariant[];
  /** Who uploaded it first (`manager:NAME`), and when. */
  by: string;
  createdAtMs: number;
}

export interface MediaStore {
  /** Stores every variant; `created: false` when the id was already there (nothing changed). */
  put(upload: MediaUpload): Promise<{ created: boolean }>;
  /** One width of a photo; the widest when `width` is absent. */
  get(id: string, width?: number): Promise<(MediaVariant & { contentType: string }) | undefined>;
  /** The widths stored for `id`, narrowest first; empty when unknown. */
  sizes(id: string): Promise<Array<{ width: number; height: number; bytes: number }>>;
  /** Which of `ids` are stored. */
  known(ids: readonly string[]): Promise<Set<string>>;
}

export function mediaSchema(dialect: 'sqlite' | 'pg'): string {
  const ms = dialect === 'pg' ? 'bigint' : 'INTEGER';
  const blob = dialect === 'pg' ? 'bytea' : 'BLOB';
  return `
    CREATE TABLE media (
      id TEXT NOT NULL,
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      content_type TEXT NOT NULL,
      bytes ${blob} NOT NULL,
      created_by TEXT NOT NULL,
      created_at_ms ${ms} NOT NULL,
      PRIMARY KEY (id, width)
    );
  `;
}

export interface MediaRow {
  width: number;
  height: number;
  content_type: string;
  bytes: Buffer | Uint8Array;
}

export const MEDIA_COLUMNS = 'id, width, height, content_type, bytes, created_by, created_at_ms';

export const mediaRowParams = (upload: MediaUpload, variant: MediaVariant): (string | number | Buffer)[] => [upload.id, variant.width, variant.height, upload.contentType, variant.bytes, upload.by, upload.createdAtMs];

export const mediaVariantOf = (row: MediaRow): MediaVariant & { contentType: string } => ({ width: row.width, height: row.height, bytes: Buffer.from(row.bytes), contentType: row.content_type });

/** One width (placeholders id, width) or the widest (placeholder id). */
export const mediaGetSql = (placeholder: (i: number) => string, byWidth: boolean): string =>
  `SELECT width, height, content_type, bytes FROM media WHERE id = ${placeholder(1)} ${byWidth ? `AND width = ${placeholder(2)}` : ''} ORDER BY width DESC LIMIT 1`;

export const MEDIA_SIZES_SQL = (placeholder: string) => `SELECT width, height, length(bytes) AS bytes FROM media WHERE id = ${placeholder} ORDER BY width`;
