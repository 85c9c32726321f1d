/**
 * The console's "Content" view (issue 16, content without JSON): a site's activities as
 * the kiosks show them, the ended ones folded under "Past", and a form to add or edit one (bilingual title, place and
 * organiser, category, date and times, sign-up link, and when kiosks show it). An activity is cancelled (after a
 * confirmation) or restored in place; "Copy last week's" adds last week's again as unpublished rows
 * (data/copy-last-week.ts) that one save publishes. Saving sends the site's whole list from the
 * version it was loaded at (data/content-api.ts); the server's field problems are shown
 * beside their fields, a missing translation as a warning, and a save made on an
 * outdated version as the server's message with what changed meanwhile. Below, the
 * site's "Join us" panel (vs-recruitment-editor.ts).
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SERVICE_CATEGORIES, SERVICE_CATEGORY_KEYS, type Activity, type Announcement, type DirectoryStation, type LocalizedText, type RecruitmentPanel } from '../../shared/index.ts';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { ContentApi, type ContentChangeView, type FieldProblem, type SiteContent } from '../data/content-api.ts';
import type { KioskView } from '../data/fleet-rows.ts';
import { copyLastWeek, DEFAULT_SITE_ZONE } from '../data/copy-last-week.ts';
import { splitByEnd, withCancelled } from '../data/activity-list.ts';
import { besideField, say } from './field-problems.ts';
import { viewStyles } from './view-styles.ts';
import { localInstant, localSpan, toLocalInput } from './local-time-input.ts';
import './vs-locale-switch.ts';
import './vs-recruitment-editor.ts';
import './vs-station-editor.ts';
import './vs-announcements-editor.ts';
import './vs-photo-field.ts';
import './vs-activity-table.ts';
import type { ActivityActionDetail } from './vs-activity-table.ts';
import './vs-rewards-editor.ts';
import './vs-perks-editor.ts';
import './vs-content-versions.ts';

interface Draft {
  /** Position in the list; -1 for a new activity. */
  index: number;
  fields: Record<DraftField, string>;
}

const TEXT_FIELDS = ['title.zh', 'title.en', 'place.zh', 'place.en', 'organiser.zh', 'organiser.en'] as const;
type DraftField = (typeof TEXT_FIELDS)[number] | 'category' | 'date' | 'starts' | 'ends' | 'showFrom' | 'showUntil' | 'photo' | 'signupUrl';

/** Where a server path below `activities.N.` is shown: the times' problems beside the times. */
const FIELD_OF_PATH: Record<string, DraftField> = { startsAt: 'starts', endsAt: 'ends', category: 'category', showFrom: 'showFrom', showUntil: 'showUntil', photo: 'photo', signupUrl: 'signupUrl', ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, f])) };


function draftOf(activity: Activity | undefined, index: number): Draft {
  const starts = activity ? toLocalInput(activity.startsAt) : '';
  const ends = activity ? toLocalInput(activity.endsAt) : '';
  return {
    index,
    fields: {
      'title.zh': activity?.title.zh ?? '',
      'title.en': activity?.title.en ?? '',
      'place.zh': activity?.place.zh ?? '',
      'place.en': activity?.place.en ?? '',
      'organiser.zh': activity?.organiser.zh ?? '',
      'organiser.en': activity?.organiser.en ?? '',
      category: activity?.category ?? SERVICE_CATEGORY_KEYS[0]!,
      date: starts.slice(0, 10),
      starts: starts.slice(11),
      ends: ends.slice(11),
      showFrom: activity?.showFrom ? toLocalInput(activity.showFrom) : '',
      showUntil: activity?.showUntil ? toLocalInput(activity.showUntil) : '',
      photo: activity?.photo ?? '',
      signupUrl: activity?.signupUrl ?? '',
    },
  };
}

