/**
 * The public verify page of service certificates (protocol v2 §Time bank: certificates),
 * on the public listener, reached from the certificate's QR:
 *   GET /verify/{certificateId}   genuine / revoked / not genuine / unknown, and what it states
 *   GET /verify/public-key        central's Ed25519 public key (PEM), for offline checks
 * A browser gets a bilingual page, `accept: application/json` a CertificateVerifyReply.
 * The page shows the name exactly as the certificate states it (a school or an employer
 * must match it to the person in front of them), the volunteer id and the hours; never a
 * phone number or a card. Ids are 80 random bits, so names cannot be read off by guessing.
 */
import type { FastifyPluginAsync } from 'fastify';
import { CertificateIdSchema, hoursOf, SERVICE_CATEGORY_LABELS, validate, type CertificateStatement, type CertificateVerifyReply } from '../../shared/index.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import type { Verification } from '../certificates/certificate-statement.ts';
import { sendJson, sendText, wantsJson } from './http-helpers.ts';

export interface VerifyRouteDeps {
  certificates: CertificateService;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const VERDICT_TEXT: Record<CertificateVerifyReply['verdict'], { zh: string; en: string; mark: string }> = {
  genuine: { mark: '✔', zh: '真实有效：本证明由本项目签发，内容未被改动。', en: 'Genuine: issued and signed by this programme, unchanged.' },
  revoked: { mark: '✖', zh: '已撤销：本证明曾由本项目签发，但已被撤销，不再有效。', en: 'Revoked: this programme issued it, but it has been revoked and is no longer valid.' },
  'not-genuine': { mark: '✖', zh: '无效：本证明的签名不符，内容可能被改动。请勿采信。', en: 'Not genuine: the signature does not match; it may have been altered. Do not rely on it.' },
  unknown: { mark: '?', zh: '查无此证明：本项目没有签发过这个编号。请核对二维码或编号。', en: 'Unknown: this programme issued no certificate with this number. Check the QR code or the number.' },
};

function statementHtml(s: CertificateStatement): string {
  const rows = s.categories
    .map((c) => `<tr><th scope="row">${escapeHtml(SERVICE_CATEGORY_LABELS[c.category].zh)} ${escapeHtml(SERVICE_CATEGORY_LABELS[c.category].en)}</th><td>${hoursOf(c.minutes)}</td><td>${c.events}</td></tr>`)
    .join('');
  return `<dl>
<dt>姓名 Name</dt><dd>${escapeHtml(s.name)}</dd>
<dt>志愿者编号 Volunteer number</dt><dd>${escapeHtml(s.volunteerId)}</dd>
<dt>服务期间 Period</dt><dd>${escapeHtml(s.from)} – ${escapeHtml(s.to)}</dd>
<dt>签发单位 Issued by</dt><dd>${escapeHtml(s.programme.zh)} ${escapeHtml(s.programme.en)}</dd>
<dt>签发时间 Issued at</dt><dd>${escapeHtml(s.issuedAt)}</dd>
</dl>
<table><caption>服务时长 Hours of service</caption>
<thead><tr><th scope="col">类别 Category</th><th scope="col">小时 Hours</th><th scope="col">场次 Events</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">合计 Total</th><td>${hoursOf(s.totalMinutes)}</td><td>${s.events}</td></tr></tfoot></table>`;
}

export function renderVerifyPage(id: string, checked: Verification): string {
  const text = VERDICT_TEXT[checked.verdict];
  const body = 'statement' in checked ? statementHtml(checked.statement) : '';
  const revoked = 'revokedAt' in checked && checked.revokedAt ? `<p>撤销时间 Revoked at: ${escapeHtml(checked.revokedAt)}</p>` : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>志愿服务证明核验 Certificate check</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#111;background:#fff}.verdict{border:3px solid;padding:.75rem;font-weight:700}.genuine{border-color:#0a6b2b}.bad{border-color:#a30000}dt{font-weight:700}dd{margin:0 0 .5rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left}</style>
</head>
<body>
<main>
<h1>志愿服务证明核验 <span lang="en">Certificate check</span></h1>
<p>证明编号 Certificate number: <code>${escapeHtml(id)}</code></p>
<p class="verdict ${checked.verdict === 'genuine' ? 'genuine' : 'bad'}" data-verdict="${checked.verdict}"><span aria-hidden="true">${text.mark}</span> ${escapeHtml(text.zh)}<br><span lang="en">${escapeHtml(text.en)}</span></p>
${revoked}${body}
</main>
</body>
</html>`;
}

export const verifyRoutes: FastifyPluginAsync<VerifyRouteDeps> = async (app, { certificates }) => {
  app.get('/verify/public-key', async (_request, reply) => sendText(reply, 200, 'text/plain; charset=utf-8', certificates.publicKeyPem()));
  app.get('/verify/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const wellFormed = validate(CertificateIdSchema, id).ok;
    const checked: Verification = wellFormed ? await certificates.verify(id) : { verdict: 'unknown' };
    const status = checked.verdict === 'unknown' ? 404 : 200;
    if (wantsJson(request)) {
      const body: CertificateVerifyReply = { certificateId: id, verdict: checked.verdict, ...('statement' in checked ? { statement: checked.statement } : {}), ...('revokedAt' in checked && checked.revokedAt ? { revokedAt: checked.revokedAt } : {}) };
      return sendJson(reply, status, body);
    }
    return sendText(reply, status, 'text/html; charset=utf-8', renderVerifyPage(wellFormed ? id : '—', checked));
  });
};
