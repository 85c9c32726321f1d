/**
 * A site's stations in the directory (issue 16), inside the Content view: the weekly
 * opening hours one weekday at a time, the holiday exceptions ("closed 1–3 Oct", "open
 * 9–12 on 1 Jan"), the services, the contact phone and the place on the schematic map
 * (vs-location-picker.ts). Saving publishes the site's
 * stations from the version the view loaded (PUT /api/content/directory?site=); the
 * server's problems are shown beside their fields, hours that cannot be read before
 * anything is sent.
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg } from '@lit/localize';
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DirectoryStation, HoursException } from '../../shared/index.ts';
import { formatPeriods, parsePeriods, periodsByWeekday, weeklyHours, WEEKDAYS } from '../../shared/opening-hours-text.ts';
import type { FieldProblem } from '../data/content-api.ts';
import { getLocale } from '../locales/localization.ts';
import { ContentSectionEditor } from './content-section-editor.ts';
import { say } from './field-problems.ts';
import './vs-location-picker.ts';

interface ExceptionDraft {
  from: string;
  until: string;
  hours: string;
  noteZh: string;
  noteEn: string;
}

interface StationDraft {
  stationId: string;
  /** Index 0 = Monday; each "09:00–17:00, …", empty when closed. */
  week: string[];
  exceptions: ExceptionDraft[];
  /** One service per line, "中文 / English". */
  services: string;
  phone: string;
  /** The coordinates as typed, in decimal degrees. */
  lat: string;
  lon: string;
}

const UNREADABLE_HOURS = { zh: '请写成 09:00–17:00，多个时段用逗号分开；休息日留空', en: 'write the hours as 09:00–17:00, several separated by commas; leave it empty when closed' };
const UNREADABLE_COORDINATE = { zh: '请填写十进制度数，例如 30.2587', en: 'write decimal degrees, e.g. 30.2587' };
const UNREADABLE_SERVICE = { zh: '每行一项服务，写成“中文 / English”', en: 'one service per line, written as "中文 / English"' };

function draftOf(station: DirectoryStation): StationDraft {
  return {
    stationId: station.stationId,
    week: periodsByWeekday(station.hours).map(formatPeriods),
    exceptions: (station.exceptions ?? []).map((e) => ({ from: e.from, until: e.until ?? '', hours: formatPeriods(e.hours), noteZh: e.note?.zh ?? '', noteEn: e.note?.en ?? '' })),
    services: station.services.map((s) => `${s.zh} / ${s.en}`).join('\n'),
    phone: station.phone ?? '',
    lat: String(station.location.lat),
    lon: String(station.location.lon),
  };
}

/** The weekday's name in the console's language, e.g. 星期一 / Monday. */
function weekdayName(day: number): string {
  // 2026-11-30 is a Monday.
  return new Intl.DateTimeFormat(getLocale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 29 + day)));
}

/** The station with the draft applied, or the fields whose text cannot be read. */
function stationOf(draft: StationDraft, original: DirectoryStation): { station: DirectoryStation; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const periods = (text: string, path: string) => {
    const read = parsePeriods(text);
    if (read === null) problems.push({ path, message: UNREADABLE_HOURS });
    return read ?? [];
  };
  const week = draft.week.map((text, index) => periods(text, `week.${index}`));
  const exceptions: HoursException[] = draft.exceptions.map((e, index) => ({
    from: e.from,
    ...(e.until ? { until: e.until } : {}),
    hours: periods(e.hours, `exceptions.${index}.hours`),
    ...(e.noteZh || e.noteEn ? { note: { zh: e.noteZh, en: e.noteEn } } : {}),
  }));
  const services = draft.services
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [zh, en, ...rest] = line.split(/\s+\/\s+/);
      if (!zh || !en || rest.length > 0) problems.push({ path: 'services', message: UNREADABLE_SERVICE });
      return { zh: zh ?? '', en: en ?? '' };
    });
  const coordinate = (text: string, path: string) => {
    const value = text.trim() === '' ? Number.NaN : Number(text.trim());
    if (!Number.isFinite(value)) problems.push({ path, message: UNREADABLE_COORDINATE });
    return value;
  };
  const location = { lat: coordinate(draft.lat, 'location.lat'), lon: coordinate(draft.lon, 'location.lon') };
  const { phone: _phone, exceptions: _exceptions, ...rest } = original;
  const station: DirectoryStation = {
    ...rest,
    location,
    hours: weeklyHours(week),
    services,
    ...(exceptions.length > 0 ? { exceptions } : {}),
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
  };
  return { station, problems };
}

@localized()
@customElement('vs-station-editor')
export class VsStationEditor extends ContentSectionEditor {
  /** The site's stations in the directory. */
  @property({ attribute: false }) stations: DirectoryStation[] = [];
  @state() private draft?: StationDraft;