function activityOf(draft: Draft, original: Activity | undefined): Activity {
  const f = draft.fields;
  // Left blank, a schedule field is no limit: the activity shows as soon as it is published, until it ends.
  const { showFrom: _from, showUntil: _until, photo: _photo, signupUrl: _signup, ...kept } = original ?? ({} as Partial<Activity>);
  return {
    ...kept,
    ...(f.photo ? { photo: f.photo } : {}),
    ...(f.signupUrl.trim() ? { signupUrl: f.signupUrl.trim() } : {}),
    ...(f.showFrom ? { showFrom: localInstant(f.showFrom) } : {}),
    ...(f.showUntil ? { showUntil: localInstant(f.showUntil) } : {}),
    id: original?.id ?? `A-${Date.now().toString(36).toUpperCase()}`,
    title: { zh: f['title.zh'], en: f['title.en'] },
    place: { zh: f['place.zh'], en: f['place.en'] },
    organiser: { zh: f['organiser.zh'], en: f['organiser.en'] },
    category: f.category as Activity['category'],
    ...localSpan(f.date, f.starts, f.ends),
  };
}

@localized()
@customElement('vs-content-view')
export class VsContentView extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  @property({ attribute: false }) sites: string[] = [];
  /** Central's admin origin; '' means this page's own origin (where /api/ is forwarded). */
  @property() apiBase = '';
  /** The fleet's kiosks with the content they report: which version each runs (vs-content-versions.ts). */
  @property({ attribute: false }) fleetKiosks: readonly KioskView[] = [];
  @state() private site = '';
  @state() private version = 0;
  /** The site whose content the view shows; the editors wait for it. */
  @state() private loaded?: string;
  @state() private activities: Activity[] = [];
  @state() private recruitment: RecruitmentPanel | null = null;
  @state() private stations: DirectoryStation[] = [];
  @state() private announcements: Announcement[] = [];
  @state() private kiosks: string[] = [];
  @state() private shop: Pick<SiteContent, 'rewards' | 'rewardsHeld' | 'perks'> = { rewards: [], rewardsHeld: {}, perks: [] };
  @state() private draft?: Draft;
  @state() private problems: FieldProblem[] = [];
  @state() private warnings: FieldProblem[] = [];
  @state() private conflict?: { message: LocalizedText; changes: ContentChangeView[] };
  /** Worded when shown, so a language switch words it again (central may give it in both). */
  @state() private error?: () => string;
  @state() private notice?: () => string;
  @state() private saving = false;
  @state() private previewing = false;
  /** Ids of "Copy last week's" copies in the list that no save has published yet. */
  @state() private unpublished: ReadonlySet<string> = new Set();

  static override styles = [
    viewStyles,
    css`
      details {
        margin-top: 1rem;
      }
      /* A list item still, so it keeps its disclosure triangle; padded to a 44 px target. */
      summary {
        min-height: 44px;
        box-sizing: border-box;
        padding: 0.6rem 0;
        font-weight: 600;
        cursor: pointer;
      }
      .draft {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 0.75rem;
        margin-top: 1rem;
        max-width: 70rem;
      }
    `,
  ];

  private get api(): ContentApi {
    return new ContentApi(this.credentials, this.apiBase);
  }

  /** The sites come from the fleet's live status and may arrive after the view opens. */
  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('sites') && !this.site && this.sites.length > 0) {
      this.site = this.sites[0]!;
      void this.load();
    }
  }


  async load(): Promise<void> {
    const site = this.site;
    try {
      const content = await this.api.load(site);
      // The manager chose another site meanwhile: that site's load shows, not this one.
      if (site !== this.site) return;
      this.loaded = site;
      this.version = content.version;
      this.activities = content.activities;
      this.recruitment = content.recruitment;
      this.stations = content.directory;
      this.announcements = content.announcements;
      this.kiosks = content.kiosks;
      this.shop = { rewards: content.rewards, rewardsHeld: content.rewardsHeld, perks: content.perks };
      this.error = undefined;
      this.conflict = undefined;
      this.unpublished = new Set();
    } catch (err) {
      if (site === this.site) this.error = () => describeAdminError(err);
    }
  }

  private edit(index: number): void {
    this.draft = draftOf(this.activities[index], index);
    this.problems = [];
    this.warnings = [];
    this.notice = undefined;
  }

  private async save(activities: Activity[]): Promise<void> {
    this.saving = true;
    this.notice = undefined;
    try {
      const outcome = await this.api.save(this.site, { baseVersion: this.version, activities });
      if (outcome.kind === 'invalid') {
        this.problems = outcome.problems;
        this.warnings = outcome.warnings;
        return;
      }
      if (outcome.kind === 'content-changed') {
        this.conflict = { message: outcome.message, changes: outcome.changes };
        return;
      }
      const version = outcome.version;
      this.warnings = outcome.warnings;
      this.problems = [];
      if (outcome.warnings.length === 0) this.draft = undefined;
      // Told only once the list shows what was published: an Edit pressed before would open the old activity.
      await this.load();
      this.notice = () => msg(str`Published as version ${version}.`, { id: 'console.content.saved' });
    } catch (err) {
      this.error = () => describeAdminError(err);
    } finally {
      this.saving = false;
    }
  }

  private submit(event: Event): void {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const list = [...this.activities];
    const activity = activityOf(draft, list[draft.index]);
    if (draft.index < 0) {
      draft.index = list.length;
      list.push(activity);
    } else list[draft.index] = activity;
    void this.save(list);
  }

  override render() {
    // Ended ones are off the kiosks already (activities-screen.ts); here they fold away.
    const { current, past } = splitByEnd(this.activities, Date.now());
    const table = (rows: typeof current, label: string) =>
      html`<vs-activity-table .rows=${rows} .unpublished=${this.unpublished} ?saving=${this.saving} label=${label} @activity-action=${this.onActivityAction}></vs-activity-table>`;
    const heading = html`<div class="heading">
        <h2 id="content-title">${msg('Content', { id: 'console.content.title' })}</h2>
        <vs-locale-switch></vs-locale-switch>
      </div>
      <form @submit=${(e: Event) => (e.preventDefault(), void this.load())}>
        <label
          >${msg('Site', { id: 'console.reviews.filter.site' })}
          <select name="site" .value=${this.site} @change=${(e: Event) => ((this.site = (e.target as HTMLSelectElement).value), (this.draft = undefined), void this.load())}>
            ${this.sites.map((site) => html`<option value=${site}>${site}</option>`)}
          </select></label
        >
        <button type="submit">${msg('Refresh', { id: 'console.reviews.refresh' })}</button>
        <span data-content-version>${msg(str`Version ${this.version}`, { id: 'console.content.version' })}</span>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing} ${this.conflict ? this.conflictNotice(this.conflict) : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice()}</p>` : nothing}`;
    // The history is the whole file's, not one site's: it is there even while the site's content loads or is refused.
    const versions = html`<vs-content-versions .credentials=${this.credentials} .apiBase=${this.apiBase} .site=${this.site} .version=${this.version} .kiosks=${this.fleetKiosks} @published=${() => void this.load()}></vs-content-versions>`;
    // Until this site's content is here there is nothing to edit: a save would go out from no version, or carry the previous site's.
    if (this.loaded !== this.site) return html`${heading}${this.error ? nothing : html`<p role="status" data-content-loading>${msg('Loading…', { id: 'console.content.loading' })}</p>`}${versions}`;
    return html`${heading}
      ${table(current, msg('Activities', { id: 'console.content.activities' }))}
      ${past.length > 0
        ? html`<details data-past-activities>
            <summary>${msg(str`Past (${past.length})`, { id: 'console.content.past' })}</summary>
            ${table(past, msg('Past activities', { id: 'console.content.pastActivities' }))}
          </details>`
        : nothing}
      ${!this.draft && this.problems.length > 0 ? html`<ul class="error" role="alert">${this.problems.map((p) => html`<li>${p.path}: ${say(p.message)}</li>`)}</ul>` : nothing}
      ${this.unpublished.size > 0
        ? html`<p class="notice" data-unpublished-copies>
            ${msg(str`${this.unpublished.size} activities copied from last week are not published yet. Check them, then publish.`, { id: 'console.content.copied' })}
            <button type="button" ?disabled=${this.saving} @click=${() => void this.save(this.activities)}>${msg('Publish the list', { id: 'console.content.publishCopies' })}</button>
            <button type="button" ?disabled=${this.saving} @click=${() => void this.load()}>${msg('Discard the copies', { id: 'console.content.discardCopies' })}</button>
          </p>`
        : nothing}
      <p>
        <button type="button" @click=${() => this.edit(-1)}>${msg('New activity', { id: 'console.content.new' })}</button>
        <button type="button" ?disabled=${this.saving} @click=${() => this.copyLastWeek()}>${msg("Copy last week's", { id: 'console.content.copyLastWeek' })}</button>
        <button type="button" aria-pressed=${this.previewing ? 'true' : 'false'} @click=${() => void import('./vs-kiosk-preview.ts').then(() => (this.previewing = !this.previewing))}>${msg('Preview', { id: 'console.preview.open' })}</button>
      </p>
      ${this.draft ? this.form(this.draft) : nothing}
      ${this.previewing ? html`<vs-kiosk-preview .site=${this.site} .activities=${this.draftActivities()} .stations=${this.stations} .announcements=${this.announcements} .recruitment=${this.recruitment} @close=${() => (this.previewing = false)}></vs-kiosk-preview>` : nothing}
      <vs-recruitment-editor
        .credentials=${this.credentials}
        .apiBase=${this.apiBase}
        .site=${this.site}
        .version=${this.version}
        .panel=${this.recruitment}
        @published=${() => void this.load()}
      ></vs-recruitment-editor>
      <vs-announcements-editor
        .credentials=${this.credentials}
        .apiBase=${this.apiBase}
        .site=${this.site}
        .version=${this.version}
        .announcements=${this.announcements}
        .kiosks=${this.kiosks}
        @published=${() => void this.load()}
      ></vs-announcements-editor>
      <vs-station-editor
        .credentials=${this.credentials}
        .apiBase=${this.apiBase}
        .site=${this.site}
        .version=${this.version}
        .stations=${this.stations}
        @published=${() => void this.load()}
      ></vs-station-editor>
      <vs-rewards-editor .credentials=${this.credentials} .apiBase=${this.apiBase} .site=${this.site} .version=${this.version} .rewards=${this.shop.rewards} .held=${this.shop.rewardsHeld} @published=${() => void this.load()}></vs-rewards-editor>
      <vs-perks-editor .credentials=${this.credentials} .apiBase=${this.apiBase} .site=${this.site} .version=${this.version} .perks=${this.shop.perks} @published=${() => void this.load()}></vs-perks-editor>
      ${versions}`;
  }

  /** The activities as they would be published with the unsaved draft in them (the kiosk preview's). */
  private draftActivities(): Activity[] {
    const draft = this.draft;
    if (!draft) return this.activities;
    const list = [...this.activities];
    const activity = activityOf(draft, list[draft.index]);
    if (draft.index < 0) list.push(activity);
    else list[draft.index] = activity;
    return list;
  }

  private readonly onActivityAction = (event: CustomEvent<ActivityActionDetail>): void => {
    const { action, index } = event.detail;
    if (action === 'edit') this.edit(index);
    else if (action === 'remove') void this.save(this.activities.filter((_, i) => i !== index));
    else void this.save(withCancelled(this.activities, index, action === 'cancel'));
  };

  /** Adds last week's activities again, a week later, as rows that the next save publishes. */
  private copyLastWeek(): void {
    const zone = this.stations.find((s) => s.siteId === this.site)?.timeZone ?? DEFAULT_SITE_ZONE;
    const stamp = Date.now().toString(36).toUpperCase();
    const copies = copyLastWeek(this.activities, Date.now(), zone, (n) => `A-${stamp}-${n}`);
    this.problems = [];
    this.warnings = [];
    if (copies.length === 0) {
      this.notice = () => msg('Nothing to copy: no activity started last week, or all of them are copied already.', { id: 'console.content.nothingToCopy' });
      return;
    }
    this.notice = undefined;
    this.activities = [...this.activities, ...copies];
    this.unpublished = new Set([...this.unpublished, ...copies.map((c) => c.id)]);
  }

  private conflictNotice(conflict: { message: LocalizedText; changes: ContentChangeView[] }) {
    return html`<div class="error" role="alert" data-content-conflict>
      <p>${say(conflict.message)}</p>
      <ul>
        ${conflict.changes.map((change) => html`<li>${say(change.text)}</li>`)}
      </ul>
    </div>`;
  }

  /** The problems and warnings of the activity being edited that belong beside `field`. */
  private beside(field: DraftField) {
    const index = this.draft?.index ?? -1;
    const mine = (p: FieldProblem) => {
      const prefix = `activities.${index}.`;
      return p.path.startsWith(prefix) && FIELD_OF_PATH[p.path.slice(prefix.length)] === field;
    };
    return besideField(field, mine, this.problems, this.warnings);
  }

  private input(field: DraftField, label: string, type = 'text') {
    return html`<label
      >${label}
      <input
        type=${type}
        name=${field}
        .value=${this.draft!.fields[field]}
        @input=${(e: Event) => (this.draft = { ...this.draft!, fields: { ...this.draft!.fields, [field]: (e.target as HTMLInputElement).value } })}
      />${this.beside(field)}</label
    >`;
  }

  private form(draft: Draft) {
    const known = new Set(Object.values(FIELD_OF_PATH));
    const other = this.problems.filter((p) => {
      const rest = p.path.replace(/^activities\.\d+\./, '');
      return !(p.path.startsWith(`activities.${draft.index}.`) && known.has(FIELD_OF_PATH[rest]!));
    });
    return html`<form class="draft" @submit=${this.submit} novalidate data-content-form>
      ${this.input('title.zh', msg('Title (Chinese)', { id: 'console.content.titleZh' }))} ${this.input('title.en', msg('Title (English)', { id: 'console.content.titleEn' }))}
      ${this.input('place.zh', msg('Place (Chinese)', { id: 'console.content.placeZh' }))} ${this.input('place.en', msg('Place (English)', { id: 'console.content.placeEn' }))}
      ${this.input('organiser.zh', msg('Organiser (Chinese)', { id: 'console.content.organiserZh' }))}
      ${this.input('organiser.en', msg('Organiser (English)', { id: 'console.content.organiserEn' }))}
      <label
        >${msg('Category', { id: 'console.content.col.category' })}
        <select name="category" .value=${draft.fields.category} @change=${(e: Event) => (this.draft = { ...draft, fields: { ...draft.fields, category: (e.target as HTMLSelectElement).value } })}>
          ${SERVICE_CATEGORY_KEYS.map((key) => html`<option value=${key}>${say(SERVICE_CATEGORIES[key])}</option>`)}
        </select>
        ${this.beside('category')}</label
      >
      ${this.input('date', msg('Date', { id: 'console.content.date' }), 'date')} ${this.input('starts', msg('Starts', { id: 'console.content.starts' }), 'time')}
      ${this.input('ends', msg('Ends', { id: 'console.content.ends' }), 'time')}
      ${this.input('showFrom', msg('Show on kiosks from (optional)', { id: 'console.content.showFrom' }), 'datetime-local')}
      ${this.input('showUntil', msg('Show on kiosks until (optional)', { id: 'console.content.showUntil' }), 'datetime-local')}
      ${this.input('signupUrl', msg('Sign-up link (optional, https://…)', { id: 'console.content.signupUrl' }), 'url')}
      <div>
        <vs-photo-field .credentials=${this.credentials} apiBase=${this.apiBase} value=${draft.fields.photo}
          @photo-change=${(e: CustomEvent<{ photo: string }>) => (this.draft = { ...this.draft!, fields: { ...this.draft!.fields, photo: e.detail.photo } })}></vs-photo-field>
        ${this.beside('photo')}
      </div>
      ${other.length > 0 ? html`<ul class="error" role="alert">${other.map((p) => html`<li>${p.path}: ${say(p.message)}</li>`)}</ul>` : nothing}
      <div><button type="submit" ?disabled=${this.saving}>${msg('Save and publish', { id: 'console.content.save' })}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-content-view': VsContentView;
  }
}
