/**
 * Preview mode's only input (shared/payloads/preview.ts): a `message` event is taken
 * only from the allowed origin (the console that frames the page, same origin by
 * default) and only from the parent window; its draft is checked with the shared
 * schemas. Anything else from anywhere else is ignored, never shown.
 */
import { PREVIEW_DRAFT, PreviewDraftSchema, validate, type PreviewDraft } from '../../shared/index.ts';

export type PreviewInput = { kind: 'ignored'; reason: string } | { kind: 'draft'; draft: PreviewDraft } | { kind: 'invalid'; issues: string[] };

export interface PreviewMessageEvent {
  origin: string;
  data: unknown;
  /** Who sent it: only the framing page counts. */
  fromParent: boolean;
}

export function readPreviewMessage(event: PreviewMessageEvent, allowedOrigin: string): PreviewInput {
  if (event.origin !== allowedOrigin) return { kind: 'ignored', reason: `message from ${event.origin}` };
  if (!event.fromParent) return { kind: 'ignored', reason: 'message not from the framing page' };
  const data = event.data as { type?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.type !== PREVIEW_DRAFT) return { kind: 'ignored', reason: 'not a preview draft' };
  const checked = validate(PreviewDraftSchema, data);
  return checked.ok ? { kind: 'draft', draft: checked.value } : { kind: 'invalid', issues: checked.issues };
}
