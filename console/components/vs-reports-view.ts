/**
 * The programme's reports (console "Reports", `#reports`): hours and service events
 * (场次) per month, by site, category and team, the top volunteers (masked names), and
 * progress toward the yearly target, as charts with their tables and as CSV downloads.
 * It signs in to central's manager API with a manager account of its own (HTTP Basic),
 * apart from the broker sign-in; central decides what the account may see.
 */
import { localized } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fetchCsvUrl, fetchServiceReport, type ReportCell, type ReportCredentials, type ServiceReport } from '../data/reports-api.ts';
import { getLocale } from '../locales/localization.ts';
import type { BarDatum } from './vs-bar-chart.ts';
import './vs-bar-chart.ts';

const S = {
  title: { 'zh-CN': '统计报表', en: 'Reports' },
  back: { 'zh-CN': '返回站点列表', en: 'Back to the stations' },
  account: { 'zh-CN': '管理员账号', en: 'Manager account' },
  password: { 'zh-CN': '密码', en: 'Password' },
  from: { 'zh-CN': '起始月份', en: 'From month' },
  to: { 'zh-CN': '截止月份', en: 'To month' },
  show: { 'zh-CN': '显示报表', en: 'Show the report' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  hoursByMonth: { 'zh-CN': '每月服务时长', en: 'Hours of service per month' },
  eventsByMonth: { 'zh-CN': '每月服务场次', en: 'Service events per month' },
  bySite: { 'zh-CN': '按站点：服务时长', en: 'Hours by site' },
  byCategory: { 'zh-CN': '按类别：服务时长', en: 'Hours by category' },
  byTeam: { 'zh-CN': '按团队：服务时长', en: 'Hours by team' },
  month: { 'zh-CN': '月份', en: 'Month' },
  site: { 'zh-CN': '站点', en: 'Site' },
  category: { 'zh-CN': '类别', en: 'Category' },
  team: { 'zh-CN': '团队', en: 'Team' },
  hours: { 'zh-CN': '小时', en: 'Hours' },
  events: { 'zh-CN': '场次', en: 'Events' },
  top: { 'zh-CN': '服务时长前列的志愿者（姓名已遮挡）', en: 'Top volunteers by hours (names masked)' },
  rank: { 'zh-CN': '名次', en: 'Rank' },
  volunteer: { 'zh-CN': '志愿者', en: 'Volunteer' },
  target: { 'zh-CN': '年度场次目标', en: 'Yearly target of service events' },
  csv: { 'zh-CN': '下载 CSV', en: 'Download CSV' },
  scope: { 'zh-CN': '可见范围', en: 'You see' },
  everything: { 'zh-CN': '全部站点', en: 'every site' },
  definition: {
    'zh-CN': '一场次 = 一次已结束且已计入的服务（待审核的不计）。',
    en: 'One service event = one closed, credited session (sessions waiting for review do not count).',
  },
} as const;

type Key = keyof typeof S;

function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

function hours(minutes: number): string {
  return `${(minutes / 60).toFixed(1)} h`;
}

/** Sums a dimension's cells over the months, in the order the API gave the keys. */
function totalsByKey(cells: readonly ReportCell[]): BarDatum[] {
  const sums = new Map<string, { label: string; minutes: number }>();
  for (const c of cells) {
    const s = sums.get(c.key) ?? { label: c.label, minutes: 0 };
    s.minutes += c.minutes;
    sums.set(c.key, s);
  }
  return [...sums.values()].map((s) => ({ label: s.label, value: s.minutes, text: hours(s.minutes) }));
}

@localized()
@customElement('vs-reports-view')
export class VsReportsView extends LitElement {
  static override styles = css`
    :host {
      display: block;
      padding: 1rem;
      overflow: auto;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: end;
    }
    label {
      display: grid;
      gap: 0.2rem;
    }
    input,
    button {
      font: inherit;
      min-height: 2.75rem;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr));
      gap: 1.5rem;
      margin-top: 1rem;
    }
    .error {
      color: #a3161a;
      font-weight: 700;
    }
    a {
      color: #0b4f8a;
    }
    progress {
      width: 20rem;
      height: 1.5rem;
    }
    table {
      border-collapse: collapse;
    }
    th,
    td {
      border: 1px solid #8a8f98;
      padding: 0.15rem 0.5rem;
      text-align: start;
    }
  `;

  /** Central's manager API origin; '' means this page's own origin (a reverse proxy maps /api). */
  @property() apiBase = '';
  @property({ attribute: false }) login?: ReportCredentials;
  @state() private username = '';
  @state() private password = '';
  @state() private from = monthOf(new Date(new Date().getFullYear(), new Date().getMonth() - 5, 1));
  @state() private to = monthOf(new Date());
  @state() private report?: ServiceReport;
  @state() private csv: Partial<Record<'site' | 'category' | 'team' | 'top', string>> = {};
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.username ||= this.login?.username ?? '';
    this.password ||= this.login?.password ?? '';
  }

  private t(key: Key): string {
    return S[key][getLocale() === 'en' ? 'en' : 'zh-CN'];
  }

  private async load(event: Event): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.error = '';
    const credentials = { username: this.username, password: this.password };
    const answer = await fetchServiceReport(this.apiBase, credentials, this.from, this.to);
    this.busy = false;
    if (!answer.ok) {
      this.report = undefined;
      this.error = answer.message;
      return;
    }
    this.report = answer.value;
    for (const url of Object.values(this.csv)) if (url) URL.revokeObjectURL(url);
    this.csv = {};
    const range = `from=${this.from}&to=${this.to}`;
    const downloads = [
      ['site', `/api/reports/service.csv?${range}&by=site`],
      ['category', `/api/reports/service.csv?${range}&by=category`],
      ['team', `/api/reports/service.csv?${range}&by=team`],
      ['top', `/api/reports/top-volunteers.csv?${range}`],
    ] as const;
    for (const [key, path] of downloads) {
      const csv = await fetchCsvUrl(this.apiBase, credentials, path);
      if (csv.ok) this.csv = { ...this.csv, [key]: csv.value };
    }
  }

  private csvLink(key: 'site' | 'category' | 'team' | 'top', name: string) {
    const url = this.csv[key];
    return url ? html`<a class="csv" href=${url} download=${`${name}-${this.from}-to-${this.to}.csv`}>${this.t('csv')} (${name})</a>` : nothing;
  }

  private renderReport(r: ServiceReport) {
    const scope = r.scope.role === 'city-manager' ? this.t('everything') : r.scope.role === 'site-staff' ? r.scope.sites.join(', ') : r.scope.team;
    const percent = (r.target.fraction * 100).toFixed(2);
    return html`<p>${this.t('scope')}: ${scope}. ${this.t('definition')}</p>
      <section aria-labelledby="target-title">
        <h2 id="target-title">${this.t('target')} ${r.target.year}</h2>
        <progress max=${r.target.target} .value=${Math.min(r.target.events, r.target.target)} aria-labelledby="target-title target-text"></progress>
        <p id="target-text">${r.target.events} / ${r.target.target} (${percent} %)</p>
      </section>
      <div class="charts">
        <div>
          <vs-bar-chart
            id="chart-hours"
            .caption=${this.t('hoursByMonth')}
            .labelHeader=${this.t('month')}
            .valueHeader=${this.t('hours')}
            .data=${r.months.map((m) => ({ label: m.month, value: m.minutes, text: hours(m.minutes) }))}
          ></vs-bar-chart>
        </div>
        <div>
          <vs-bar-chart
            id="chart-events"
            .caption=${this.t('eventsByMonth')}
            .labelHeader=${this.t('month')}
            .valueHeader=${this.t('events')}
            .data=${r.months.map((m) => ({ label: m.month, value: m.events, text: String(m.events) }))}
          ></vs-bar-chart>
        </div>
        <div>
          <vs-bar-chart .caption=${this.t('bySite')} .labelHeader=${this.t('site')} .valueHeader=${this.t('hours')} .data=${totalsByKey(r.bySite)}></vs-bar-chart>
          ${this.csvLink('site', 'by-site')}
        </div>
        <div>
          <vs-bar-chart .caption=${this.t('byCategory')} .labelHeader=${this.t('category')} .valueHeader=${this.t('hours')} .data=${totalsByKey(r.byCategory)}></vs-bar-chart>
          ${this.csvLink('category', 'by-category')}
        </div>
        <div>
          <vs-bar-chart .caption=${this.t('byTeam')} .labelHeader=${this.t('team')} .valueHeader=${this.t('hours')} .data=${totalsByKey(r.byTeam)}></vs-bar-chart>
          ${this.csvLink('team', 'by-team')}
        </div>
        <section>
          <h2>${this.t('top')}</h2>
          <table>
            <thead>
              <tr><th scope="col">${this.t('rank')}</th><th scope="col">${this.t('volunteer')}</th><th scope="col">${this.t('hours')}</th><th scope="col">${this.t('events')}</th></tr>
            </thead>
            <tbody>
              ${r.topVolunteers.map((v) => html`<tr><td>${v.rank}</td><td>${v.displayName} (${v.volunteerId})</td><td>${hours(v.minutes)}</td><td>${v.events}</td></tr>`)}
            </tbody>
          </table>
          ${this.csvLink('top', 'top-volunteers')}
        </section>
      </div>`;
  }

  override render() {
    const input = (key: 'username' | 'password' | 'from' | 'to') => (e: Event) => (this[key] = (e.target as HTMLInputElement).value);
    return html`<a href="#">${this.t('back')}</a>
      <h1>${this.t('title')}</h1>
      <form @submit=${(e: Event) => void this.load(e)}>
        <label>${this.t('account')}<input id="report-user" autocomplete="username" required .value=${this.username} @input=${input('username')} /></label>
        <label>${this.t('password')}<input id="report-password" type="password" autocomplete="current-password" required .value=${this.password} @input=${input('password')} /></label>
        <label>${this.t('from')}<input id="report-from" type="month" required .value=${this.from} @input=${input('from')} /></label>
        <label>${this.t('to')}<input id="report-to" type="month" required .value=${this.to} @input=${input('to')} /></label>
        <button id="report-show" type="submit" ?disabled=${this.busy}>${this.busy ? this.t('loading') : this.t('show')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.report ? this.renderReport(this.report) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-reports-view': VsReportsView;
  }
}