  static override styles = [
    ...ContentSectionEditor.sectionStyles,
    css`
      .week,
      .exception {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: 0.75rem;
        max-width: 70rem;
      }
      fieldset {
        border: 1px solid #c9ced6;
        margin: 0.75rem 0;
        max-width: 70rem;
      }
      legend {
        font-weight: 700;
      }
      .hint {
        margin: 0.25rem 0 0.5rem;
      }
    `,
  ];

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('stations') || changed.has('site')) {
      const keep = this.stations.find((s) => s.stationId === this.draft?.stationId) ?? this.stations[0];
      this.draft = keep ? draftOf(keep) : undefined;
      this.clearProblems();
    }
  }

  private get original(): DirectoryStation | undefined {
    return this.stations.find((s) => s.stationId === this.draft?.stationId);
  }

  private change(change: Partial<StationDraft>): void {
    this.draft = { ...this.draft!, ...change };
  }

  private setException(index: number, change: Partial<ExceptionDraft>): void {
    this.change({ exceptions: this.draft!.exceptions.map((e, i) => (i === index ? { ...e, ...change } : e)) });
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const original = this.original;
    if (!this.draft || !original) return;
    this.message = undefined;
    const { station, problems } = stationOf(this.draft, original);
    this.problems = problems;
    this.warnings = [];
    if (problems.length > 0) return;
    const directory = this.stations.map((s) => (s.stationId === station.stationId ? station : s));
    const index = directory.indexOf(station);
    await this.publish(
      (api) => api.saveStations(this.site, { baseVersion: this.version, directory }),
      (p) => fieldOfServerPath(p, index, station),
    );
  }

  override render() {
    const draft = this.draft;
    return html`<h3 id="stations-title">${msg('Station hours and holidays', { id: 'console.stations.title' })}</h3>
      ${this.renderMessage()}
      ${draft ? this.form(draft) : html`<p>${msg('This site has no station in the directory yet.', { id: 'console.stations.none' })}</p>`}`;
  }

  private form(draft: StationDraft) {
    const known = new Set(['services', 'phone', 'location.lat', 'location.lon', ...draft.week.map((_, i) => `week.${i}`), ...draft.exceptions.flatMap((_, i) => ['from', 'until', 'hours', 'note.zh', 'note.en'].map((f) => `exceptions.${i}.${f}`))]);
    return html`<form @submit=${this.submit} novalidate aria-labelledby="stations-title" data-station-form>
      ${this.stations.length > 1
        ? html`<label
            >${msg('Station', { id: 'console.stations.station' })}
            <select name="station" .value=${draft.stationId} @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value)}>
              ${this.stations.map((s) => html`<option value=${s.stationId}>${say(s.name)} (${s.stationId})</option>`)}
            </select></label
          >`
        : html`<p><strong>${say(this.original!.name)}</strong> (${draft.stationId})</p>`}
      <fieldset>
        <legend>${msg('Weekly opening hours', { id: 'console.stations.week' })}</legend>
        <p class="hint">${msg('Write 09:00–17:00; several times separated by commas; leave a day empty when closed.', { id: 'console.stations.hint' })}</p>
        <div class="week">
          ${WEEKDAYS.map(
            (day, index) => html`<label
              >${weekdayName(day)}
              <input name=${`week.${index}`} .value=${draft.week[index]!} placeholder="09:00–17:00" @input=${(e: Event) => this.change({ week: draft.week.map((t, i) => (i === index ? (e.target as HTMLInputElement).value : t)) })} />${this.beside(`week.${index}`)}</label
            >`,
          )}
        </div>
      </fieldset>
      ${draft.exceptions.map((e, index) => this.exceptionFields(e, index))}
      <p>
        <button type="button" @click=${() => this.change({ exceptions: [...draft.exceptions, { from: '', until: '', hours: '', noteZh: '', noteEn: '' }] })}>
          ${msg('Add a holiday', { id: 'console.stations.addHoliday' })}
        </button>
      </p>
      <div class="week">
        <label
          >${msg('Services, one per line: 中文 / English', { id: 'console.stations.services' })}
          <textarea name="services" .value=${draft.services} @input=${(e: Event) => this.change({ services: (e.target as HTMLTextAreaElement).value })}></textarea>${this.beside('services')}</label
        >
        <label
          >${msg('Contact phone', { id: 'console.stations.phone' })}
          <input name="phone" type="tel" .value=${draft.phone} @input=${(e: Event) => this.change({ phone: (e.target as HTMLInputElement).value })} />${this.beside('phone')}</label
        >
      </div>
      ${this.locationFields(draft)}
      ${this.renderOtherProblems((p) => known.has(p.path))}
      <p><button type="submit" ?disabled=${this.saving}>${msg('Publish the station', { id: 'console.stations.save' })}</button></p>
    </form>`;
  }

  private locationFields(draft: StationDraft) {
    const lat = Number(draft.lat);
    const lon = Number(draft.lon);
    const readable = draft.lat.trim() !== '' && draft.lon.trim() !== '' && Number.isFinite(lat) && Number.isFinite(lon);
    return html`<fieldset data-location>
      <legend>${msg('Location on the map', { id: 'console.stations.location' })}</legend>
      <vs-location-picker
        .stations=${this.stations}
        .stationId=${draft.stationId}
        .value=${readable ? { lat, lon } : undefined}
        @location-pick=${(e: CustomEvent<{ lat: number; lon: number }>) => this.change({ lat: String(e.detail.lat), lon: String(e.detail.lon) })}
      ></vs-location-picker>
      <div class="week">
        <label
          >${msg('Latitude (north, decimal degrees)', { id: 'console.stations.lat' })}
          <input name="location.lat" inputmode="decimal" .value=${draft.lat} @input=${(e: Event) => this.change({ lat: (e.target as HTMLInputElement).value })} />${this.beside('location.lat')}</label
        >
        <label
          >${msg('Longitude (east, decimal degrees)', { id: 'console.stations.lon' })}
          <input name="location.lon" inputmode="decimal" .value=${draft.lon} @input=${(e: Event) => this.change({ lon: (e.target as HTMLInputElement).value })} />${this.beside('location.lon')}</label
        >
      </div>
    </fieldset>`;
  }

  private exceptionFields(e: ExceptionDraft, index: number) {
    const path = (field: string) => `exceptions.${index}.${field}`;
    return html`<fieldset data-exception=${index}>
      <legend>${msg('Holiday', { id: 'console.stations.holiday' })} ${index + 1}</legend>
      <div class="exception">
        <label
          >${msg('First day', { id: 'console.stations.from' })}
          <input type="date" name=${path('from')} .value=${e.from} @input=${(ev: Event) => this.setException(index, { from: (ev.target as HTMLInputElement).value })} />${this.beside(path('from'))}</label
        >
        <label
          >${msg('Last day (if more than one)', { id: 'console.stations.until' })}
          <input type="date" name=${path('until')} .value=${e.until} @input=${(ev: Event) => this.setException(index, { until: (ev.target as HTMLInputElement).value })} />${this.beside(path('until'))}</label
        >
        <label
          >${msg('Hours on those days (empty: closed)', { id: 'console.stations.holidayHours' })}
          <input name=${path('hours')} .value=${e.hours} placeholder="09:00–12:00" @input=${(ev: Event) => this.setException(index, { hours: (ev.target as HTMLInputElement).value })} />${this.beside(path('hours'))}</label
        >
        <label
          >${msg('Reason (Chinese)', { id: 'console.stations.noteZh' })}
          <input name=${path('note.zh')} .value=${e.noteZh} placeholder="元旦" @input=${(ev: Event) => this.setException(index, { noteZh: (ev.target as HTMLInputElement).value })} />${this.beside(path('note.zh'))}</label
        >
        <label
          >${msg('Reason (English)', { id: 'console.stations.noteEn' })}
          <input name=${path('note.en')} .value=${e.noteEn} placeholder="New Year's Day" @input=${(ev: Event) => this.setException(index, { noteEn: (ev.target as HTMLInputElement).value })} />${this.beside(path('note.en'))}</label
        >
      </div>
      <button type="button" @click=${() => this.change({ exceptions: this.draft!.exceptions.filter((_, i) => i !== index) })}>${msg('Remove this holiday', { id: 'console.stations.removeHoliday' })}</button>
    </fieldset>`;
  }

  private choose(stationId: string): void {
    const station = this.stations.find((s) => s.stationId === stationId);
    if (!station) return;
    this.draft = draftOf(station);
    this.clearProblems();
    this.message = undefined;
  }
}

