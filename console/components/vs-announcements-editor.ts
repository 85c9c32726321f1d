/**
 * A site's announcements (issue 16), inside the Content view, instead of typing them into
 * a command dialog: each with its text in both languages, the kiosks that show it (none
 * ticked: all of the site's) and an optional from/until. The list shows what is on the
 * screens now and what is coming; saving publishes the site's whole list from the version
 * the view loaded, with the server's problems beside their fields.
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg, str } from '@lit/localize';
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isScheduledToShow, type Announcement } from '../../shared/index.ts';
import { ContentSectionEditor } from './content-section-editor.ts';
import { localInstant, toLocalInput } from './local-time-input.ts';

interface Draft {
  /** Where the item is in the list; -1 for a new one. */
  index: number;
  id: string;
  zh: string;
  en: string;
  kiosks: string[];
  showFrom: string;
  showUntil: string;
}

type Field = 'text.zh' | 'text.en' | 'kiosks' | 'showFrom' | 'showUntil';

function draftOf(item: Announcement | undefined, index: number): Draft {
  return {
    index,
    id: item?.id ?? `N-${Date.now().toString(36).toUpperCase()}`,
    zh: item?.text.zh ?? '',
    en: item?.text.en ?? '',
    kiosks: item?.kiosks ?? [],
    showFrom: item?.showFrom ? toLocalInput(item.showFrom) : '',
    showUntil: item?.showUntil ? toLocalInput(item.showUntil) : '',
  };
}

function announcementOf(draft: Draft): Announcement {
  return {
    id: draft.id,
    text: { zh: draft.zh, en: draft.en },
    ...(draft.kiosks.length > 0 ? { kiosks: draft.kiosks } : {}),
    ...(draft.showFrom ? { showFrom: localInstant(draft.showFrom) } : {}),
    ...(draft.showUntil ? { showUntil: localInstant(draft.showUntil) } : {}),
  };
}

@localized()
@customElement('vs-announcements-editor')
export class VsAnnouncementsEditor extends ContentSectionEditor {
  @property({ attribute: false }) announcements: Announcement[] = [];
  /** The site's kiosks, by the stations file. */
  @property({ attribute: false }) kiosks: string[] = [];
  @state() private draft?: Draft;

