/**
 * The volunteer's pending reservations: each with its 6-digit code (large) and its QR,
 * the time it is held until, and a cancel button. The passbook embeds this element.
 * @fires reservations-changed - after a cancel, so a parent can refresh the balance
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LocalizedText } from '../../shared/index.ts';
import { rewardsApi, type PhoneReservation, type RewardsApi } from '../data/rewards-api.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';

const S = {
  title: { zh: '待领取的兑换', en: 'Reservations to collect' },
  none: { zh: '没有待领取的兑换。', en: 'No reservations waiting.' },
  code: { zh: '兑换码', en: 'Code' },
  show: { zh: '请在服务台出示此码，有效至', en: 'Show this at the desk. Valid until' },
  points: { zh: '积分', en: 'points' },
  cancel: { zh: '取消预约', en: 'Cancel reservation' },
  qr: { zh: '兑换码二维码', en: 'Redemption code QR' },
} satisfies Record<string, LocalizedText>;

function qrSvg(qr: { size: number; rows: string[] }) {
  const quiet = 4;
  const size = qr.size + quiet * 2;
  return svg`<svg viewBox="0 0 ${size} ${size}" width="180" height="180" shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect>${qr.rows.flatMap((row, y) =>
    [...row].map((bit, x) => (bit === '1' ? svg`<rect x=${x + quiet} y=${y + quiet} width="1" height="1" fill="#000"></rect>` : nothing)),
  )}</svg>`;
}

@customElement('pending-reservations')
export class PendingReservations extends LitElement {
  static override styles = [
    theme,
    css`
      .code {
        font-size: 2.2rem;
        font-weight: 700;
        letter-spacing: 0.2em;
        font-variant-numeric: tabular-nums;
      }
      figure {
        margin: 0.5rem 0;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) api: RewardsApi = rewardsApi;
  @state() private reservations: PhoneReservation[] = [];
  @state() private message?: LocalizedText;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const answer = await this.api.pending();
    if (answer.ok) this.reservations = answer.reservations;
    else this.message = answer.message;
  }

  private async cancel(id: string): Promise<void> {
    const answer = await this.api.cancel(id);
    this.message = answer.ok ? undefined : answer.message;
    await this.refresh();
    this.dispatchEvent(new Event('reservations-changed', { bubbles: true, composed: true }));
  }

  override render() {
    const t = (text: LocalizedText) => text[this.locale];
    const until = (iso: string) => new Date(iso).toLocaleTimeString(this.locale === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    return html`<section class="card" aria-labelledby="pending-title">
      <h2 id="pending-title">${t(S.title)}</h2>
      ${this.message ? html`<p role="alert">${t(this.message)}</p>` : nothing}
      ${this.reservations.length === 0 ? html`<p>${t(S.none)}</p>` : nothing}
      ${this.reservations.map(
        (r) => html`<article class="reservation">
          <h3>${t(r.item)} · ${r.price} ${t(S.points)}</h3>
          <p>${t(S.code)}: <span class="code">${r.code}</span></p>
          ${r.qr ? html`<figure role="img" aria-label="${t(S.qr)} ${r.code}">${qrSvg(r.qr)}</figure>` : nothing}
          ${r.expiresAt ? html`<p>${t(S.show)} ${until(r.expiresAt)}</p>` : nothing}
          <button type="button" @click=${() => void this.cancel(r.id)}>${t(S.cancel)}</button>
        </article>`,
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pending-reservations': PendingReservations;
  }
}
