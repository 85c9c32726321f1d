/**
 * Rewards on the phone (bound phones only): the balance, each site's catalogue with
 * availability in words, a reserve button per item, and the pending reservations with
 * their codes. One touch makes one request id, so a retry never reserves twice.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LocalizedText, RewardAvailability, RewardsView } from '../../shared/index.ts';
import { rewardsApi, type RewardsApi } from '../data/rewards-api.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';
import './pending-reservations.ts';

const S = {
  title: { zh: '积分兑换', en: 'Rewards' },
  balance: { zh: '我的积分', en: 'My points' },
  points: { zh: '积分', en: 'points' },
  reserve: { zh: '预约兑换', en: 'Reserve' },
  reserved: { zh: '已预约：请在 15 分钟内到服务台出示兑换码。', en: 'Reserved: show the code at the desk within 15 minutes.' },
  at: { zh: '兑换地点', en: 'At' },
  available: { zh: '✓ 有货', en: '✓ Available' },
  'few-left': { zh: '! 仅剩少量', en: '! Few left' },
  out: { zh: '✕ 已兑完', en: '✕ Out of stock' },
} satisfies Record<string, LocalizedText>;

@customElement('rewards-view')
export class RewardsViewElement extends LitElement {
  static override styles = [
    theme,
    css`
      li {
        list-style: none;
        margin-block: 0.75rem;
      }
      ul {
        padding: 0;
      }
      .price {
        font-weight: 700;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) api: RewardsApi = rewardsApi;
  @state() private balance?: number;
  @state() private sites: (RewardsView & { stations: LocalizedText[] })[] = [];
  @state() private message?: { text: LocalizedText; tone: 'ok' | 'error' };
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const answer = await this.api.catalogue();
    if (!answer.ok) {
      this.message = { text: answer.message, tone: 'error' };
      return;
    }
    this.balance = answer.balance;
    this.sites = answer.sites;
  }

  private async reserve(siteId: string, itemId: string): Promise<void> {
    this.busy = true;
    const answer = await this.api.reserve(siteId, itemId, crypto.randomUUID());
    this.busy = false;
    this.message = answer.ok ? { text: S.reserved, tone: 'ok' } : { text: answer.message, tone: 'error' };
    await this.refresh();
    await this.renderRoot.querySelector('pending-reservations')?.refresh();
  }

  override render() {
    const t = (text: LocalizedText) => text[this.locale];
    return html`<section class="card" aria-labelledby="rewards-title">
        <h2 id="rewards-title">${t(S.title)}</h2>
        ${this.balance !== undefined ? html`<p>${t(S.balance)}: <strong>${this.balance}</strong></p>` : nothing}
        ${this.message ? html`<p class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${t(this.message.text)}</p>` : nothing}
        ${this.sites.map(
          (site) => html`<h3>${t(S.at)}: ${site.stations.map((s) => t(s)).join(' / ') || site.siteId}</h3>
            <ul>
              ${site.items.map(
                (item) => html`<li>
                  <strong>${t(item.name)}</strong> · <span class="price">${item.price} ${t(S.points)}</span> · ${t(S[item.availability as RewardAvailability])}
                  <button type="button" ?disabled=${this.busy || item.availability === 'out' || (this.balance ?? 0) < item.price} @click=${() => void this.reserve(site.siteId, item.id)}>
                    ${t(S.reserve)}
                  </button>
                </li>`,
              )}
            </ul>`,
        )}
      </section>
      <pending-reservations .locale=${this.locale} .api=${this.api} @reservations-changed=${() => void this.refresh()}></pending-reservations>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rewards-view': RewardsViewElement;
  }
}