  static override styles = [
    ...ContentSectionEditor.sectionStyles,
    css`
      fieldset {
        border: 1px solid #c9ced6;
      }
      fieldset label {
        flex-direction: row;
        align-items: center;
        font-weight: 400;
      }
    `,
  ];

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('site')) this.draft = undefined;
  }

  private async save(announcements: Announcement[], index: number): Promise<void> {
    const prefix = `announcements.${index}.`;
    // The server names the list's item; the form shows the one being edited.
    const published = await this.publish(
      (api) => api.saveAnnouncements(this.site, { baseVersion: this.version, announcements }),
      (p) => (p.path.startsWith(prefix) ? { ...p, path: p.path.slice(prefix.length) } : p),
    );
    if (published && this.warnings.length === 0) this.draft = undefined;
  }

  private submit(event: Event): void {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const list = [...this.announcements];
    const index = draft.index < 0 ? list.length : draft.index;
    list[index] = announcementOf(draft);
    void this.save(list, index);
  }

  private edit(index: number): void {
    this.draft = draftOf(this.announcements[index], index);
    this.clearProblems();
    this.message = undefined;
  }

  /** On the screens now, coming (from when), or over. */
  private when(item: Announcement) {
    const now = Date.now();
    const from = item.showFrom ? toLocalInput(item.showFrom).replace('T', ' ') : '';
    const until = item.showUntil ? toLocalInput(item.showUntil).replace('T', ' ') : '';
    if (isScheduledToShow(item, now)) return until ? msg(str`On the screens until ${until}`, { id: 'console.notices.onUntil' }) : msg('On the screens', { id: 'console.notices.on' });
    if (item.showFrom && Date.parse(item.showFrom) > now) return msg(str`From ${from}`, { id: 'console.notices.from' });
    return msg(str`Ended ${until}`, { id: 'console.notices.ended' });
  }

  override render() {
    return html`<h3 id="notices-title">${msg('Announcements on the kiosks', { id: 'console.notices.title' })}</h3>
      ${this.renderMessage()}
      ${this.announcements.length === 0
        ? html`<p>${msg('No announcements.', { id: 'console.notices.none' })}</p>`
        : html`<table aria-labelledby="notices-title">
            <thead>
              <tr>
                <th scope="col">${msg('Text', { id: 'console.notices.col.text' })}</th>
                <th scope="col">${msg('Kiosks', { id: 'console.notices.col.kiosks' })}</th>
                <th scope="col">${msg('When', { id: 'console.content.col.when' })}</th>
                <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
              </tr>
            </thead>
            <tbody>
              ${this.announcements.map(
                (item, index) => html`<tr data-announcement=${item.id}>
                  <td>${item.text.zh}<br />${item.text.en}</td>
                  <td>${item.kiosks?.join(', ') ?? msg('All of the site\'s kiosks', { id: 'console.notices.allKiosks' })}</td>
                  <td data-when>${this.when(item)}</td>
                  <td>
                    <button type="button" @click=${() => this.edit(index)}>${msg('Edit', { id: 'console.content.edit' })}</button>
                    <button type="button" ?disabled=${this.saving} @click=${() => void this.save(this.announcements.filter((_, i) => i !== index), -1)}>
                      ${msg('Remove', { id: 'console.content.remove' })}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <p><button type="button" @click=${() => this.edit(-1)}>${msg('New announcement', { id: 'console.notices.new' })}</button></p>
      ${this.draft ? this.form(this.draft) : nothing}`;
  }

  private field(field: Field) {
    return this.beside(field, (p) => p.path === field || (field === 'kiosks' && p.path.startsWith('kiosks.')));
  }

  private form(draft: Draft) {
    const set = (change: Partial<Draft>) => (this.draft = { ...draft, ...change });
    const toggle = (kioskId: string, on: boolean) => set({ kiosks: on ? [...draft.kiosks, kioskId].sort() : draft.kiosks.filter((k) => k !== kioskId) });
    const fields = new Set<string>(['text.zh', 'text.en', 'showFrom', 'showUntil']);
    return html`<form @submit=${this.submit} novalidate aria-labelledby="notices-title" data-announcement-form>
      <label
        >${msg('Text (Chinese)', { id: 'console.recruit.textZh' })}
        <textarea name="text.zh" .value=${draft.zh} @input=${(e: Event) => set({ zh: (e.target as HTMLTextAreaElement).value })}></textarea>${this.field('text.zh')}</label
      >
      <label
        >${msg('Text (English)', { id: 'console.recruit.textEn' })}
        <textarea name="text.en" .value=${draft.en} @input=${(e: Event) => set({ en: (e.target as HTMLTextAreaElement).value })}></textarea>${this.field('text.en')}</label
      >
      <fieldset>
        <legend>${msg('Which kiosks (none ticked: all of the site\'s)', { id: 'console.notices.which' })}</legend>
        ${this.kiosks.map(
          (kioskId) => html`<label
            ><input type="checkbox" name="kiosks" .value=${kioskId} .checked=${draft.kiosks.includes(kioskId)} @change=${(e: Event) => toggle(kioskId, (e.target as HTMLInputElement).checked)} />
            ${kioskId}</label
          >`,
        )}
        ${this.field('kiosks')}
      </fieldset>
      <label
        >${msg('Show from (optional)', { id: 'console.notices.showFrom' })}
        <input type="datetime-local" name="showFrom" .value=${draft.showFrom} @input=${(e: Event) => set({ showFrom: (e.target as HTMLInputElement).value })} />${this.field('showFrom')}</label
      >
      <label
        >${msg('Show until (optional)', { id: 'console.notices.showUntil' })}
        <input type="datetime-local" name="showUntil" .value=${draft.showUntil} @input=${(e: Event) => set({ showUntil: (e.target as HTMLInputElement).value })} />${this.field('showUntil')}</label
      >
      ${this.renderOtherProblems((p) => fields.has(p.path) || p.path.startsWith('kiosks'))}
      <div><button type="submit" ?disabled=${this.saving}>${msg('Publish the announcement', { id: 'console.notices.save' })}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-announcements-editor': VsAnnouncementsEditor;
  }
}
