/**
 * Every publish of the whole content file is a version (1, 2, …): who, when, the file,
 * and a one-line summary of what changed. Versions are appended, never edited. A publish
 * names the version it was made from (`baseVersion`); when another one was published
 * meanwhile it is refused, so two managers never overwrite each other silently.
 */
import type { ContentFile } from '../../shared/index.ts';

export interface ContentVersion {
  version: number;
  /** ISO time of the publish. */
  at: string;
  /** `manager:<account>` for the content admin API, or `cli:<OS user>` for `central content publish`. */
  by: string;
  summary: string;
  content: ContentFile;
}

export type ContentVersionHeader = Omit<ContentVersion, 'content'>;

export interface NewContentVersion {
  /** The version this publish was made from; 0 before the first. */
  baseVersion: number;
  at: string;
  by: string;
  summary: string;
  content: ContentFile;
}

/** `conflict`: `baseVersion` is not the latest; `current` is the latest (absent when none exists yet). */
export type AppendOutcome = { kind: 'appended'; version: ContentVersionHeader } | { kind: 'conflict'; current?: ContentVersionHeader };

export interface ContentVersionStore {
  latest(): Promise<ContentVersion | undefined>;
  get(version: number): Promise<ContentVersion | undefined>;
  /** Newest first. */
  list(): Promise<ContentVersionHeader[]>;
  /** Appends `baseVersion + 1` if `baseVersion` is still the latest, else answers with the latest. */
  append(next: NewContentVersion): Promise<AppendOutcome>;
}

export interface ContentVersionRow {
  version: number;
  at: string;
  by_whom: string;
  summary: string;
  content?: string;
}

export const headerFromRow = (row: ContentVersionRow): ContentVersionHeader => ({ version: row.version, at: row.at, by: row.by_whom, summary: row.summary });
export const versionFromRow = (row: ContentVersionRow): ContentVersion => ({ ...headerFromRow(row), content: JSON.parse(row.content ?? 'null') as ContentFile });

export const CONTENT_VERSIONS_TABLE = (integer: string) => `
  CREATE TABLE content_versions (
    version ${integer} PRIMARY KEY CHECK (version >= 1),
    at TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    summary TEXT NOT NULL,
    content TEXT NOT NULL
  );
`;
