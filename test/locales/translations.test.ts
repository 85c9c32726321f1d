/**
 * Every message the kiosk and the console show in English has its Chinese: each
 * `msg('…', { id })` id in an app's source is a key of that app's zh-CN templates. A
 * missing one would show English on a Chinese screen with no error anywhere, since
 * @lit/localize falls back to the source text silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templates as consoleTemplates } from '../../console/locales/zh-CN.ts';
import { templates as kioskTemplates } from '../../kiosk/locales/zh-CN.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('locales'))
    .map((f) => join(ROOT, dir, f));
}

/** The ids of the msg() calls in `dir`, with the file each first appears in. */
function messageIds(dir: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of sourceFiles(dir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bmsg\(\s*(?:'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|str`(?:[^`\\]|\\.)*`)\s*,\s*\{\s*id:\s*'([^']+)'/g)) {
      if (!ids.has(match[1]!)) ids.set(match[1]!, file.slice(ROOT.length + 1));
    }
  }
  return ids;
}

describe.each([
  { app: 'console', dir: 'console', templates: consoleTemplates as Record<string, unknown> },
  { app: 'kiosk', dir: 'kiosk', templates: kioskTemplates as Record<string, unknown> },
])('the $app in Chinese', ({ dir, templates }) => {
  const ids = messageIds(dir);

  it('finds the messages it checks', () => {
    expect(ids.size).toBeGreaterThan(50);
  });

  it('has a zh-CN text for every message id', () => {
    const missing = [...ids].filter(([id]) => !(id in templates)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });
});
