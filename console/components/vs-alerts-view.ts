/**
 * Alerts (console "Alerts", issue 14): the episodes central opened and closed
 * (central/alerts/), not the page's own guesses. Open alerts on top with how long they
 * have lasted and a button to acknowledge each (with an optional note), then the history
 * with who acknowledged what and when, and the history as CSV. A sleeping screen is never
 * here: central does not open an alert for the display schedule. Central answers only the
 * sites the account may see.
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { AlertEpisodesApi, type AlertEpisode } from '../data/alert-episodes-api.ts';
import { formatClockTime, formatDuration } from '../data/format.ts';
import { getLocale } from '../locales/localization.ts';
import { viewStyles } from './view-styles.ts';
import { swapBlobUrl } from './blob-url.ts';

/** Central's alert names (central/alerts/alert-rules.ts) in the page's language; a newer one shows as its name. */
function alertName(alert: string): string {
  switch (alert) {
    case 'station-offline':
      return msg('Station offline', { id: 'console.alerts.name.stationOffline' });
    case 'kiosk-offline':
      return msg('Kiosk offline', { id: 'console.alerts.name.kioskOffline' });
    case 'reader-disconnected':
      return msg('Card reader disconnected', { id: 'console.alerts.name.readerDisconnected' });
    case 'outbox-stale':
      return msg('Check-ins not reaching central', { id: 'console.alerts.name.outboxStale' });
    case 'storage-low':
      return msg('Station disk nearly full', { id: 'console.alerts.name.storageLow' });
    case 'screen-frozen':
      return msg('Kiosk screen frozen', { id: 'console.alerts.name.screenFrozen' });
    case 'screen-blank':
      return msg('Kiosk screen blank', { id: 'console.alerts.name.screenBlank' });
    default:
      return alert;
  }
}

