/**
 * Alert emails (console "Alert emails"): the signed-in account's addresses for alert mail,
 * each with its sites, quiet hours (Asia/Shanghai, may cross midnight) and how it is mailed:
 * at once, a daily digest at a set time, or both. Central checks every field and the
 * account's sites; its bilingual field errors are shown as they are.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { AlertSubscription } from '../../shared/index.ts';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { AlertSubscriptionsApi, type AlertSubscriptionsAnswer } from '../data/alert-subscriptions-api.ts';
import { viewStyles } from './view-styles.ts';


/** One address as the form holds it: times as typed, so central can say what is wrong with them. */
interface Draft {
  email: string;
  all: boolean;
  sites: string[];
  quietFrom: string;
  quietTo: string;
  immediate: boolean;
  digestAt: string;
}

function draftOf(s: AlertSubscription): Draft {
  return { email: s.email, all: s.sites === 'all', sites: s.sites === 'all' ? [] : [...s.sites], quietFrom: s.quietHours?.from ?? '', quietTo: s.quietHours?.to ?? '', immediate: s.immediate, digestAt: s.digestAt ?? '' };
}

function subscriptionOf(d: Draft): AlertSubscription {
  const quiet = d.quietFrom.trim() || d.quietTo.trim() ? { quietHours: { from: d.quietFrom.trim(), to: d.quietTo.trim() } } : {};
  return { email: d.email.trim(), sites: d.all ? 'all' : d.sites, ...quiet, immediate: d.immediate, ...(d.digestAt.trim() ? { digestAt: d.digestAt.trim() } : {}) };
}

@localized()
@customElement('vs-alert-emails-view')
export class VsAlertEmailsView extends LitElement {
  static override styles = [
    viewStyles,
    css`
      :host {
        font-size: 1.25rem;
      }
      fieldset {
        margin: 1rem 0;
        padding: 1rem;
        border: 1px solid #8a96a3;
        border-radius: 8px;
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: end;
      }
      .check {
        flex-direction: row;
        align-items: center;
      }
      .check input {
        width: 1.5rem;
        height: 1.5rem;
      }
    `,
  ];

  @property({ attribute: false }) credentials!: ManagerCredentials;
  /** Central's manager API origin; '' means this page's own origin. */
  @property() apiBase = '';
  @state() private answer?: AlertSubscriptionsAnswer;
  @state() private drafts: Draft[] = [];
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;


  private get api(): AlertSubscriptionsApi {
    return new AlertSubscriptionsApi(this.credentials, this.apiBase);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run(async () => this.show(await this.api.load()));
  }

  private show(answer: AlertSubscriptionsAnswer): void {
    this.answer = answer;
    this.drafts = answer.subscriptions.map(draftOf);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await work();
    } catch (err) {
      this.error = describeAdminError(err);
    } finally {
      this.busy = false;
    }
  }

  private edit(i: number, change: Partial<Draft>): void {
    this.drafts = this.drafts.map((d, j) => (j === i ? { ...d, ...change } : d));
  }

  private save(event: Event): void {
    event.preventDefault();
    void this.run(async () => {
      this.show(await this.api.save(this.drafts.map(subscriptionOf)));
      this.notice = msg('Saved.', { id: 'console.alertEmails.saved' });
    });
  }

  private draftFields(d: Draft, i: number, answer: AlertSubscriptionsAnswer) {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const checked = (e: Event) => (e.target as HTMLInputElement).checked;
    return html`<fieldset data-subscription=${i}>
      <label>${msg('Email', { id: 'console.alertEmails.email' })}<input type="email" name="email" autocomplete="email" .value=${d.email} @input=${(e: Event) => this.edit(i, { email: value(e) })} /></label>
      <div role="group" aria-label=${msg('Sites', { id: 'console.alertEmails.sites' })}>
        ${answer.mayChooseAll
          ? html`<label class="check"><input type="checkbox" name="all" .checked=${d.all} @change=${(e: Event) => this.edit(i, { all: checked(e) })} />${msg('All sites', { id: 'console.alertEmails.allSites' })}</label>`
          : nothing}
        ${answer.sites.map(
          (site) => html`<label class="check"
            ><input
              type="checkbox"
              name="site"
              value=${site}
              ?disabled=${d.all}
              .checked=${d.sites.includes(site)}
              @change=${(e: Event) => this.edit(i, { sites: checked(e) ? [...d.sites, site] : d.sites.filter((s) => s !== site) })}
            />${site}</label
          >`,
        )}
      </div>
      <label>${msg('Quiet from (e.g. 22:00)', { id: 'console.alertEmails.quietFrom' })}<input name="quietFrom" inputmode="numeric" placeholder="22:00" .value=${d.quietFrom} @input=${(e: Event) => this.edit(i, { quietFrom: value(e) })} /></label>
      <label>${msg('Quiet until (e.g. 07:00)', { id: 'console.alertEmails.quietTo' })}<input name="quietTo" inputmode="numeric" placeholder="07:00" .value=${d.quietTo} @input=${(e: Event) => this.edit(i, { quietTo: value(e) })} /></label>
      <label class="check"><input type="checkbox" name="immediate" .checked=${d.immediate} @change=${(e: Event) => this.edit(i, { immediate: checked(e) })} />${msg('Immediate mail', { id: 'console.alertEmails.immediate' })}</label>
      <label>${msg('Daily digest at (e.g. 08:00, empty for none)', { id: 'console.alertEmails.digestAt' })}<input name="digestAt" inputmode="numeric" placeholder="08:00" .value=${d.digestAt} @input=${(e: Event) => this.edit(i, { digestAt: value(e) })} /></label>
      <button type="button" @click=${() => (this.drafts = this.drafts.filter((_, j) => j !== i))}>${msg('Remove this address', { id: 'console.alertEmails.remove' })}</button>
    </fieldset>`;
  }

  override render() {
    const answer = this.answer;
    const blank: Draft = { email: '', all: false, sites: answer?.sites.length === 1 ? [...answer.sites] : [], quietFrom: '', quietTo: '', immediate: true, digestAt: '' };
    return html`<div class="heading"><h2>${msg('Alert emails', { id: 'console.alertEmails.title' })}</h2></div>
      <p>${msg('Choose the addresses and sites that get alert emails. No immediate mail during quiet hours: it goes into the daily digest, or is sent when quiet hours end if there is no digest. Times are Beijing time.', { id: 'console.alertEmails.intro' })}</p>
      ${answer && !answer.emailConfigured ? html`<p class="error" role="status">${msg('The central service has no mail server configured, so alert emails cannot be sent yet. Ask the operator.', { id: 'console.alertEmails.noSmtp' })}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${answer
        ? html`<form novalidate @submit=${(e: Event) => this.save(e)}>
            <div style="flex-basis: 100%">${this.drafts.length ? this.drafts.map((d, i) => this.draftFields(d, i, answer)) : html`<p>${msg('No alert emails yet.', { id: 'console.alertEmails.none' })}</p>`}</div>
            <button type="button" @click=${() => (this.drafts = [...this.drafts, blank])}>${msg('Add an address', { id: 'console.alertEmails.add' })}</button>
            <button type="submit" ?disabled=${this.busy}>${msg('Save', { id: 'console.alertEmails.save' })}</button>
          </form>`
        : html`<p>${this.busy ? msg('Loading…', { id: 'console.alertEmails.loading' }) : ''}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-alert-emails-view': VsAlertEmailsView;
  }
}
