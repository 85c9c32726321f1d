/**
 * Home / attract screen: station name, date and time, the check-in QR, today's
 * activities as a carousel, the site's "Join us" panel when it is on, and big buttons
 * to the other screens.
 * @fires navigate - NavigateEvent to `activities`, `stations` or `perks`
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { Activity, RecruitmentPanel } from '../../shared/index.ts';
import { localized as pick } from '../locales/localization.ts';
import { NavigateEvent } from './events.ts';
import { formatDate, formatTime } from './format.ts';
import { theme } from './theme.ts';
import './checkin-panel.ts';
import './qr-code.ts';

/** Seconds each carousel card stays before the next one. */
const CAROUSEL_SECONDS = 6;

@customElement('home-screen')
@localized()
export class HomeScreen extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr);
        gap: 2rem;
        padding: min(1.5rem, 2.5vh) 2rem min(2rem, 3vh);
        height: 100%;
        box-sizing: border-box;
      }
      @media (orientation: portrait) {
        :host {
          grid-template-columns: 1fr;
        }
      }
      .info {
        display: flex;
        flex-direction: column;
        /* Tighter on a short screen: large text must leave every button on it. */
        gap: min(1.5rem, 2.5vh);
        min-width: 0;
      }
      h1 {
        font-size: 2.6rem;
        line-height: 1.15;
      }
      .when {
        font-size: 1.4rem;
        color: var(--ink-soft);
      }
      .clock {
        font-size: 3.2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        color: var(--ink);
      }
      .carousel {
        background: var(--card);
        border-radius: var(--radius);
        padding: 1.25rem 1.5rem;
        border-left: 0.5rem solid var(--primary);
        /* Gives way on a short landscape screen, so large text leaves the buttons on it. */
        min-height: min(8rem, 12vh);
      }
      .carousel h2 {
        font-size: 1.1rem;
        color: var(--ink-soft);
        font-weight: 600;
      }
      .carousel .title {
        font-size: 1.6rem;
        font-weight: 700;
        margin-top: 0.4rem;
      }
      .carousel .meta {
        font-size: 1.2rem;
        color: var(--ink-soft);
      }
      .dots {
        display: flex;
        gap: 0.4rem;
        margin-top: 0.6rem;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--line);
      }
      .dot[data-current] {
        background: var(--primary);
      }
      .actions {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1rem;
        margin-top: auto;
      }
      .big {
        min-height: max(var(--touch-primary), 5.5rem);
        border: none;
        border-radius: var(--radius);
        background: var(--primary);
        color: var(--primary-ink);
        font-size: 1.7rem;
        font-weight: 700;
        padding: 1rem;
      }
      .side {
        display: flex;
        flex-direction: column;
        gap: 1.5rem;
        min-width: 0;
      }
      .join {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 7rem;
        gap: 1rem;
        align-items: center;
        background: var(--card);
        border-radius: var(--radius);
        padding: 0.75rem 1.25rem;
        border-left: 0.5rem solid var(--ok);
      }
      .join h2 {
        font-size: 1.5rem;
        font-weight: 700;
      }
      .join p {
        font-size: 1.25rem;
        line-height: 1.35;
        margin-top: 0.2rem;
      }
      .join .scan {
        font-size: 1.05rem;
        color: var(--ink-soft);
      }
      .join qr-code {
        width: 7rem;
        background: #fff;
      }
    `,
  ];

  @property() stationName = '';
  @property({ attribute: false }) now = new Date();
  @property({ attribute: false }) todaysActivities: readonly Activity[] = [];
  @property() checkinUrl = '';
  @property({ type: Number }) secondsLeft = 0;
  @property({ type: Number }) periodSeconds = 10;
  /** The site's "Join us" panel; undefined while the site has it off. */
  @property({ attribute: false }) recruitment: RecruitmentPanel | undefined;

  private renderJoinUs() {
    const panel = this.recruitment;
    if (!panel?.show) return nothing;
    const heading = msg('Join us', { id: 'home.joinUs' });
    return html`<section class="join" aria-label=${heading}>
      <div>
        <h2>${heading}</h2>
        <p>${pick(panel.text)}</p>
        <p class="scan">${msg('Scan the code to sign up', { id: 'home.joinUsScan' })}</p>
      </div>
      <qr-code .value=${panel.url} .label=${msg('QR code: sign up as a volunteer', { id: 'home.joinUsQr' })}></qr-code>
    </section>`;
  }

  private renderCarousel() {
    const items = this.todaysActivities;
    if (items.length === 0) {
      return html`<section class="carousel" aria-label=${msg("Today's activities", { id: 'home.today' })}>
        <h2>${msg("Today's activities", { id: 'home.today' })}</h2>
        <p class="meta">${msg('No activities today.', { id: 'home.noneToday' })}</p>
      </section>`;
    }
    const index = Math.floor(this.now.getTime() / 1000 / CAROUSEL_SECONDS) % items.length;
    const current = items[index]!;
    return html`<section class="carousel" aria-label=${msg("Today's activities", { id: 'home.today' })}>
      <h2>${msg("Today's activities", { id: 'home.today' })}</h2>
      <p class="title">${pick(current.title)}</p>
      <p class="meta">${formatTime(current.startsAt)}–${formatTime(current.endsAt)} · ${pick(current.place)}</p>
      ${items.length > 1
        ? html`<div class="dots" aria-hidden="true">${items.map((_, i) => html`<span class="dot" ?data-current=${i === index}></span>`)}</div>`
        : nothing}
    </section>`;
  }

  override render() {
    return html`
      <div class="info">
        <div>
          <h1>${this.stationName}</h1>
          <p class="when">${formatDate(this.now)}</p>
          <p class="clock">${formatTime(this.now)}</p>
        </div>
        ${this.renderCarousel()}
        <div class="actions">
          <button class="big" @click=${() => this.dispatchEvent(new NavigateEvent('activities'))}>${msg('Activities', { id: 'nav.activities' })}</button>
          <button class="big" @click=${() => this.dispatchEvent(new NavigateEvent('stations'))}>${msg('Volunteer stations', { id: 'nav.stations' })}</button>
          <button class="big" @click=${() => this.dispatchEvent(new NavigateEvent('perks'))}>${msg('Star perks', { id: 'nav.perks' })}</button>
          <button class="big" @click=${() => this.dispatchEvent(new NavigateEvent('rewards'))}>${msg('Rewards', { id: 'nav.rewards' })}</button>
        </div>
      </div>
      <div class="side">
        <checkin-panel .url=${this.checkinUrl} .secondsLeft=${this.secondsLeft} .periodSeconds=${this.periodSeconds}></checkin-panel>
        ${this.renderJoinUs()}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'home-screen': HomeScreen;
  }
}
