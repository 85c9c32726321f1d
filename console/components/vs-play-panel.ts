/**
 * One kiosk's proof of play over the last 24 h (protocol v2 §Proof of play): a row per
 * clock hour, newest first, with each screen and content version it showed and for how
 * long. Opened from a kiosk's row in the Uptime view. Bilingual, large text.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { PlayScreen } from '../../shared/index.ts';
import { AdminApiError, type ManagerCredentials } from '../data/admin-api.ts';
import { PlayApi, type PlayAnswer } from '../data/play-api.ts';
import { getLocale } from '../locales/localization.ts';
import { viewStyles } from './view-styles.ts';

const S = {
  title: { 'zh-CN': '播放记录（近 24 小时）', en: 'Proof of play (last 24 hours)' },
  hour: { 'zh-CN': '时段', en: 'Hour' },
  shown: { 'zh-CN': '显示的画面与内容版本', en: 'Screens and content versions shown' },
  total: { 'zh-CN': '合计', en: 'Total' },
  none: { 'zh-CN': '这台终端近 24 小时没有报告。终端每个整点之后报告上一小时。', en: 'No reports from this kiosk in the last 24 hours. A kiosk reports each hour once it is over.' },
  activities: { 'zh-CN': '活动版本', en: 'activities of' },
  directory: { 'zh-CN': '站点目录版本', en: 'directory of' },
  app: { 'zh-CN': '程序', en: 'app' },
  minutes: { 'zh-CN': '分钟', en: 'min' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  network: { 'zh-CN': '无法连接中心服务。请检查网络后重试。', en: 'The central service cannot be reached. Check the connection and try again.' },
} as const;

const SCREEN_NAMES: Record<PlayScreen, { 'zh-CN': string; en: string }> = {
  home: { 'zh-CN': '首页（签到二维码）', en: 'Home (check-in QR)' },
  activities: { 'zh-CN': '活动', en: 'Activities' },
  stations: { 'zh-CN': '志愿服务站', en: 'Volunteer stations' },
  perks: { 'zh-CN': '星级优待', en: 'Star perks' },
  rewards: { 'zh-CN': '兑换', en: 'Rewards' },
  sleeping: { 'zh-CN': '休眠', en: 'Sleeping' },
  tap: { 'zh-CN': '刷卡结果', en: 'Tap result' },
  pairing: { 'zh-CN': '绑定手机', en: 'Phone linking' },
  desk: { 'zh-CN': '兑换台确认', en: 'Desk prompt' },
  manager: { 'zh-CN': '管理面板', en: 'Manager panel' },
};

type Lang = 'zh-CN' | 'en';

@localized()
@customElement('vs-play-panel')
export class VsPlayPanel extends LitElement {
  static override styles = [
    viewStyles,
    css`
      :host {
        display: block;
        font-size: 1.25rem;
      }
      ul {
        margin: 0;
        padding-left: 1.2rem;
      }
      .minutes {
        font-weight: 700;
        white-space: nowrap;
      }
      .versions {
        color: #444;
        font-size: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) credentials!: ManagerCredentials;
  @property() apiBase = '';
  @property() kioskId = '';
  @state() private answer?: PlayAnswer;
  @state() private error = '';

  private get language(): Lang {
    return getLocale() === 'en' ? 'en' : 'zh-CN';
  }

  private t(key: keyof typeof S): string {
    return S[key][this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.answer = await new PlayApi(this.credentials, this.apiBase).lastDay(this.kioskId);
    } catch (err) {
      this.error = err instanceof AdminApiError ? (err.status === 0 ? this.t('network') : err.detail) : String(err);
    }
  }

  private minutes(ms: number): string {
    return `${(ms / 60_000).toFixed(1)} ${this.t('minutes')}`;
  }

  private hourLabel(iso: string): string {
    const from = new Date(iso);
    const to = new Date(from.getTime() + 3_600_000);
    const fmt = (d: Date) => d.toLocaleTimeString(this.language, { hour: '2-digit', minute: '2-digit', hour12: false });
    return `${from.toLocaleDateString(this.language, { month: 'numeric', day: 'numeric' })} ${fmt(from)}–${fmt(to)}`;
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.answer) return html`<p>${this.t('loading')}</p>`;
    const hours = [...this.answer.hours].reverse();
    return html`<h3>${this.t('title')} · ${this.kioskId}</h3>
      ${hours.length === 0
        ? html`<p>${this.t('none')}</p>`
        : html`<table>
            <thead>
              <tr><th scope="col">${this.t('hour')}</th><th scope="col">${this.t('shown')}</th><th scope="col">${this.t('total')}</th></tr>
            </thead>
            <tbody>
              ${hours.map(
                (h) => html`<tr data-hour=${h.hour}>
                  <th scope="row">${this.hourLabel(h.hour)}</th>
                  <td>
                    <ul>
                      ${h.entries.map(
                        (e) => html`<li>
                          ${SCREEN_NAMES[e.screen][this.language]} <span class="minutes">${this.minutes(e.durationMs)}</span>
                          <span class="versions"
                            >(${this.t('app')} ${e.appVersion}${e.activitiesUpdatedAt ? html`, ${this.t('activities')} ${e.activitiesUpdatedAt.slice(0, 16).replace('T', ' ')}` : nothing}${e.directoryUpdatedAt
                              ? html`, ${this.t('directory')} ${e.directoryUpdatedAt.slice(0, 16).replace('T', ' ')}`
                              : nothing})</span
                          >
                        </li>`,
                      )}
                    </ul>
                  </td>
                  <td class="minutes">${this.minutes(h.totalMs)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-play-panel': VsPlayPanel;
  }
}
