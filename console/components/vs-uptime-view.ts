/**
 * Uptime history (console "Uptime"): per site and per device, the share of time it could
 * be used over the last 7 and 30 days, and its last 24 h as a bar with the states in words,
 * plus the figures as CSV. Availability = online ÷ (online + offline, frozen or blank);
 * sleeping by schedule and time before a device was first seen are left out (central's
 * shared/uptime/availability.ts). Central answers only the sites the account may see.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { AvailabilityFigures } from '../../shared/index.ts';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { UptimeApi, type DeviceUptime, type UptimeAnswer } from '../data/uptime-api.ts';
import { viewStyles } from './view-styles.ts';
import './vs-uptime-timeline.ts';
import './vs-play-panel.ts';
import { swapBlobUrl } from './blob-url.ts';


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
      this.error = describeAdminError(err);
    } finally {
      this.busy = false;
    }
  }

  private figure(f: AvailabilityFigures) {
    return f.availability === null ? html`<span class="figure">${msg('No data', { id: 'console.uptime.noData' })}</span>` : html`<span class="figure">${(f.availability * 100).toFixed(2)} %</span>`;
  }

  private deviceRow(d: DeviceUptime) {
    return html`<tr data-device=${d.deviceId}>
      <th scope="row">${d.kind === 'kiosk' ? msg('Kiosk', { id: 'console.uptime.kiosk' }) : msg('Station', { id: 'console.uptime.station' })} ${d.deviceId}</th>
      <td>${this.figure(d.windows['7d'])}</td>
      <td>${this.figure(d.windows['30d'])}</td>
      <td>
        <vs-uptime-timeline .segments=${d.timeline}></vs-uptime-timeline>
        ${d.kind === 'kiosk'
          ? html`<button type="button" aria-expanded=${this.playOf === d.deviceId ? 'true' : 'false'} @click=${() => (this.playOf = this.playOf === d.deviceId ? '' : d.deviceId)}>${msg('Proof of play', { id: 'console.uptime.play' })}</button>`
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
    if (answer.sites.length === 0) return html`<p>${msg('No devices to show.', { id: 'console.uptime.none' })}</p>`;
    return answer.sites.map(
      (site) => html`<section aria-labelledby=${`site-${site.siteId}`} data-site=${site.siteId}>
        <h2 id=${`site-${site.siteId}`}>${msg('Site', { id: 'console.uptime.site' })} ${site.siteId}</h2>
        <table>
          <thead>
            <tr><th scope="col">${msg('Device', { id: 'console.uptime.device' })}</th><th scope="col">${msg('Last 7 days', { id: 'console.uptime.days7' })}</th><th scope="col">${msg('Last 30 days', { id: 'console.uptime.days30' })}</th><th scope="col">${msg('Last 24 hours', { id: 'console.uptime.last24h' })}</th></tr>
          </thead>
          <tbody>
            <tr class="total">
              <th scope="row">${msg('Site total', { id: 'console.uptime.siteTotal' })}</th>
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
        <h2>${msg('Uptime', { id: 'console.uptime.title' })}</h2>
        <button type="button" ?disabled=${this.busy} @click=${() => void this.load()}>${this.busy ? msg('Loading…', { id: 'console.uptime.loading' }) : msg('Refresh', { id: 'console.uptime.refresh' })}</button>
        ${this.csvUrl ? html`<a href=${this.csvUrl} download=${`uptime-${stamp}.csv`}>${msg('Download CSV', { id: 'console.uptime.csv' })}</a>` : nothing}
      </div>
      <p>${msg('Availability = time online ÷ (online + offline, frozen or blank). Sleeping by schedule and time before a device was first seen are left out.', { id: 'console.uptime.definition' })}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.answer ? this.renderSites(this.answer) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-uptime-view': VsUptimeView;
  }
}
