/** The HTML error page a browser gets (central-app.ts): the status, the message, what to fix. No script, no style. */
import { STATUS_CODES } from 'node:http';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderErrorPage(status: number, message: string, issues: readonly string[] = []): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  const list = issues.length > 0 ? `\n<ul>${issues.map((issue) => `<li>${escapeHtml(issue)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>${list}
</body>
</html>`;
}
