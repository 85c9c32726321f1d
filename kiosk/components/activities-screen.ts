/**
 * Activities by day and by service category, with a detail view whose QR hands
 * the signup link to the visitor's phone. A cancelled one (protocol v2) stays listed,
 * struck through and marked (cancelled-mark.ts), and offers no sign-up.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { SERVICE_CATEGORIES, type Activity, type ServiceCategory } from '../../shared/index.ts';
import { localized as pick } from '../locales/localization.ts';
import { dayKey, formatShortDay, formatTime } from './format.ts';
import { theme } from './theme.ts';
import { listStyles } from './list-styles.ts';
import './qr-code.ts';
import './cancelled-mark.ts';

@customElement('activities-screen')
@localized()
export class ActivitiesScreen extends LitElement {
  static override styles = [
    theme,
    listStyles,
    css`
      .photo {
        display: block;
        width: 100%;
        max-height: 40vh;
        object-fit: cover;
        border-radius: 0.5rem;
        margin-bottom: 1rem;
      }
      .cancelled .title,
      .cancelled .meta,
      h2.cancelled {
        text-decoration: line-through;
        text-decoration-thickness: 0.12em;
      }
      .item cancelled-mark {
        justify-self: start;
      }
      .cancelled-note {
        font-size: 1.35rem;
        font-weight: 700;
        margin-top: 1rem;
      }
      .thumb {
        float: right;
        width: 6rem;
        height: 4rem;
        object-fit: cover;
        border-radius: 0.25rem;
        margin-left: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) activities: readonly Activity[] = [];
  @property({ attribute: false }) now = new Date();
  /** Protocol v2: photo id → blob: URL of the photos this kiosk has (photo-controller.ts); an activity without one shows none. */
  @property({ attribute: false }) photos: ReadonlyMap<string, string> = new Map();
  @state() private day?: string;
  @state() private category?: ServiceCategory;
  @state() private selected?: Activity;

  /** Clears the filters and closes the detail (idle reset). */
  reset(): void {
    this.day = undefined;
    this.category = undefined;
    this.selected = undefined;
  }

  private photoOf(activity: Activity): string | undefined {
    return activity.photo ? this.photos.get(activity.photo) : undefined;
  }

  private upcoming(): Activity[] {
    const now = this.now.getTime();
    return [...this.activities].filter((a) => Date.parse(a.endsAt) > now).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  private renderFilters(items: Activity[]) {
    const days = [...new Set(items.map((a) => dayKey(a.startsAt)))];
    const categories = [...new Set(items.map((a) => a.category))];
    const dayLabel = (key: string) => (key === dayKey(this.now) ? msg('Today', { id: 'activities.today' }) : formatShortDay(`${key}T12:00:00`));
    return html`
      <div class="chips" role="group" aria-label=${msg('Day', { id: 'activities.day' })}>
        <button class="chip" aria-pressed=${this.day === undefined} @click=${() => (this.day = undefined)}>${msg('All days', { id: 'activities.allDays' })}</button>
        ${days.map((d) => html`<button class="chip" aria-pressed=${this.day === d} @click=${() => (this.day = d)}>${dayLabel(d)}</button>`)}
      </div>
      <div class="chips" role="group" aria-label=${msg('Category', { id: 'activities.category' })}>
        <button class="chip" aria-pressed=${this.category === undefined} @click=${() => (this.category = undefined)}>
          ${msg('All categories', { id: 'activities.allCategories' })}
        </button>
        ${categories.map(
          (c) => html`<button class="chip" aria-pressed=${this.category === c} @click=${() => (this.category = c)}>${pick(SERVICE_CATEGORIES[c])}</button>`,
        )}
      </div>
    `;
  }

  private renderDetail(activity: Activity) {
    return html`<section class="detail" aria-label=${pick(activity.title)}>
      <button class="back" @click=${() => (this.selected = undefined)}>← ${msg('Back to the list', { id: 'activities.back' })}</button>
      <div class="detail-body">
        <div>
          ${this.photoOf(activity) ? html`<img class="photo" src=${this.photoOf(activity)!} alt=${pick(activity.title)} />` : nothing}
          <p class="tag">${pick(SERVICE_CATEGORIES[activity.category])}</p>
          ${activity.cancelled ? html`<cancelled-mark></cancelled-mark>` : nothing}
          <h2 class=${activity.cancelled ? 'cancelled' : ''}>${pick(activity.title)}</h2>
          <dl>
            <dt>${msg('Time', { id: 'activities.time' })}</dt>
            <dd>${formatShortDay(activity.startsAt)} ${formatTime(activity.startsAt)}–${formatTime(activity.endsAt)}</dd>
            <dt>${msg('Place', { id: 'activities.place' })}</dt>
            <dd>${pick(activity.place)}</dd>
            <dt>${msg('Organiser', { id: 'activities.organiser' })}</dt>
            <dd>${pick(activity.organiser)}</dd>
          </dl>
          ${activity.description ? html`<p class="description">${pick(activity.description)}</p>` : nothing}
          ${activity.cancelled ? html`<p class="cancelled-note">${msg('This activity is cancelled; there is nothing to sign up for.', { id: 'activities.cancelledNote' })}</p>` : nothing}
        </div>
        ${activity.signupUrl && !activity.cancelled
          ? html`<figure class="handoff">
              <qr-code .value=${activity.signupUrl} .label=${msg('Sign-up link QR code', { id: 'activities.signupQr' })}></qr-code>
              <figcaption>${msg('Scan to sign up on your phone', { id: 'activities.signupCaption' })}</figcaption>
            </figure>`
          : nothing}
      </div>
    </section>`;
  }

  override render() {
    if (this.selected) return this.renderDetail(this.selected);
    const items = this.upcoming();
    const shown = items.filter((a) => (this.day === undefined || dayKey(a.startsAt) === this.day) && (this.category === undefined || a.category === this.category));
    return html`
      <h1>${msg('Activities', { id: 'nav.activities' })}</h1>
      ${this.renderFilters(items)}
      ${shown.length === 0 ? html`<p class="empty">${msg('No activities to show.', { id: 'activities.none' })}</p>` : nothing}
      <ul class="list">
        ${shown.map(
          (a) => html`<li>
            <button class=${a.cancelled ? 'item cancelled' : 'item'} @click=${() => (this.selected = a)}>
              ${this.photoOf(a) ? html`<img class="thumb" src=${this.photoOf(a)!} alt="" />` : nothing}
              <span class="tag">${pick(SERVICE_CATEGORIES[a.category])}</span>
              ${a.cancelled ? html`<cancelled-mark></cancelled-mark>` : nothing}
              <span class="title">${pick(a.title)}</span>
              <span class="meta">${formatShortDay(a.startsAt)} ${formatTime(a.startsAt)}–${formatTime(a.endsAt)} · ${pick(a.place)}</span>
            </button>
          </li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'activities-screen': ActivitiesScreen;
  }
}
