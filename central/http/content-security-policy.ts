/**
 * The Content-Security-Policy of a reply (CSP Level 3). Everything is refused
 * (`default-src 'none'`) except what the page itself needs: its own inline <script>
 * and <style> blocks, allowed by their SHA-256 hashes, so an injected script never
 * runs even if escaping failed somewhere; forms posting back to this origin; and no
 * framing at all (`frame-ancestors 'none'`, clickjacking). A route adds what else its
 * page needs through its `config.csp` (central-app.ts).
 */
import { createHash } from 'node:crypto';

export type CspDirectives = Partial<Record<string, readonly string[]>>;

const INLINE_SCRIPT = /<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style[^>]*>([\s\S]*?)<\/style\s*>/gi;

function hashesOf(html: string, pattern: RegExp): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(pattern)) hashes.add(`'sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}'`);
  return [...hashes];
}

/** `html` is the page being sent (undefined for JSON, CSV, text): its inline code is hashed in. */
export function contentSecurityPolicy(html: string | undefined, extra: CspDirectives = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  if (html !== undefined) {
    const scripts = hashesOf(html, INLINE_SCRIPT);
    const styles = hashesOf(html, INLINE_STYLE);
    if (scripts.length > 0) directives['script-src'] = scripts;
    if (styles.length > 0) directives['style-src'] = styles;
  }
  for (const [name, sources] of Object.entries(extra)) {
    if (sources) directives[name] = [...new Set([...(directives[name] ?? []).filter((s) => s !== "'none'"), ...sources])];
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
