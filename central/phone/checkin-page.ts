/**
 * The server-rendered parts of the phone pages: the phone app's shell with this visit's
 * ticket in a meta tag (never in a URL), and the bilingual error page for a code that
 * cannot be used, which needs no JavaScript at all.
 */
import type { CheckInActivity, LocalizedText, ServiceCategoryId } from '../../shared/index.ts';
import type { Bilingual, PageLang } from './phone-messages.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What the phone app reads from `<meta name="vs-visit">` (phone/data/visit.ts). */
export interface PageVisit {
  ticket: string;
  stationId: string;
  stationName: LocalizedText;
  /** Protocol v2: the category of general service here, and today's activities one may check in for instead. */
  stationCategory?: ServiceCategoryId;
  activities?: CheckInActivity[];
}

/** The built index.html has `<meta name="vs-visit" content="">`; the visit goes in as escaped JSON. */
export function injectVisit(indexHtml: string, visit: PageVisit | undefined): string {
  const content = visit ? escapeHtml(JSON.stringify(visit)) : '';
  return indexHtml.replace(/<meta name="vs-visit" content="[^"]*">/, `<meta name="vs-visit" content="${content}">`);
}

const TITLE: Bilingual = { zh: '志愿服务签到', en: 'Volunteer check-in' };

export function renderPhoneErrorPage(lang: PageLang, message: Bilingual, stationName?: LocalizedText): string {
  const other: PageLang = lang === 'zh' ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${TITLE[lang]}</title>
<link rel="stylesheet" href="/phone/page.css">
<link rel="icon" href="/phone/favicon.svg" type="image/svg+xml">
</head>
<body>
<main>
<h1>${TITLE[lang]}</h1>
${stationName ? `<p>${escapeHtml(stationName[lang])}</p>` : ''}
<p class="outcome error" role="alert">${escapeHtml(message[lang])}</p>
<p lang="${other === 'zh' ? 'zh-CN' : 'en'}" class="other">${escapeHtml(message[other])}</p>
</main>
</body>
</html>`;
}
