/**
 * The volunteer's service certificate (志愿服务证明): pick a date range, make it, print
 * it. The sheet is bilingual whatever the app's language (a school or an employer may
 * read either) and carries the QR to central's verify page; print CSS leaves only the
 * sheet on paper. Shown by the phone app at `#certificate` for a linked phone.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { hoursOf, SERVICE_CATEGORY_LABELS, type CertificateView, type LocalizedText } from '../../shared/index.ts';
import { issueCertificate, listCertificates } from '../data/certificate-api.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';
import './verify-qr.ts';

const S = {
  heading: { zh: '志愿服务证明', en: 'Service certificate' },
  intro: { zh: '选择期间，开具一份带二维码的证明。学校或单位扫码即可核验真伪。', en: 'Choose a period to get a certificate with a QR code. A school or employer scans it to check that it is genuine.' },
  from: { zh: '开始日期', en: 'From' },
  to: { zh: '结束日期', en: 'To' },
  make: { zh: '开具证明', en: 'Make the certificate' },
  making: { zh: '正在开具…', en: 'Making it…' },
  print: { zh: '打印或存为 PDF', en: 'Print or save as PDF' },
  back: { zh: '返回', en: 'Back' },
  earlier: { zh: '以前开具的证明', en: 'Certificates made before' },
  revoked: { zh: '已撤销，不再有效', en: 'Revoked: no longer valid' },
  show: { zh: '显示', en: 'Show' },
} satisfies Record<string, LocalizedText>;

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

@customElement('service-certificate')
export class ServiceCertificate extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 700;
      }
      input {
        font: inherit;
        min-height: 3rem;
        padding: 0.4rem 0.6rem;
        border: 2px solid var(--line);
        border-radius: 0.5rem;
      }
      a {
        color: var(--primary);
        display: inline-block;
        min-height: 2.75rem;
        padding-block: 0.5rem;
      }
      .error {
        color: var(--bad);
        font-weight: 700;
      }
      .sheet {
        background: #fff;
        color: #000;
        border: 3px double #000;
        padding: 1.25rem;
        display: grid;
        gap: 0.75rem;
      }
      .sheet h2 {
        text-align: center;
        font-size: 1.6rem;
      }
      .sheet .en {
        display: block;
        font-size: 0.95rem;
        font-weight: 400;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0;
      }
      dt {
        font-weight: 700;
      }
      dd {
        margin: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        border: 1px solid #000;
        padding: 0.3rem 0.5rem;
        text-align: start;
      }
      td.num {
        text-align: end;
      }
      .foot {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: center;
        justify-content: space-between;
      }
      .revoked {
        border: 3px solid var(--bad);
        color: var(--bad);
        font-weight: 700;
        padding: 0.5rem;
      }
      ul {
        padding-inline-start: 1.2rem;
        margin: 0;
      }
      @media print {
        .controls {
          display: none !important;
        }
        .sheet {
          border-width: 4px;
          break-inside: avoid;
        }
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @state() private from = `${new Date().getFullYear()}-01-01`;
  @state() private to = today();
  @state() private busy = false;
  @state() private error?: LocalizedText;
  @state() private shown?: CertificateView;
  @state() private earlier: CertificateView[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void listCertificates().then((answer) => {
      if (answer.ok) this.earlier = answer.certificates;
    });
  }

  private async make(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.error = undefined;
    const answer = await issueCertificate(this.from, this.to);
    this.busy = false;
    if (!answer.ok) {
      this.error = answer.message;
      return;
    }
    this.shown = answer.certificate;
    this.earlier = [answer.certificate, ...this.earlier];
  }

  private renderSheet(c: CertificateView) {
    const s = c.statement;
    return html`<article class="sheet" aria-labelledby="sheet-title">
      <h2 id="sheet-title">志愿服务证明<span class="en" lang="en">Certificate of volunteer service</span></h2>
      ${c.revoked ? html`<p class="revoked">${S.revoked.zh} · <span lang="en">${S.revoked.en}</span></p>` : nothing}
      <dl>
        <dt>姓名 <span lang="en">Name</span></dt>
        <dd>${s.name}</dd>
        <dt>志愿者编号 <span lang="en">Volunteer no.</span></dt>
        <dd>${s.volunteerId}</dd>
        <dt>服务期间 <span lang="en">Period</span></dt>
        <dd>${s.from} – ${s.to}</dd>
      </dl>
      <table>
        <caption>服务时长 <span lang="en">Hours of service</span></caption>
        <thead>
          <tr>
            <th scope="col">类别 <span lang="en">Category</span></th>
            <th scope="col">小时 <span lang="en">Hours</span></th>
            <th scope="col">场次 <span lang="en">Events</span></th>
          </tr>
        </thead>
        <tbody>
          ${s.categories.map(
            (row) => html`<tr>
              <th scope="row">${SERVICE_CATEGORY_LABELS[row.category].zh} <span lang="en">${SERVICE_CATEGORY_LABELS[row.category].en}</span></th>
              <td class="num">${hoursOf(row.minutes)}</td>
              <td class="num">${row.events}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计 <span lang="en">Total</span></th>
            <td class="num" id="total-hours">${hoursOf(s.totalMinutes)}</td>
            <td class="num">${s.events}</td>
          </tr>
        </tfoot>
      </table>
      <div class="foot">
        <div>
          <p>签发单位 <span lang="en">Issued by</span>: ${s.programme.zh} <span lang="en">${s.programme.en}</span></p>
          <p>签发日期 <span lang="en">Issued</span>: ${s.issuedAt.slice(0, 10)}</p>
          <p>证明编号 <span lang="en">Certificate no.</span>: <span id="certificate-id">${s.certificateId}</span></p>
          <p>扫码核验 <span lang="en">Scan to verify</span>: <span class="url">${c.verifyUrl}</span></p>
        </div>
        <verify-qr .value=${c.verifyUrl} label=${`二维码：核验证明 ${s.certificateId} / QR code: verify certificate ${s.certificateId}`}></verify-qr>
      </div>
    </article>`;
  }

  override render() {
    const t = (text: LocalizedText) => text[this.locale];
    return html`<div class="controls card">
        <a href="#">${t(S.back)}</a>
        <h2>${t(S.heading)}</h2>
        <p>${t(S.intro)}</p>
        <form @submit=${(e: Event) => void this.make(e)}>
          <label>${t(S.from)}<input id="from" type="date" required .value=${this.from} @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} /></label>
          <label>${t(S.to)}<input id="to" type="date" required .value=${this.to} @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} /></label>
          <p></p>
          <button class="primary" id="make" type="submit" ?disabled=${this.busy}>${this.busy ? t(S.making) : t(S.make)}</button>
        </form>
        ${this.error ? html`<p class="error" role="alert">${t(this.error)}</p>` : nothing}
        ${this.shown ? html`<button id="print" type="button" @click=${() => window.print()}>${t(S.print)}</button>` : nothing}
      </div>
      ${this.shown ? this.renderSheet(this.shown) : nothing}
      ${this.earlier.length > 0
        ? html`<section class="controls card">
            <h2>${t(S.earlier)}</h2>
            <ul>
              ${this.earlier.map(
                (c) => html`<li>
                  ${c.statement.from} – ${c.statement.to} · ${hoursOf(c.statement.totalMinutes)} h${c.revoked ? html` · ${t(S.revoked)}` : nothing}
                  <button type="button" @click=${() => (this.shown = c)}>${t(S.show)} ${c.statement.certificateId}</button>
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'service-certificate': ServiceCertificate;
  }
}
