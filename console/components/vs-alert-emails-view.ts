/**
 * Alert emails (console "Alert emails"): the signed-in account's addresses for alert mail,
 * each with its sites, quiet hours (Asia/Shanghai, may cross midnight) and how it is mailed:
 * at once, a daily digest at a set time, or both. Central checks every field and the
 * account's sites; its bilingual field errors are shown as they are.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { AlertSubscription } from '../../shared/index.ts';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { AlertSubscriptionsApi, type AlertSubscriptionsAnswer } from '../data/alert-subscriptions-api.ts';
import { getLocale } from '../locales/localization.ts';
import { viewStyles } from './view-styles.ts';

const S = {
  title: { 'zh-CN': '告警邮件', en: 'Alert emails' },
  intro: {
    'zh-CN': '选择接收告警邮件的地址和场地。免打扰时段内不发即时邮件：有每日摘要的写入摘要，没有的在免打扰结束时补发。时间为北京时间。',
    en: 'Choose the addresses and sites that get alert emails. No immediate mail during quiet hours: it goes into the daily digest, or is sent when quiet hours end if there is no digest. Times are Beijing time.',
  },
  email: { 'zh-CN': '电子邮件', en: 'Email' },
  sites: { 'zh-CN': '场地', en: 'Sites' },
  allSites: { 'zh-CN': '全部场地', en: 'All sites' },
  quietFrom: { 'zh-CN': '免打扰开始（如 22:00）', en: 'Quiet from (e.g. 22:00)' },
  quietTo: { 'zh-CN': '免打扰结束（如 07:00）', en: 'Quiet until (e.g. 07:00)' },
  immediate: { 'zh-CN': '即时邮件', en: 'Immediate mail' },
  digestAt: { 'zh-CN': '每日摘要时间（如 08:00，留空则不发）', en: 'Daily digest at (e.g. 08:00, empty for none)' },
  add: { 'zh-CN': '添加地址', en: 'Add an address' },
  remove: { 'zh-CN': '删除此地址', en: 'Remove this address' },
  save: { 'zh-CN': '保存', en: 'Save' },
  saved: { 'zh-CN': '已保存。', en: 'Saved.' },
  none: { 'zh-CN': '尚未订阅告警邮件。', en: 'No alert emails yet.' },
  noSmtp: { 'zh-CN': '中心服务未配置邮件服务器，暂时无法发送告警邮件。请联系运维人员。', en: 'The central service has no mail server configured, so alert emails cannot be sent yet. Ask the operator.' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
} as const;

type Key = keyof typeof S;

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

  private t(key: Key): string {
    return S[key][getLocale() === 'en' ? 'en' : 'zh-CN'];
  }

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
      this.notice = this.t('saved');
    });
  }

  private draftFields(d: Draft, i: number, answer: AlertSubscriptionsAnswer) {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const checked = (e: Event) => (e.target as HTMLInputElement).checked;
    return html`<fieldset data-subscription=${i}>
      <label>${this.t('email')}<input type="email" name="email" autocomplete="email" .value=${d.email} @input=${(e: Event) => this.edit(i, { email: value(e) })} /></label>
      <div role="group" aria-label=${this.t('sites')}>
        ${answer.mayChooseAll
          ? html`<label class="check"><input type="checkbox" name="all" .checked=${d.all} @change=${(e: Event) => this.edit(i, { all: checked(e) })} />${this.t('allSites')}</label>`
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
      <label>${this.t('quietFrom')}<input name="quietFrom" inputmode="numeric" placeholder="22:00" .value=${d.quietFrom} @input=${(e: Event) => this.edit(i, { quietFrom: value(e) })} /></label>
      <label>${this.t('quietTo')}<input name="quietTo" inputmode="numeric" placeholder="07:00" .value=${d.quietTo} @input=${(e: Event) => this.edit(i, { quietTo: value(e) })} /></label>
      <label class="check"><input type="checkbox" name="immediate" .checked=${d.immediate} @change=${(e: Event) => this.edit(i, { immediate: checked(e) })} />${this.t('immediate')}</label>
      <label>${this.t('digestAt')}<input name="digestAt" inputmode="numeric" placeholder="08:00" .value=${d.digestAt} @input=${(e: Event) => this.edit(i, { digestAt: value(e) })} /></label>
      <button type="button" @click=${() => (this.drafts = this.drafts.filter((_, j) => j !== i))}>${this.t('remove')}</button>
    </fieldset>`;
  }

  override render() {
    const answer = this.answer;
    const blank: Draft = { email: '', all: false, sites: answer?.sites.length === 1 ? [...answer.sites] : [], quietFrom: '', quietTo: '', immediate: true, digestAt: '' };
    return html`<div class="heading"><h2>${this.t('title')}</h2></div>
      <p>${this.t('intro')}</p>
      ${answer && !answer.emailConfigured ? html`<p class="error" role="status">${this.t('noSmtp')}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${answer
        ? html`<form novalidate @submit=${(e: Event) => this.save(e)}>
            <div style="flex-basis: 100%">${this.drafts.length ? this.drafts.map((d, i) => this.draftFields(d, i, answer)) : html`<p>${this.t('none')}</p>`}</div>
            <button type="button" @click=${() => (this.drafts = [...this.drafts, blank])}>${this.t('add')}</button>
            <button type="submit" ?disabled=${this.busy}>${this.t('save')}</button>
          </form>`
        : html`<p>${this.busy ? this.t('loading') : ''}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-alert-emails-view': VsAlertEmailsView;
  }
}
