/**
 * The console's "Reviews" view (issue 12 §Reviews and corrections): the review queue
 * (sessions auto-closed at the cutoff, sessions held by the clock rules, corrections
 * volunteers asked for) with masked names, a decision form (real end time, credit or
 * decline, a reason, required) and the audit trail of the chosen item. It talks to the
 * manager API on the console's origin (data/review-api.ts, over data/admin-api.ts).
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { viewStyles } from './view-styles.ts';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReviewItemView, ReviewTrailEventView, SessionTimes } from '../../shared/index.ts';
import { ReviewApi, ReviewApiError, type ManagerCredentials, type ReviewFilter } from '../data/review-api.ts';
import './vs-locale-switch.ts';
import { toLocalInput } from './local-time-input.ts';

function fromLocalInput(value: string): string | undefined {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' }) : '—');

function whyLabel(item: ReviewItemView): string {
  if (item.correction) {
    switch (item.correction.kind) {
      case 'missing-checkout':
        return msg('Volunteer asks: missed check-out', { id: 'console.reviews.why.missingCheckout' });
      case 'wrong-end-time':
        return msg('Volunteer asks: wrong end time', { id: 'console.reviews.why.wrongEnd' });
      case 'missing-session':
        return msg('Volunteer asks: session not recorded', { id: 'console.reviews.why.missingSession' });
    }
  }
  return item.reasons
    .map((reason) => {
      switch (reason) {
        case 'auto-cutoff':
          return msg('Still open at the daily cutoff', { id: 'console.reviews.why.autoCutoff' });
        case 'clock-behind':
          return msg('Taps arrived too late to be trusted', { id: 'console.reviews.why.clockBehind' });
        case 'before-session-start':
          return msg('A tap dated before the session began', { id: 'console.reviews.why.beforeStart' });
        case 'clock-ahead':
          return msg('Opened with a time in the future', { id: 'console.reviews.why.clockAhead' });
        default:
          return reason;
      }
    })
    .join('; ');
}

function stateLabel(state: ReviewItemView['state']): string {
  if (state === 'credited') return msg('Credited', { id: 'console.reviews.state.credited' });
  if (state === 'declined') return msg('Declined', { id: 'console.reviews.state.declined' });
  return msg('Pending', { id: 'console.reviews.state.pending' });
}

function timesText(t: SessionTimes): string {
  const minutes = t.minutes ?? '—';
  const points = t.points ?? '—';
  return msg(str`ends ${when(t.endedAt)}, ${minutes} min, ${points} points`, { id: 'console.reviews.times' });
}

@localized()
@customElement('vs-reviews-view')
export class VsReviewsView extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  @property({ attribute: false }) sites: string[] = [];
  /** Central's admin origin; '' means this page's own origin (where /api/ is forwarded). */
  @property() apiBase = '';
  @state() private filter: ReviewFilter = { state: 'pending', site: '', olderThanDays: '' };
  @state() private items: ReviewItemView[] = [];
  @state() private loading = false;
  @state() private error?: string;
  @state() private selected?: ReviewItemView;
  @state() private trail: ReviewTrailEventView[] = [];
  @state() private outcome: 'credit' | 'decline' = 'credit';
  @state() private endedAt = '';
  @state() private reason = '';
  @state() private formError?: string;
  @state() private saving = false;
  @state() private notice = '';
  /** One id per decision being made: a retry after a lost reply is the same decision. */
  private requestId = crypto.randomUUID();

  static override styles = [
    viewStyles,
    css`
      .heading {
        margin-bottom: 0.75rem;
      }
      form.filters {
        margin-bottom: 1rem;
      }
      tr[aria-selected='true'] {
        background: #e7f0ff;
      }
      .detail {
        margin-top: 1.5rem;
        padding: 1rem;
        border: 2px solid #1b1f24;
        border-radius: 6px;
        max-width: 60rem;
      }
      fieldset {
        display: flex;
        gap: 1.5rem;
        border: 1px solid #c9ced6;
      }
      fieldset label {
        flex-direction: row;
        align-items: center;
      }
      .decision-form {
        display: grid;
        gap: 0.75rem;
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
      ol.trail li {
        margin-bottom: 0.4rem;
      }
    `,
  ];

  private get api(): ReviewApi {
    return new ReviewApi(this.credentials, this.apiBase);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private describe(err: unknown): string {
    if (err instanceof ReviewApiError) {
      if (err.status === 0) return msg('The central service cannot be reached. Check the connection and try again.', { id: 'console.reviews.error.network' });
      if (err.status === 401) return msg('The manager name or password is not accepted by the central service.', { id: 'console.reviews.error.auth' });
      return [err.message, ...err.issues].join(' — ');
    }
    return String(err);
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.items = await this.api.list(this.filter);
      this.error = undefined;
    } catch (err) {
      this.error = this.describe(err);
    } finally {
      this.loading = false;
    }
  }

  private async select(item: ReviewItemView): Promise<void> {
    this.selected = item;
    this.outcome = 'credit';
    const end = item.correction?.endedAt ?? (item.state === 'pending' ? undefined : item.endedAt);
    this.endedAt = end ? toLocalInput(end) : '';
    this.reason = '';
    this.formError = undefined;
    this.notice = '';
    this.requestId = crypto.randomUUID();
    await this.loadTrail(item.id);
  }

  private async loadTrail(itemId: string): Promise<void> {
    try {
      const detail = await this.api.detail(itemId);
      this.selected = detail.item;
      this.trail = detail.trail;
    } catch (err) {
      this.trail = [];
      this.formError = this.describe(err);
    }
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const item = this.selected;
    if (!item) return;
    const reason = this.reason.trim();
    if (!reason) {
      this.formError = msg('Give a reason: it is kept with the decision and shown to the volunteer.', { id: 'console.reviews.error.reason' });
      return;
    }
    let endedAt: string | undefined;
    if (this.outcome === 'credit') {
      endedAt = fromLocalInput(this.endedAt);
      if (!endedAt) {
        this.formError = msg('Enter the real end time to credit the session.', { id: 'console.reviews.error.endTime' });
        return;
      }
    }
    this.saving = true;
    this.formError = undefined;
    try {
      const reply = await this.api.decide(item.id, { requestId: this.requestId, outcome: this.outcome, ...(endedAt ? { endedAt } : {}), reason });
      const name = reply.item.displayName;
      const balance = reply.balance;
      this.notice =
        reply.item.state === 'credited'
          ? msg(str`Credited. ${name} now has ${balance} points.`, { id: 'console.reviews.notice.credited' })
          : msg(str`Declined. ${name} has ${balance} points.`, { id: 'console.reviews.notice.declined' });
      this.requestId = crypto.randomUUID();
      await this.loadTrail(item.id);
      await this.load();
    } catch (err) {
      // A lost reply keeps the id, so sending again cannot decide twice; a refusal needs a new one.
      if (!(err instanceof ReviewApiError && err.status === 0)) this.requestId = crypto.randomUUID();
      this.formError = this.describe(err);
    } finally {
      this.saving = false;
    }
  }

  private onFilter(event: Event): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    this.filter = { state: data.get('state') as ReviewFilter['state'], site: String(data.get('site') ?? ''), olderThanDays: String(data.get('olderThanDays') ?? '') };
    void this.load();
  }

  override render() {
    return html`<div class="heading">
        <h2 id="reviews-title">${msg('Reviews', { id: 'console.reviews.title' })}</h2>
        <vs-locale-switch></vs-locale-switch>
      </div>
      <form class="filters" @submit=${this.onFilter} @change=${this.onFilter}>
        <label
          >${msg('State', { id: 'console.reviews.filter.state' })}
          <select name="state" .value=${this.filter.state}>
            <option value="pending">${stateLabel('pending')}</option>
            <option value="credited">${stateLabel('credited')}</option>
            <option value="declined">${stateLabel('declined')}</option>
            <option value="all">${msg('All', { id: 'console.reviews.filter.all' })}</option>
          </select></label
        >
        <label
          >${msg('Site', { id: 'console.reviews.filter.site' })}
          <select name="site" .value=${this.filter.site}>
            <option value="">${msg('All my sites', { id: 'console.reviews.filter.allSites' })}</option>
            ${this.sites.map((site) => html`<option value=${site}>${site}</option>`)}
          </select></label
        >
        <label
          >${msg('Older than (days)', { id: 'console.reviews.filter.age' })}
          <input name="olderThanDays" type="number" min="0" max="9999" inputmode="numeric" .value=${this.filter.olderThanDays} />
        </label>
        <button type="submit">${msg('Refresh', { id: 'console.reviews.refresh' })}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <table aria-labelledby="reviews-title" aria-busy=${this.loading ? 'true' : 'false'}>
        <thead>
          <tr>
            <th scope="col">${msg('Volunteer', { id: 'console.reviews.col.volunteer' })}</th>
            <th scope="col">${msg('Station', { id: 'console.reviews.col.station' })}</th>
            <th scope="col">${msg('Started', { id: 'console.reviews.col.started' })}</th>
            <th scope="col">${msg('Ended', { id: 'console.reviews.col.ended' })}</th>
            <th scope="col">${msg('Minutes', { id: 'console.reviews.col.minutes' })}</th>
            <th scope="col">${msg('Why', { id: 'console.reviews.col.why' })}</th>
            <th scope="col">${msg('State', { id: 'console.reviews.filter.state' })}</th>
            <th scope="col"><span class="visually-hidden">${msg('Action', { id: 'console.reviews.col.action' })}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.items.length === 0 && !this.loading
            ? html`<tr>
                <td colspan="8">${msg('Nothing waits for review.', { id: 'console.reviews.empty' })}</td>
              </tr>`
            : nothing}
          ${this.items.map((item) => this.row(item))}
        </tbody>
      </table>
      ${this.selected ? this.detail(this.selected) : nothing}`;
  }

  private stationText(item: ReviewItemView): string {
    return item.stationName ? `${item.stationName.zh} / ${item.stationName.en} (${item.stationId})` : item.stationId;
  }

  private row(item: ReviewItemView) {
    const start = item.correction?.startedAt ?? item.startedAt;
    return html`<tr data-review-item=${item.id} aria-selected=${this.selected?.id === item.id ? 'true' : 'false'}>
      <td>${item.displayName} <small>${item.volunteerId}</small></td>
      <td>${this.stationText(item)}</td>
      <td>${when(start)}</td>
      <td>${when(item.endedAt)}</td>
      <td>${item.minutes ?? '—'}</td>
      <td>${whyLabel(item)}${item.correction?.note ? html`<br /><q>${item.correction.note}</q>` : nothing}</td>
      <td>${stateLabel(item.state)}</td>
      <td>
        <button type="button" @click=${() => this.select(item)}>
          ${item.state === 'pending' ? msg('Review', { id: 'console.reviews.open' }) : msg('Details', { id: 'console.reviews.details' })}
        </button>
      </td>
    </tr>`;
  }

  private detail(item: ReviewItemView) {
    const name = item.displayName;
    return html`<section class="detail" aria-labelledby="review-detail-title" data-review-detail=${item.id}>
      <h3 id="review-detail-title">${msg(str`Review of ${name}`, { id: 'console.reviews.detail.title' })}</h3>
      <dl>
        <dt>${msg('Station', { id: 'console.reviews.col.station' })}</dt>
        <dd>${this.stationText(item)}</dd>
        <dt>${msg('As recorded', { id: 'console.reviews.detail.recorded' })}</dt>
        <dd>
          ${item.startedAt
            ? html`${when(item.startedAt)} → ${timesText({ ...(item.endedAt ? { endedAt: item.endedAt } : {}), ...(item.minutes !== undefined ? { minutes: item.minutes } : {}), ...(item.points !== undefined ? { points: item.points } : {}) })}`
            : msg('Nothing recorded', { id: 'console.reviews.detail.nothing' })}
        </dd>
        <dt>${msg('Why', { id: 'console.reviews.col.why' })}</dt>
        <dd>${whyLabel(item)}</dd>
        ${item.correction
          ? html`<dt>${msg('The volunteer says', { id: 'console.reviews.detail.claim' })}</dt>
              <dd>${item.correction.startedAt ? html`${when(item.correction.startedAt)} → ` : nothing}${when(item.correction.endedAt)}${item.correction.note ? html` — <q>${item.correction.note}</q>` : nothing}</dd>`
          : nothing}
      </dl>
      ${item.state === 'pending' ? this.form() : html`<p><strong>${stateLabel(item.state)}</strong>${item.decision ? html` — ${item.decision.reason}` : nothing}</p>`}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <h4>${msg('Audit trail', { id: 'console.reviews.trail' })}</h4>
      <ol class="trail" data-review-trail>
        ${this.trail.map((event) => html`<li>${this.trailLine(event)}</li>`)}
      </ol>
    </section>`;
  }

  private trailLine(event: ReviewTrailEventView) {
    const at = when(event.at);
    const actor = event.actor;
    if (event.action === 'held') return msg(str`${at} ${actor}: held for review (${String(event.detail.reason)})`, { id: 'console.reviews.trail.held' });
    if (event.action === 'correction-requested') return msg(str`${at} volunteer's phone: asked for a correction, end ${when(String(event.detail.endedAt))}`, { id: 'console.reviews.trail.requested' });
    const oldTimes = timesText(event.detail.old as SessionTimes);
    const newTimes = timesText(event.detail.new as SessionTimes);
    const reason = String(event.detail.reason);
    return event.action === 'credited'
      ? msg(str`${at} ${actor} credited: ${oldTimes} → ${newTimes}. Reason: ${reason}`, { id: 'console.reviews.trail.credited' })
      : msg(str`${at} ${actor} declined: ${oldTimes} → ${newTimes}. Reason: ${reason}`, { id: 'console.reviews.trail.declined' });
  }

  private form() {
    return html`<form class="decision-form" @submit=${this.submit} novalidate>
      <fieldset>
        <legend>${msg('Decision', { id: 'console.reviews.form.decision' })}</legend>
        <label><input type="radio" name="outcome" value="credit" .checked=${this.outcome === 'credit'} @change=${() => (this.outcome = 'credit')} />${msg('Credit', { id: 'console.reviews.form.credit' })}</label>
        <label><input type="radio" name="outcome" value="decline" .checked=${this.outcome === 'decline'} @change=${() => (this.outcome = 'decline')} />${msg('Decline', { id: 'console.reviews.form.decline' })}</label>
      </fieldset>
      <label
        >${msg('Real end time', { id: 'console.reviews.form.endTime' })}
        <input type="datetime-local" name="endedAt" .value=${this.endedAt} ?disabled=${this.outcome !== 'credit'} @input=${(e: Event) => (this.endedAt = (e.target as HTMLInputElement).value)} />
      </label>
      <label
        >${msg('Reason (required)', { id: 'console.reviews.form.reason' })}
        <textarea name="reason" rows="3" maxlength="500" required .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <div><button type="submit" ?disabled=${this.saving}>${msg('Save decision', { id: 'console.reviews.form.save' })}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-reviews-view': VsReviewsView;
  }
}
