/**
 * The volunteer-station directory: distance from this kiosk, services, open now,
 * an offline SVG map and a QR that hands directions to the phone.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { DirectoryStation, HoursException } from '../../shared/index.ts';
import { directionsUri, distanceMetres, type LatLon } from '../../shared/geo.ts';
import { exceptionOn, exceptionsAhead, isOpenAt, localDate, localWallTime } from '../../shared/opening-hours.ts';
import { localized as pick } from '../locales/localization.ts';
import { formatCalendarDay, formatDistance, formatWeeklyHours } from './format.ts';
import { listStyles } from './list-styles.ts';
import { theme } from './theme.ts';
import './qr-code.ts';
import './station-map.ts';

@customElement('stations-screen')
@localized()
export class StationsScreen extends LitElement {
  static override styles = [
    theme,
    listStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr);
        gap: 1.5rem;
        align-items: start;
      }
      .open,
      .closed {
        font-weight: 700;
        font-size: 1.15rem;
      }
      .open {
        color: var(--ok);
      }
      .closed {
        color: var(--bad);
      }
      .holiday {
        display: block;
        font-weight: 700;
      }
      .exceptions {
        margin: 0;
        padding-left: 1.2em;
      }
      .list {
        margin-top: 0;
      }
    `,
  ];

  @property({ attribute: false }) stations: readonly DirectoryStation[] = [];
  @property() hereId = '';
  @property({ attribute: false }) now = new Date();
  @state() private selectedId = '';

  reset(): void {
    this.selectedId = '';
  }

  private here(): LatLon | undefined {
    return this.stations.find((s) => s.stationId === this.hereId)?.location;
  }

  private sorted(): { station: DirectoryStation; metres?: number }[] {
    const here = this.here();
    return this.stations
      .map((station) => ({ station, metres: here ? distanceMetres(here, station.location) : undefined }))
      .sort((a, b) => (a.metres ?? 0) - (b.metres ?? 0));
  }

  private distanceText(station: DirectoryStation, metres: number | undefined): string {
    if (station.stationId === this.hereId) return `${msg('You are here', { id: 'stations.here' })} · `;
    return metres !== undefined ? `${formatDistance(metres)} · ` : '';
  }

  private openText(station: DirectoryStation) {
    const exceptions = station.exceptions ?? [];
    const today = exceptionOn(exceptions, localDate(localWallTime(this.now, station.timeZone)));
    return html`${isOpenAt(station.hours, this.now, station.timeZone, exceptions)
      ? html`<span class="open">✓ ${msg('Open now', { id: 'stations.open' })}</span>`
      : html`<span class="closed">✕ ${msg('Closed now', { id: 'stations.closed' })}</span>`}${today
      ? html`<span class="holiday">${msg('Holiday hours today', { id: 'stations.holidayToday' })}${today.note ? html` · ${pick(today.note)}` : nothing}</span>`
      : nothing}`;
  }

  private exceptionText(exception: HoursException): string {
    const days = exception.until && exception.until !== exception.from ? `${formatCalendarDay(exception.from)} – ${formatCalendarDay(exception.until)}` : formatCalendarDay(exception.from);
    const hours = exception.hours.length === 0 ? msg('closed', { id: 'stations.holidayClosed' }) : exception.hours.map((h) => `${h.opens}–${h.closes}`).join(', ');
    return `${days}: ${hours}${exception.note ? ` · ${pick(exception.note)}` : ''}`;
  }

  private renderExceptions(station: DirectoryStation) {
    const ahead = exceptionsAhead(station.exceptions ?? [], this.now, station.timeZone);
    if (ahead.length === 0) return nothing;
    return html`<dt>${msg('Holiday hours', { id: 'stations.holidayHours' })}</dt>
      <dd><ul class="exceptions">${ahead.map((e) => html`<li>${this.exceptionText(e)}</li>`)}</ul></dd>`;
  }

  private renderDetail(station: DirectoryStation, metres: number | undefined) {
    return html`<section class="detail" aria-label=${pick(station.name)}>
      <button class="back" @click=${() => (this.selectedId = '')}>← ${msg('Back to the list', { id: 'activities.back' })}</button>
      <div class="detail-body">
        <div>
          <h2>${pick(station.name)}</h2>
          <dl>
            <dt>${msg('Address', { id: 'stations.address' })}</dt>
            <dd>${pick(station.address)}</dd>
            ${metres !== undefined ? html`<dt>${msg('Distance', { id: 'stations.distance' })}</dt><dd>${formatDistance(metres)}</dd>` : nothing}
            <dt>${msg('Services', { id: 'stations.services' })}</dt>
            <dd>${station.services.map(pick).join(' · ')}</dd>
            <dt>${msg('Hours', { id: 'stations.hours' })}</dt>
            <dd>${formatWeeklyHours(station.hours)} ${this.openText(station)}</dd>
            ${this.renderExceptions(station)}
          </dl>
        </div>
        <figure class="handoff">
          <qr-code .value=${directionsUri(station.location)} .label=${msg('Directions QR code', { id: 'stations.directionsQr' })}></qr-code>
          <figcaption>${msg('Scan for directions on your phone', { id: 'stations.directionsCaption' })}</figcaption>
        </figure>
      </div>
    </section>`;
  }

  override render() {
    const rows = this.sorted();
    const selected = rows.find((r) => r.station.stationId === this.selectedId);
    return html`
      <h1>${msg('Volunteer stations', { id: 'nav.stations' })}</h1>
      ${rows.length === 0 ? html`<p class="empty">${msg('The station directory has not arrived yet.', { id: 'stations.none' })}</p>` : nothing}
      ${selected ? this.renderDetail(selected.station, selected.metres) : nothing}
      <div class="layout" ?hidden=${rows.length === 0}>
        <ul class="list">
          ${rows.map(
            ({ station, metres }) => html`<li>
              <button class="item" aria-pressed=${station.stationId === this.selectedId} @click=${() => (this.selectedId = station.stationId)}>
                <span class="title">${pick(station.name)}</span>
                <span class="meta">${this.distanceText(station, metres)}${station.services.map(pick).join(' · ')}</span>
                ${this.openText(station)}
              </button>
            </li>`,
          )}
        </ul>
        <station-map .stations=${this.stations} .hereId=${this.hereId} .selectedId=${this.selectedId} @station-select=${(e: CustomEvent<string>) => (this.selectedId = e.detail)}></station-map>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stations-screen': StationsScreen;
  }
}
