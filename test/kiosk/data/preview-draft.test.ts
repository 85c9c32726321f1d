// Preview mode's only input: a draft from the allowed origin's framing page, checked with the shared schemas.
import { describe, expect, it } from 'vitest';
import { PREVIEW_DRAFT } from '../../../shared/index.ts';
import { readPreviewMessage } from '../../../kiosk/data/preview-draft.ts';
import { sampleActivities, sampleDirectory } from '../../helpers/kiosk-sample-content.ts';

const CONSOLE = 'https://console.example.org';
const draft = { type: PREVIEW_DRAFT, locale: 'en', screen: 'activities', stationId: 'ST-0001', content: { activities: sampleActivities(), directory: sampleDirectory() } };

describe('readPreviewMessage', () => {
  it('takes a valid draft from the allowed origin’s framing page', () => {
    const input = readPreviewMessage({ origin: CONSOLE, data: draft, fromParent: true }, CONSOLE);
    expect(input.kind).toBe('draft');
    expect(input.kind === 'draft' && input.draft.content.activities?.items[0]?.title.en).toBe('Guiding visitors at West Lake');
  });

  it('ignores the same draft from another origin, from a window other than the parent, and messages that are no draft', () => {
    expect(readPreviewMessage({ origin: 'https://evil.example', data: draft, fromParent: true }, CONSOLE)).toEqual({ kind: 'ignored', reason: 'message from https://evil.example' });
    expect(readPreviewMessage({ origin: CONSOLE, data: draft, fromParent: false }, CONSOLE).kind).toBe('ignored');
    expect(readPreviewMessage({ origin: CONSOLE, data: { type: 'axe.ping' }, fromParent: true }, CONSOLE).kind).toBe('ignored');
    expect(readPreviewMessage({ origin: CONSOLE, data: 'hello', fromParent: true }, CONSOLE).kind).toBe('ignored');
  });

  it('names every problem of an invalid draft by its path, with the payload schemas’ messages', () => {
    const activities = sampleActivities();
    const [first] = activities.items;
    const broken = { ...activities, items: [{ ...first!, endsAt: first!.startsAt }] };
    const input = readPreviewMessage({ origin: CONSOLE, data: { ...draft, screen: 'perks', content: { activities: broken } }, fromParent: true }, CONSOLE);
    expect(input.kind).toBe('invalid');
    const issues = input.kind === 'invalid' ? input.issues : [];
    expect(issues).toContain('content.activities.items.0.endsAt: endsAt must be after startsAt');
    expect(issues.some((i) => i.startsWith('screen: '))).toBe(true);
  });
});
