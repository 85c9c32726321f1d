/**
 * The small mobile page behind `GET /c/{token}`: asks for the volunteer number
 * (remembered in localStorage on the phone) and posts it back to the same URL.
 * It works without JavaScript too; the script only remembers the number. The form and
 * the language link carry the page's check-in ticket, so a slow first visit still works.
 */
import type { LocalizedText } from '../../shared/index.ts';
import type { Bilingual, PageLang } from './phone-messages.ts';

const REMEMBER_KEY = 'vs.volunteerNumber';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const UI = {
  title: { zh: '志愿服务签到', en: 'Volunteer check-in' },
  label: { zh: '志愿者编号', en: 'Volunteer number' },
  submit: { zh: '签到 / 签退', en: 'Check in / out' },
  remembered: { zh: '本机会记住您的编号。', en: 'This phone remembers your number.' },
  other: { zh: 'English', en: '中文' },
  again: { zh: '返回', en: 'Back' },
} satisfies Record<string, Bilingual>;

function shell(lang: PageLang, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${UI.title[lang]}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; max-width: 28rem; margin-inline: auto; line-height: 1.5; }
  h1 { font-size: 1.4rem; } label { display: block; font-weight: 600; margin-bottom: .4rem; }
  input { font-size: 1.4rem; width: 100%; box-sizing: border-box; padding: .6rem; }
  button { font-size: 1.2rem; width: 100%; padding: .8rem; margin-top: 1rem; }
  .outcome { font-size: 1.3rem; padding: 1rem; border-radius: .5rem; }
  .ok { background: #e6f4ea; } .warn { background: #fff4e5; } .error { background: #fdecea; }
  .lang { float: right; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export interface FormPageInput {
  lang: PageLang;
  stationName?: LocalizedText;
  /** Problem shown above the form (e.g. a bad number), if any. */
  notice?: Bilingual;
  /** The check-in ticket from `PhoneCheckin.admit` (checkin-ticket.ts). */
  ticket: string;
}

export function renderCheckinForm({ lang, stationName, notice, ticket }: FormPageInput): string {
  const other: PageLang = lang === 'zh' ? 'en' : 'zh';
  const langHref = `?${new URLSearchParams({ lang: other, ticket }).toString()}`;
  return shell(
    lang,
    `<a class="lang" href="${escapeHtml(langHref)}">${UI.other[lang]}</a>
<h1>${UI.title[lang]}</h1>
${stationName ? `<p>${escapeHtml(stationName[lang])}</p>` : ''}
${notice ? `<p class="outcome error" role="alert">${escapeHtml(notice[lang])}</p>` : ''}
<form method="post" id="checkin">
  <label for="volunteer">${UI.label[lang]}</label>
  <input id="volunteer" name="volunteer" autocomplete="off" autocapitalize="characters" required maxlength="64" pattern="[A-Za-z0-9_\\-]{1,64}">
  <input type="hidden" name="lang" value="${lang}">
  <input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
  <button type="submit">${UI.submit[lang]}</button>
  <p>${UI.remembered[lang]}</p>
</form>
<script>
  const input = document.getElementById('volunteer');
  try { input.value = localStorage.getItem('${REMEMBER_KEY}') || ''; } catch {}
  document.getElementById('checkin').addEventListener('submit', () => {
    try { localStorage.setItem('${REMEMBER_KEY}', input.value.trim()); } catch {}
  });
</script>`,
  );
}

export function renderOutcomePage(lang: PageLang, tone: 'ok' | 'warn' | 'error', message: Bilingual, stationName?: LocalizedText): string {
  return shell(
    lang,
    `<h1>${UI.title[lang]}</h1>
${stationName ? `<p>${escapeHtml(stationName[lang])}</p>` : ''}
<p class="outcome ${tone}" role="status">${escapeHtml(message[lang])}</p>`,
  );
}
