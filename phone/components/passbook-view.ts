/**
 * "My record" (爱心存折) on a linked phone: total hours, hours by category and by month,
 * the points balance and its ledger (older pages on request), the star with progress
 * and the application, and recent sessions with station and category. Every figure is
 * text; the bars are decorative (sized through the CSSOM: the page's CSP allows no inline style). Sizes in rem, so 200 % text reflows instead of clipping.
 *
 * It embeds the other parts' pending items: `<pending-reservations>` (rewards:
 * reservations not yet handed over) and `<correction-panel>` (reviews: corrections the
 * volunteer requested, their outcome, and the form to ask for one).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LocalizedText, PassbookEntry, PassbookReply } from '../../shared/index.ts';
import type { PassbookApi } from '../data/passbook-api.ts';
import { hours, P, starText } from '../data/passbook-strings.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';
import './correction-panel.ts';
import './pending-reservations.ts';

@customElement('passbook-view')
export class PassbookView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      .figure {
        flex: 1 1 9rem;
        background: var(--card);
        border: 1px solid var(--line);
        border-radius: 0.8rem;
        padding: 0.75rem 1rem;
      }
      .figure .value {
        font-size: 1.8rem;
        font-weight: 700;
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li.row {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.25rem 1rem;
        border-bottom: 1px solid #d9d4c9;
        padding-bottom: 0.4rem;
      }
      .bar {
        flex-basis: 100%;
        height: 0.4rem;
        background: #e4e0d6;
        border-radius: 0.2rem;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--primary);
        border-radius: 0.2rem;
      }
      .stars {
        font-size: 1.4rem;
        font-weight: 700;
      }
      .quiet {
        color: var(--ink-soft);
      }
      .plus {
        color: var(--ok);
        font-weight: 700;
      }
      .minus {
        color: var(--bad);
        font-weight: 700;
      }
      .notice {
        padding: 0.75rem 1rem;
        border-left: 0.4rem solid var(--ok);
        background: var(--ok-bg);
        border-radius: 0.6rem;
      }
      .notice.error {
        border-color: var(--bad);
        background: var(--bad-bg);
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) api?: PassbookApi;
  @state() private data?: PassbookReply;
  @state() private older: PassbookEntry[] = [];
  @state() private nextBeforeId?: number;
  @state() private failure?: LocalizedText;
  @state() private notice?: { tone: 'ok' | 'error'; message: LocalizedText };
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    if (!this.api) return;
    const answer = await this.api.passbook();
    if (!answer.ok) {
      this.failure = answer.message;
      return;
    }
    this.failure = undefined;
    this.data = answer;
    this.older = [];
    this.nextBeforeId = answer.points.nextBeforeId;
  }

  private async loadOlder(): Promise<void> {
    if (!this.api || this.nextBeforeId === undefined) return;
    this.busy = true;
    const answer = await this.api.passbook(this.nextBeforeId);
    this.busy = false;
    if (!answer.ok) {
      this.notice = { tone: 'error', message: answer.message };
      return;
    }
    this.older = [...this.older, ...answer.points.entries];
    this.nextBeforeId = answer.points.nextBeforeId;
  }

  private async apply(): Promise<void> {
    if (!this.api) return;
    this.busy = true;
    const answer = await this.api.applyForStar();
    this.busy = false;
    this.notice = { tone: answer.ok ? 'ok' : 'error', message: answer.message };
    if (answer.ok) await this.load();
  }

  private t(text: LocalizedText): string {
    return text[this.locale];
  }

  private renderStar(data: PassbookReply) {
    const star = data.star;
    return html`<section class="card" aria-labelledby="star-h">
      <h2 id="star-h">${this.t(P.star)}</h2>
      <p class="stars" id="star">${starText(star.awarded, this.locale)}</p>
      ${star.next
        ? html`<p id="star-progress">
            ${this.t(P.toNext)} ${starText(star.next.star, this.locale)}: ${star.next.hoursToGo} ${this.t(P.hoursUnit)}
            (${hours(data.hours.totalMinutes)} / ${star.next.thresholdHours} ${this.t(P.hoursUnit)})
          </p>`
        : html`<p>${this.t(P.topStar)}</p>`}
      ${star.pendingApplication ? html`<p id="star-pending">${this.t(P.pending)} ${starText(star.pendingApplication.star, this.locale)}</p>` : nothing}
      ${!star.pendingApplication && star.lastDecision?.status === 'declined'
        ? html`<p>${this.t(P.declined)} ${star.lastDecision.reason ?? ''}</p>`
        : nothing}
      ${star.eligibleStar !== undefined
        ? html`<p>${this.t(P.eligible)}</p>
            <button class="primary" id="apply-star" type="button" ?disabled=${this.busy} @click=${() => void this.apply()}>
              ${this.t(P.apply)} ${starText(star.eligibleStar, this.locale)}
            </button>`
        : nothing}
    </section>`;
  }

  private renderEntry(entry: PassbookEntry) {
    const sign = entry.points > 0 ? '+' : '−';
    return html`<li class="row">
      <span>${this.t(P.kind[entry.kind])}${entry.reason ? html` · <span class="quiet">${entry.reason}</span>` : nothing}</span>
      <span class=${entry.points > 0 ? 'plus' : 'minus'}>${sign}${Math.abs(entry.points)} ${this.t(P.points)}</span>
      <span class="quiet">${entry.at.slice(0, 10)} · ${this.t(P.balance)} ${entry.balanceAfter}</span>
    </li>`;
  }

  /** Issue 12, rewards part: the volunteer's reservations not yet handed over; a cancel returns points, so reload the balance. */
  protected renderPendingReservations(): unknown {
    return html`<pending-reservations .locale=${this.locale} @reservations-changed=${() => void this.load()}></pending-reservations>`;
  }

  /** Issue 12, reviews part: the corrections the volunteer requested, their outcome, and the form to ask for one. */
  protected renderPendingCorrections(): unknown {
    return html`<correction-panel .locale=${this.locale}></correction-panel>`;
  }

  override render() {
    if (this.failure) {
      return html`<p class="notice error" role="alert">${this.t(this.failure)}</p>
        <button type="button" @click=${() => void this.load()}>${this.t(P.retry)}</button>`;
    }
    const data = this.data;
    if (!data) return html`<p role="status">…</p>`;
    const maxCategory = Math.max(1, ...data.hours.byCategory.map((c) => c.minutes));
    const entries = [...data.points.entries, ...this.older];
    return html`
      <h2 id="record-title">${this.t(P.title)} · ${data.displayName}</h2>
      ${this.notice ? html`<p class="notice ${this.notice.tone}" role=${this.notice.tone === 'error' ? 'alert' : 'status'}>${this.t(this.notice.message)}</p>` : nothing}
      <div class="figures">
        <p class="figure" id="total-hours">${this.t(P.totalHours)}<span class="value">${hours(data.hours.totalMinutes)} ${this.t(P.hoursUnit)}</span></p>
        <p class="figure" id="balance">${this.t(P.balance)}<span class="value">${data.points.balance}</span></p>
        <p class="figure">${this.t(P.events)}<span class="value">${data.hours.sessions}</span></p>
      </div>
      ${this.renderStar(data)}
      ${this.renderPendingReservations()}
      ${this.renderPendingCorrections()}
      <section class="card" aria-labelledby="cat-h">
        <h2 id="cat-h">${this.t(P.byCategory)}</h2>
        <ul id="by-category">
          ${data.hours.byCategory.map(
            (c) => html`<li class="row">
              <span>${this.t(c.label)}</span><span>${hours(c.minutes)} ${this.t(P.hoursUnit)}</span>
              <span class="bar" aria-hidden="true"><span style=${styleMap({ width: `${Math.round((c.minutes / maxCategory) * 100)}%` })}></span></span>
            </li>`,
          )}
        </ul>
      </section>
      <section class="card" aria-labelledby="month-h">
        <h2 id="month-h">${this.t(P.byMonth)}</h2>
        <ul id="by-month">
          ${data.hours.byMonth.map((m) => html`<li class="row"><span>${m.month}</span><span>${hours(m.minutes)} ${this.t(P.hoursUnit)}</span></li>`)}
        </ul>
      </section>
      <section class="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">${this.t(P.ledger)}</h2>
        ${entries.length === 0 ? html`<p>${this.t(P.noEntries)}</p>` : html`<ul id="ledger">${entries.map((e) => this.renderEntry(e))}</ul>`}
        ${this.nextBeforeId !== undefined ? html`<button id="older" type="button" ?disabled=${this.busy} @click=${() => void this.loadOlder()}>${this.t(P.older)}</button>` : nothing}
      </section>
      <section class="card" aria-labelledby="recent-h">
        <h2 id="recent-h">${this.t(P.recent)}</h2>
        ${data.recentSessions.length === 0
          ? html`<p>${this.t(P.noSessions)}</p>`
          : html`<ul id="recent">
              ${data.recentSessions.map(
                (s) => html`<li class="row">
                  <span>${s.localDate} · ${this.t(s.stationName)}</span>
                  <span>${s.minutes !== undefined ? `${s.minutes} ${this.t(P.minutes)}` : this.t(P.open)}</span>
                  <span class="quiet">${this.t(s.categoryLabel)}${s.needsReview ? html` · ${this.t(P.underReview)}` : nothing}</span>
                </li>`,
              )}
            </ul>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'passbook-view': PassbookView;
  }
}
