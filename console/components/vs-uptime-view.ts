/**
 * Uptime history (console "Uptime"): per site and per device, the share of time it could
 * be used over the last 7 and 30 days, and its last 24 h as a bar with the states in words,
 * plus the figures as CSV. Availability = online ÷ (online + offline, frozen or blank);
 * sleeping by schedule and time before a device was first seen are left out (central's
 * shared/uptime/availability.ts). Central answers only the sites the account may see.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { AvailabilityFigures } from '../../shared/index.ts';
import { AdminApiError, type ManagerCredentials } from '../data/admin-api.ts';
import { UptimeApi, type DeviceUptime, type UptimeAnswer } from '../data/uptime-api.ts';
import { getLocale } from '../locales/localization.ts';
import { viewStyles } from './view-styles.ts';
import './vs-uptime-timeline.ts';
import './vs-play-panel.ts';
import { swapBlobUrl } from './blob-url.ts';

const S = {
  title: { 'zh-CN': '在线率', en: 'Uptime' },
  definition: {
    'zh-CN': '在线率 = 在线时间 ÷（在线 + 离线、画面卡住或黑屏的时间）。按时休眠和首次上线前的时间不计入。',
    en: 'Availability = time online ÷ (online + offline, frozen or blank). Sleeping by schedule and time before a device was first seen are left out.',
  },
  refresh: { 'zh-CN': '刷新', en: 'Refresh' },
  csv: { 'zh-CN': '下载 CSV', en: 'Download CSV' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  site: { 'zh-CN': '站点', en: 'Site' },
  siteTotal: { 'zh-CN': '站点合计', en: 'Site total' },
  device: { 'zh-CN': '设备', en: 'Device' },
  days7: { 'zh-CN': '近 7 天', en: 'Last 7 days' },
  days30: { 'zh-CN': '近 30 天', en: 'Last 30 days' },
  last24h: { 'zh-CN': '近 24 小时', en: 'Last 24 hours' },
  station: { 'zh-CN': '站点机', en: 'Station' },
  kiosk: { 'zh-CN': '终端', en: 'Kiosk' },
  noData: { 'zh-CN': '无数据', en: 'No data' },
  play: { 'zh-CN': '播放记录', en: 'Proof of play' },
  none: { 'zh-CN': '没有可显示的设备。', en: 'No devices to show.' },
  network: { 'zh-CN': '无法连接中心服务。请检查网络后重试。', en: 'The central service cannot be reached. Check the connection and try again.' },
  auth: { 'zh-CN': '中心服务不接受这个管理员账号或密码。', en: 'The manager name or password is not accepted by the central service.' },
} as const;

type Key = keyof typeof S;

@localized()
@customElement('vs-uptime-view')
export class VsUptimeView extends LitElement {
  static override styles = [
    viewStyles,
    css`
      :host {
        font-size: 1.125rem;
      }
      .figure {
        font-size: 1.5rem;
        font-weight: 700;
        white-space: nowrap;
      }
      .total th,
      .total td {
        background: #eef2f6;
      }
      section {
        margin-top: 1.5rem;
      }
      a {
        color: #0b4f8a;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) credentials!: ManagerCredentials;
  /** Central's manager API origin; '' means this page's own origin. */
  @property() apiBase = '';
  @state() private answer?: UptimeAnswer;
  @state() private csvUrl = '';
  @state() private error = '';
  @state() private busy = false;
  /** The kiosk whose proof-of-play panel is open, if any. */
  @state() private playOf = '';

  private t(key: Key): string {
    return S[key][getLocale() === 'en' ? 'en' : 'zh-CN'];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
  }

  private async load(): Promise<void> {
    this.busy = true;
    this.error = '';
    const api = new UptimeApi(this.credentials, this.apiBase);
    try {
      const [answer, csvUrl] = await Promise.all([api.uptime(), api.csvUrl()]);
      this.answer = answer;
      await swapBlobUrl(this, this.csvUrl, () => (this.csvUrl = csvUrl));
    } catch (err) {
      this.answer = undefined;
      this.error = err instanceof AdminApiError ? (err.status === 0 ? this.t('network') : err.status === 401 ? this.t('auth') : err.detail) : String(err);
    } finally {
      this.busy = false;
    }
  }

  private figure(f: AvailabilityFigures) {
    return f.availability === null ? html`<span class="figure">${this.t('noData')}</span>` : html`<span class="figure">${(f.availability * 100).toFixed(2)} %</span>`;
  }

  private deviceRow(d: DeviceUptime) {
    return html`<tr data-device=${d.deviceId}>
      <th scope="row">${this.t(d.kind)} ${d.deviceId}</th>
      <td>${this.figure(d.windows['7d'])}</td>
      <td>${this.figure(d.windows['30d'])}</td>
      <td>
        <vs-uptime-timeline .segments=${d.timeline}></vs-uptime-timeline>
        ${d.kind === 'kiosk'
          ? html`<button type="button" aria-expanded=${this.playOf === d.deviceId ? 'true' : 'false'} @click=${() => (this.playOf = this.playOf === d.deviceId ? '' : d.deviceId)}>${this.t('play')}</button>`
          : nothing}
      </td>
    </tr>
    ${this.playOf === d.deviceId
      ? html`<tr data-play=${d.deviceId}>
          <td colspan="4"><vs-play-panel .credentials=${this.credentials} .apiBase=${this.apiBase} .kioskId=${d.deviceId}></vs-play-panel></td>
        </tr>`
      : nothing}`;
  }

  private renderSites(answer: UptimeAnswer) {
    if (answer.sites.length === 0) return html`<p>${this.t('none')}</p>`;
    return answer.sites.map(
      (site) => html`<section aria-labelledby=${`site-${site.siteId}`} data-site=${site.siteId}>
        <h2 id=${`site-${site.siteId}`}>${this.t('site')} ${site.siteId}</h2>
        <table>
          <thead>
            <tr><th scope="col">${this.t('device')}</th><th scope="col">${this.t('days7')}</th><th scope="col">${this.t('days30')}</th><th scope="col">${this.t('last24h')}</th></tr>
          </thead>
          <tbody>
            <tr class="total">
              <th scope="row">${this.t('siteTotal')}</th>
              <td>${this.figure(site.windows['7d'])}</td>
              <td>${this.figure(site.windows['30d'])}</td>
              <td></td>
            </tr>
            ${site.devices.map((d) => this.deviceRow(d))}
          </tbody>
        </table>
      </section>`,
    );
  }

  override render() {
    const stamp = this.answer?.at.slice(0, 10) ?? '';
    return html`<div class="heading">
        <h2>${this.t('title')}</h2>
        <button type="button" ?disabled=${this.busy} @click=${() => void this.load()}>${this.busy ? this.t('loading') : this.t('refresh')}</button>
        ${this.csvUrl ? html`<a href=${this.csvUrl} download=${`uptime-${stamp}.csv`}>${this.t('csv')}</a>` : nothing}
      </div>
      <p>${this.t('definition')}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.answer ? this.renderSites(this.answer) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-uptime-view': VsUptimeView;
  }
}
