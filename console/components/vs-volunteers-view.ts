/**
 * The console's "Volunteers" view (issue 12 §Ledger, §Star ratings): look a volunteer up
 * by number and see the masked name, balance, star and hours; the points ledger, newest
 * first, with older pages on request; adjust the balance with a reason; reverse one
 * entry with a reason; and decide the pending star applications. Every write carries a
 * client request id made once per intended write, so a double click or a retry after a
 * lost reply counts once. What the account may not do, the server refuses (403) and the
 * view shows the server's own message.
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { viewStyles } from './view-styles.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { AdminApiError, describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { BankApi, type BankLedgerEntry, type StarApplicationView, type VolunteerRecord } from '../data/bank-api.ts';
import './vs-locale-switch.ts';

const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
const hoursText = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toFixed(1);

function starLabel(star: number): string {
  if (star < 1) return msg('No star yet', { id: 'console.volunteers.star.none' });
  const stars = '★'.repeat(star);
  return msg(str`${stars} ${star}-star volunteer`, { id: 'console.volunteers.star' });
}

function kindLabel(kind: BankLedgerEntry['kind']): string {
  switch (kind) {
    case 'earned':
      return msg('Earned', { id: 'console.volunteers.kind.earned' });
    case 'adjusted':
      return msg('Adjusted', { id: 'console.volunteers.kind.adjusted' });
    case 'redeemed':
      return msg('Redeemed', { id: 'console.volunteers.kind.redeemed' });
    case 'reversed':
      return msg('Reversal', { id: 'console.volunteers.kind.reversed' });
    case 'expired':
      return msg('Expired', { id: 'console.volunteers.kind.expired' });
  }
}

@localized()
@customElement('vs-volunteers-view')
export class VsVolunteersView extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  /** Central's admin origin; '' means this page's own origin (where /api/ is forwarded). */
  @property() apiBase = '';
  @state() private lookupId = '';
  @state() private record?: VolunteerRecord;
  @state() private entries: BankLedgerEntry[] = [];
  @state() private nextBeforeId?: number;
  @state() private lookupError = '';
  @state() private points = '';
  @state() private reason = '';
  @state() private adjustError = '';
  @state() private notice = '';
  @state() private saving = false;
  @state() private reversing?: number;
  @state() private reverseReason = '';
  @state() private reverseError = '';
  @state() private applications: StarApplicationView[] = [];
  @state() private applicationsError = '';
  @state() private decisionReasons: Record<string, string> = {};
  @state() private decisionNotice = '';
  /** One id per intended write: kept for a retry after a lost reply, renewed after an answer. */
  private adjustRequestId = crypto.randomUUID();
  private reverseRequestId = crypto.randomUUID();

  static override styles = [
    viewStyles,
    css`
      section {
        margin-top: 1.25rem;
        max-width: 70rem;
      }
      input,
      button {
        padding: 0.25rem 0.75rem;
      }
      input.reason {
        min-width: 18rem;
      }
      dl.figures {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 2rem;
      }
      dl.figures div {
        min-width: 8rem;
      }
      dd {
        font-size: 1.4rem;
      }
    `,
  ];

  private get api(): BankApi {
    return new BankApi(this.credentials, this.apiBase);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadApplications();
  }


  private async lookup(event?: Event): Promise<void> {
    event?.preventDefault();
    const id = this.lookupId.trim();
    if (!id) {
      this.lookupError = msg('Enter a volunteer number, e.g. V-0001.', { id: 'console.volunteers.error.noId' });
      return;
    }
    await this.loadRecord(id);
  }

  private async loadRecord(id: string): Promise<void> {
    try {
      const record = await this.api.volunteer(id);
      if (record.volunteer.id !== this.record?.volunteer.id) {
        this.adjustError = '';
        this.notice = '';
        this.reversing = undefined;
      }
      this.record = record;
      this.entries = record.ledger.entries;
      this.nextBeforeId = record.ledger.nextBeforeId;
      this.lookupError = '';
    } catch (err) {
      this.record = undefined;
      this.lookupError = describeAdminError(err);
    }
  }

  private async loadOlder(): Promise<void> {
    const record = this.record;
    if (!record || this.nextBeforeId === undefined) return;
    try {
      const page = await this.api.ledger(record.volunteer.id, this.nextBeforeId);
      this.entries = [...this.entries, ...page.entries];
      this.nextBeforeId = page.nextBeforeId;
    } catch (err) {
      this.lookupError = describeAdminError(err);
    }
  }

  private async adjust(event: Event): Promise<void> {
    event.preventDefault();
    // A second click while the first is on its way is the same write: ignore it here, and the id makes the server count it once anyway.
    if (this.saving || !this.record) return;
    const points = Number(this.points);
    if (!Number.isInteger(points) || points === 0) {
      this.adjustError = msg('Enter the points as a whole number other than 0, e.g. 5 or -5.', { id: 'console.volunteers.error.points' });
      return;
    }
    const reason = this.reason.trim();
    if (reason.length < 3) {
      this.adjustError = msg('Give a reason (at least 3 characters): it is kept in the ledger and shown to the volunteer.', { id: 'console.volunteers.error.reason' });
      return;
    }
    this.saving = true;
    this.adjustError = '';
    this.notice = '';
    const id = this.record.volunteer.id;
    try {
      const reply = await this.api.adjust(id, { requestId: this.adjustRequestId, points, reason });
      const balance = reply.entry.balanceAfter;
      this.adjustRequestId = crypto.randomUUID();
      this.points = '';
      this.reason = '';
      // The notice comes with the reloaded ledger, so what it says is what the table shows.
      await this.loadRecord(id);
      this.notice = msg(str`Saved. The balance is now ${balance} points.`, { id: 'console.volunteers.notice.adjusted' });
    } catch (err) {
      // A lost reply keeps the id, so sending again cannot count twice; an answer needs a new one.
      if (!(err instanceof AdminApiError && err.status === 0)) this.adjustRequestId = crypto.randomUUID();
      this.adjustError = describeAdminError(err);
    } finally {
      this.saving = false;
    }
  }

  private startReverse(entry: BankLedgerEntry): void {
    this.reversing = entry.id;
    this.reverseReason = '';
    this.reverseError = '';
    this.reverseRequestId = crypto.randomUUID();
  }

  private async reverse(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || this.reversing === undefined || !this.record) return;
    const reason = this.reverseReason.trim();
    if (reason.length < 3) {
      this.reverseError = msg('Give a reason (at least 3 characters): it is kept in the ledger and shown to the volunteer.', { id: 'console.volunteers.error.reason' });
      return;
    }
    this.saving = true;
    this.notice = '';
    this.reverseError = '';
    try {
      const reply = await this.api.reverse(this.reversing, { requestId: this.reverseRequestId, reason });
      const balance = reply.entry.balanceAfter;
      this.reversing = undefined;
      await this.loadRecord(this.record.volunteer.id);
      this.notice = msg(str`Reversed. The balance is now ${balance} points.`, { id: 'console.volunteers.notice.reversed' });
    } catch (err) {
      if (!(err instanceof AdminApiError && err.status === 0)) this.reverseRequestId = crypto.randomUUID();
      this.reverseError = describeAdminError(err);
    } finally {
      this.saving = false;
    }
  }

  private async loadApplications(): Promise<void> {
    try {
      this.applications = await this.api.pendingApplications();
      this.applicationsError = '';
    } catch (err) {
      this.applicationsError = describeAdminError(err);
    }
  }

  private async decide(application: StarApplicationView, decision: 'approve' | 'decline'): Promise<void> {
    if (this.saving) return;
    const reason = (this.decisionReasons[application.id] ?? '').trim();
    if (decision === 'decline' && reason.length < 3) {
      this.applicationsError = msg('Give a reason to decline (at least 3 characters): the volunteer sees it.', { id: 'console.volunteers.error.declineReason' });
      return;
    }
    this.saving = true;
    this.decisionNotice = '';
    try {
      const reply = await this.api.decide(application.id, { decision, ...(reason ? { reason } : {}) });
      const name = application.displayName ?? application.volunteerId;
      const star = starLabel(reply.star);
      await this.loadApplications();
      if (this.record?.volunteer.id === application.volunteerId) await this.loadRecord(application.volunteerId);
      this.decisionNotice =
        decision === 'approve'
          ? msg(str`Approved: ${name} is now ${star}.`, { id: 'console.volunteers.notice.approved' })
          : msg(str`Declined: ${name} stays ${star}.`, { id: 'console.volunteers.notice.declined' });
      this.applicationsError = '';
    } catch (err) {
      this.applicationsError = describeAdminError(err);
    } finally {
      this.saving = false;
    }
  }

  override render() {
    return html`<div class="heading">
        <h2 id="volunteers-title">${msg('Volunteers', { id: 'console.nav.volunteers' })}</h2>
        <vs-locale-switch></vs-locale-switch>
      </div>
      <form @submit=${this.lookup} novalidate>
        <label
          >${msg('Volunteer number', { id: 'console.volunteers.lookup.id' })}
          <input name="volunteerId" autocomplete="off" .value=${this.lookupId} @input=${(e: Event) => (this.lookupId = (e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">${msg('Look up', { id: 'console.volunteers.lookup' })}</button>
      </form>
      ${this.lookupError ? html`<p class="error" role="alert" data-lookup-error>${this.lookupError}</p>` : nothing}
      ${this.record ? this.renderRecord(this.record) : nothing} ${this.renderApplications()}`;
  }

  private renderRecord(record: VolunteerRecord) {
    const name = record.volunteer.displayName;
    const id = record.volunteer.id;
    return html`<section aria-labelledby="record-title" data-volunteer=${id}>
        <h3 id="record-title">${msg(str`${name} (${id})`, { id: 'console.volunteers.record.title' })}</h3>
        <dl class="figures">
          <div>
            <dt>${msg('Balance', { id: 'console.volunteers.balance' })}</dt>
            <dd id="balance">${msg(str`${record.balance} points`, { id: 'console.volunteers.points' })}</dd>
          </div>
          <div>
            <dt>${msg('Star', { id: 'console.volunteers.starLabel' })}</dt>
            <dd id="star">${starLabel(record.star.awarded)}</dd>
          </div>
          <div>
            <dt>${msg('Hours', { id: 'console.volunteers.hours' })}</dt>
            <dd id="hours">${hoursText(record.hours.totalMinutes)} h</dd>
          </div>
          <div>
            <dt>${msg('Service events', { id: 'console.volunteers.sessions' })}</dt>
            <dd>${record.hours.sessions}</dd>
          </div>
          ${record.volunteer.teamId
            ? html`<div>
                <dt>${msg('Team', { id: 'console.volunteers.team' })}</dt>
                <dd>${record.volunteer.teamId}</dd>
              </div>`
            : nothing}
        </dl>
      </section>
      <section aria-labelledby="adjust-title">
        <h3 id="adjust-title">${msg('Adjust the balance', { id: 'console.volunteers.adjust.title' })}</h3>
        <form @submit=${this.adjust} novalidate data-adjust-form>
          <label
            >${msg('Points (+ or −)', { id: 'console.volunteers.adjust.points' })}
            <input name="points" type="number" step="1" inputmode="numeric" .value=${this.points} @input=${(e: Event) => (this.points = (e.target as HTMLInputElement).value)} />
          </label>
          <label
            >${msg('Reason (required)', { id: 'console.reviews.form.reason' })}
            <input class="reason" name="reason" maxlength="500" required .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" aria-disabled=${this.saving ? 'true' : 'false'}>${msg('Save adjustment', { id: 'console.volunteers.adjust.save' })}</button>
        </form>
        ${this.adjustError ? html`<p class="error" role="alert" data-adjust-error>${this.adjustError}</p>` : nothing}
        ${this.notice ? html`<p class="notice" role="status" data-notice>${this.notice}</p>` : nothing}
      </section>
      <section aria-labelledby="ledger-title">
        <h3 id="ledger-title">${msg('Points ledger', { id: 'console.volunteers.ledger' })}</h3>
        <table aria-labelledby="ledger-title">
          <thead>
            <tr>
              <th scope="col">${msg('When', { id: 'console.volunteers.col.when' })}</th>
              <th scope="col">${msg('Kind', { id: 'console.volunteers.col.kind' })}</th>
              <th scope="col">${msg('Points', { id: 'console.volunteers.col.points' })}</th>
              <th scope="col">${msg('Balance after', { id: 'console.volunteers.col.balanceAfter' })}</th>
              <th scope="col">${msg('By, and why', { id: 'console.volunteers.col.why' })}</th>
              <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.length === 0
              ? html`<tr>
                  <td colspan="6">${msg('No entries yet.', { id: 'console.volunteers.ledger.empty' })}</td>
                </tr>`
              : nothing}
            ${this.entries.map((entry) => this.renderEntry(entry))}
          </tbody>
        </table>
        ${this.nextBeforeId !== undefined ? html`<button type="button" @click=${() => void this.loadOlder()}>${msg('Older entries', { id: 'console.volunteers.ledger.older' })}</button>` : nothing}
      </section>`;
  }

  private renderEntry(entry: BankLedgerEntry) {
    const sign = entry.points > 0 ? '+' : '−';
    const reversedBy = this.entries.find((e) => e.reversesId === entry.id);
    const target = entry.reversesId;
    return html`<tr data-entry=${entry.id}>
        <td>${when(entry.at)}</td>
        <td>${kindLabel(entry.kind)}${target !== undefined ? html` <small>${msg(str`of entry ${target}`, { id: 'console.volunteers.reverses' })}</small>` : nothing}</td>
        <td>${sign}${Math.abs(entry.points)}</td>
        <td>${entry.balanceAfter}</td>
        <td>${entry.actor ?? ''}${entry.reason ? html` — ${entry.reason}` : nothing}</td>
        <td>
          ${entry.kind === 'reversed' || reversedBy
            ? nothing
            : html`<button type="button" aria-label=${msg(str`Reverse entry ${entry.id}`, { id: 'console.volunteers.reverse.label' })} @click=${() => this.startReverse(entry)}>
                ${msg('Reverse', { id: 'console.volunteers.reverse' })}
              </button>`}
        </td>
      </tr>
      ${this.reversing === entry.id
        ? html`<tr>
            <td colspan="6">
              <form @submit=${this.reverse} novalidate data-reverse-form>
                <label
                  >${msg('Reason for the reversal (required)', { id: 'console.volunteers.reverse.reason' })}
                  <input class="reason" name="reverseReason" maxlength="500" .value=${this.reverseReason} @input=${(e: Event) => (this.reverseReason = (e.target as HTMLInputElement).value)} />
                </label>
                <button type="submit">${msg('Confirm reversal', { id: 'console.volunteers.reverse.confirm' })}</button>
                <button type="button" @click=${() => (this.reversing = undefined)}>${msg('Cancel', { id: 'console.volunteers.cancel' })}</button>
              </form>
              ${this.reverseError ? html`<p class="error" role="alert" data-reverse-error>${this.reverseError}</p>` : nothing}
            </td>
          </tr>`
        : nothing}`;
  }

  private renderApplications() {
    return html`<section aria-labelledby="applications-title">
      <h3 id="applications-title">${msg('Star applications waiting', { id: 'console.volunteers.applications' })}</h3>
      <button type="button" @click=${() => void this.loadApplications()}>${msg('Refresh', { id: 'console.reviews.refresh' })}</button>
      ${this.applicationsError ? html`<p class="error" role="alert" data-applications-error>${this.applicationsError}</p>` : nothing}
      ${this.decisionNotice ? html`<p class="notice" role="status" data-decision-notice>${this.decisionNotice}</p>` : nothing}
      ${this.applications.length === 0
        ? html`<p>${msg('No star applications wait for a decision.', { id: 'console.volunteers.applications.empty' })}</p>`
        : html`<table aria-labelledby="applications-title">
            <thead>
              <tr>
                <th scope="col">${msg('Volunteer', { id: 'console.reviews.col.volunteer' })}</th>
                <th scope="col">${msg('Applies for', { id: 'console.volunteers.col.star' })}</th>
                <th scope="col">${msg('Hours', { id: 'console.volunteers.hours' })}</th>
                <th scope="col">${msg('Applied', { id: 'console.volunteers.col.applied' })}</th>
                <th scope="col">${msg('Decision', { id: 'console.reviews.form.decision' })}</th>
              </tr>
            </thead>
            <tbody>
              ${this.applications.map((a) => this.renderApplication(a))}
            </tbody>
          </table>`}
    </section>`;
  }

  private renderApplication(a: StarApplicationView) {
    const name = a.displayName ?? a.volunteerId;
    return html`<tr data-application=${a.id}>
      <td>${name} <small>${a.volunteerId}</small></td>
      <td>${starLabel(a.star)}</td>
      <td>${hoursText(a.minutes)} h</td>
      <td>${when(a.appliedAt)}</td>
      <td>
        <label
          >${msg(str`Reason for ${name}`, { id: 'console.volunteers.decision.reason' })}
          <input
            class="reason"
            maxlength="500"
            .value=${this.decisionReasons[a.id] ?? ''}
            @input=${(e: Event) => (this.decisionReasons = { ...this.decisionReasons, [a.id]: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="button" @click=${() => void this.decide(a, 'approve')}>${msg('Approve', { id: 'console.volunteers.approve' })}</button>
        <button type="button" @click=${() => void this.decide(a, 'decline')}>${msg('Decline', { id: 'console.volunteers.decline' })}</button>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-volunteers-view': VsVolunteersView;
  }
}