/**
 * The form field a server problem belongs to. The server names it in the request body,
 * e.g. `directory.0.hours.1.closes` (an entry of the weekly hours: shown beside the first
 * of its days) or `directory.0.exceptions.2.until`.
 */
function fieldOfServerPath(problem: FieldProblem, index: number, station: DirectoryStation): FieldProblem {
  const prefix = `directory.${index}.`;
  if (!problem.path.startsWith(prefix)) return problem;
  const rest = problem.path.slice(prefix.length);
  const hours = /^hours\.(\d+)/.exec(rest);
  if (hours) {
    const day = station.hours[Number(hours[1])]?.days[0];
    return day === undefined ? problem : { ...problem, path: `week.${day - 1}` };
  }
  const exception = /^exceptions\.(\d+)\.(from|until|hours|note\.zh|note\.en)/.exec(rest);
  if (exception) return { ...problem, path: `exceptions.${exception[1]}.${exception[2]}` };
  if (rest.startsWith('services')) return { ...problem, path: 'services' };
  if (rest.startsWith('phone')) return { ...problem, path: 'phone' };
  const location = /^location\.(lat|lon)/.exec(rest);
  if (location) return { ...problem, path: `location.${location[1]}` };
  return problem;
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-station-editor': VsStationEditor;
  }
}