@localized()
@customElement('vs-alerts-view')
export class VsAlertsView extends LitElement {
  static override styles = [
    viewStyles,
    css`
      :host {
        font-size: 1.125rem;
      }
      section {
        margin-top: 1.5rem;
      }
      .ack-form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .ack-form input {
        min-width: 12rem;
      }
      .acked {
        color: #1b5e20;
        font-weight: 600;
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
  @state() private open: AlertEpisode[] = [];
  @state() private history: AlertEpisode[] = [];
  @state() private at = 0;
  @state() private loaded = false;
  @state() private csvUrl = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private notes: Record<number, string> = {};

  private get api(): AlertEpisodesApi {
    return new AlertEpisodesApi(this.credentials, this.apiBase);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
  }

  private async load(keepError = false): Promise<void> {
    this.busy = true;
    if (!keepError) this.error = '';
    try {
      const [open, history, csvUrl] = await Promise.all([this.api.list('open'), this.api.list('all'), this.api.csvUrl()]);
      this.open = open.episodes;
      this.history = history.episodes;
      this.at = Date.parse(history.at);
      this.loaded = true;
      // The CSV link comes with the lists it shows.
      await swapBlobUrl(this, this.csvUrl, () => (this.csvUrl = csvUrl));
    } catch (err) {
      this.error = describeAdminError(err);
    } finally {
      this.busy = false;
    }
  }

  private async acknowledge(episode: AlertEpisode): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.api.acknowledge(episode.id, this.notes[episode.id] ?? '');
      this.notes = { ...this.notes, [episode.id]: '' };
    } catch (err) {
      // A 409 names who acknowledged it first; the reload then shows them.
      this.error = describeAdminError(err);
    }
    await this.load(true);
  }

  private time(iso: string): string {
    return formatClockTime(Date.parse(iso), this.at, getLocale());
  }

  private device(e: AlertEpisode) {
    return e.deviceKind === 'kiosk' ? msg(str`Kiosk ${e.deviceId} (station ${e.stationId})`, { id: 'console.alerts.kiosk' }) : msg(str`Station ${e.deviceId}`, { id: 'console.alerts.station' });
  }

  private ackCell(e: AlertEpisode) {
    if (e.ack) {
      return html`<span class="acked">${msg(str`Acknowledged by ${e.ack.by} at ${this.time(e.ack.at)}`, { id: 'console.alerts.ackedBy' })}</span>${e.ack.note ? html`<br />${e.ack.note}` : nothing}`;
    }
    const label = msg(str`Note for ${alertName(e.alert)}, ${e.deviceId} (optional)`, { id: 'console.alerts.noteLabel' });
    return html`<div class="ack-form">
      <input
        type="text"
        maxlength="200"
        aria-label=${label}
        placeholder=${msg('Note (optional)', { id: 'console.alerts.notePlaceholder' })}
        .value=${this.notes[e.id] ?? ''}
        @input=${(ev: Event) => (this.notes = { ...this.notes, [e.id]: (ev.target as HTMLInputElement).value })}
      />
      <button type="button" aria-label=${msg(str`Acknowledge ${alertName(e.alert)}, ${e.deviceId}`, { id: 'console.alerts.ackLabel' })} ?disabled=${this.busy} @click=${() => void this.acknowledge(e)}>
        ${msg('Acknowledge', { id: 'console.alerts.ack' })}
      </button>
    </div>`;
  }

  /**
   * One table of episodes: the alert, device, site and start, then `fifth` (how long an
   * open one has lasted, or when a past one ended) and the acknowledgement.
   */
  private episodeTable(episodes: readonly AlertEpisode[], fifth: { heading: string; cell: (e: AlertEpisode) => unknown }, ack: (e: AlertEpisode) => unknown) {
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${msg('Alert', { id: 'console.alerts.alert' })}</th>
          <th scope="col">${msg('Device', { id: 'console.alerts.device' })}</th>
          <th scope="col">${msg('Site', { id: 'console.alerts.site' })}</th>
          <th scope="col">${msg('Since', { id: 'console.alerts.since' })}</th>
          <th scope="col">${fifth.heading}</th>
          <th scope="col">${msg('Acknowledged', { id: 'console.alerts.acked' })}</th>
        </tr>
      </thead>
      <tbody>
        ${episodes.map(
          (e) => html`<tr data-episode=${e.id} data-device=${e.deviceId}>
            <th scope="row">${alertName(e.alert)}</th>
            <td>${this.device(e)}</td>
            <td>${e.siteId}</td>
            <td>${this.time(e.since)}</td>
            <td>${fifth.cell(e)}</td>
            <td>${ack(e)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderOpen() {
    if (this.open.length === 0) return html`<p>${msg('No open alerts.', { id: 'console.alerts.noneOpen' })}</p>`;
    const lasted = { heading: msg('For', { id: 'console.alerts.duration' }), cell: (e: AlertEpisode) => formatDuration(this.at - Date.parse(e.since)) };
    return this.episodeTable(this.open, lasted, (e) => this.ackCell(e));
  }

  private renderHistory() {
    if (this.history.length === 0) return html`<p>${msg('No alerts yet.', { id: 'console.alerts.noneYet' })}</p>`;
    const ended = { heading: msg('Ended', { id: 'console.alerts.ended' }), cell: (e: AlertEpisode) => (e.closedAt ? this.time(e.closedAt) : msg('Still open', { id: 'console.alerts.stillOpen' })) };
    return this.episodeTable(this.history, ended, (e) => (e.ack ? this.ackCell(e) : msg('Not acknowledged', { id: 'console.alerts.notAcked' })));
  }

  override render() {
    const stamp = this.at ? new Date(this.at).toISOString().slice(0, 10) : '';
    return html`<div class="heading">
        <h2>${msg('Alerts', { id: 'console.alerts.title' })}</h2>
        <button type="button" ?disabled=${this.busy} @click=${() => void this.load()}>${msg('Refresh', { id: 'console.alerts.refresh' })}</button>
        ${this.csvUrl ? html`<a href=${this.csvUrl} download=${`alerts-${stamp}.csv`}>${msg('Download history (CSV)', { id: 'console.alerts.csv' })}</a>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.loaded
        ? html`<section aria-labelledby="alerts-open">
              <h2 id="alerts-open">${msg('Open alerts', { id: 'console.alerts.open' })}</h2>
              ${this.renderOpen()}
            </section>
            <section aria-labelledby="alerts-history">
              <h2 id="alerts-history">${msg('History', { id: 'console.alerts.history' })}</h2>
              ${this.renderHistory()}
            </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-alerts-view': VsAlertsView;
  }
}
