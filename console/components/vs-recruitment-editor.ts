/**
 * The "Join us" panel of a site (issue 16), inside the Content view: whether the
 * site's kiosks show it, its text in both languages and the registration page its QR
 * opens. Saving publishes the panel from the version the view loaded; the server's
 * field problems are shown beside their fields, a stale version as the server's message.
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg } from '@lit/localize';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RecruitmentPanel } from '../../shared/index.ts';
import { ContentSectionEditor } from './content-section-editor.ts';

type Field = 'text.zh' | 'text.en' | 'url';

@localized()
@customElement('vs-recruitment-editor')
export class VsRecruitmentEditor extends ContentSectionEditor {
  @property({ attribute: false }) panel: RecruitmentPanel | null = null;
  @state() private draft: RecruitmentPanel = { show: false, text: { zh: '', en: '' }, url: '' };

  static override styles = ContentSectionEditor.sectionStyles;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('panel') || changed.has('site')) {
      this.draft = this.panel ? structuredClone(this.panel) : { show: false, text: { zh: '', en: '' }, url: '' };
      this.clearProblems();
    }
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    await this.publish((api) => api.saveRecruitment(this.site, { baseVersion: this.version, recruitment: this.draft }));
  }

  /** The server names the panel's fields `recruitment.url` and so on. */
  private field(field: Field) {
    return this.beside(field, (p) => p.path === `recruitment.${field}`);
  }

  private setText(lang: 'zh' | 'en', value: string): void {
    this.draft = { ...this.draft, text: { ...this.draft.text, [lang]: value } };
  }

  override render() {
    const fields = new Set(['recruitment.text.zh', 'recruitment.text.en', 'recruitment.url']);
    return html`<h3 id="join-us-title">${msg('"Join us" panel on the kiosks', { id: 'console.recruit.title' })}</h3>
      ${this.renderMessage()}
      <form @submit=${this.submit} novalidate aria-labelledby="join-us-title" data-recruitment-form>
        <label
          ><input type="checkbox" name="show" .checked=${this.draft.show} @change=${(e: Event) => (this.draft = { ...this.draft, show: (e.target as HTMLInputElement).checked })} />
          ${msg('Show on this site\'s kiosks', { id: 'console.recruit.show' })}</label
        >
        <label
          >${msg('Text (Chinese)', { id: 'console.recruit.textZh' })}
          <textarea name="text.zh" .value=${this.draft.text.zh} @input=${(e: Event) => this.setText('zh', (e.target as HTMLTextAreaElement).value)}></textarea>${this.field('text.zh')}</label
        >
        <label
          >${msg('Text (English)', { id: 'console.recruit.textEn' })}
          <textarea name="text.en" .value=${this.draft.text.en} @input=${(e: Event) => this.setText('en', (e.target as HTMLTextAreaElement).value)}></textarea>${this.field('text.en')}</label
        >
        <label
          >${msg('Registration page (the QR opens it)', { id: 'console.recruit.url' })}
          <input type="url" name="url" .value=${this.draft.url} @input=${(e: Event) => (this.draft = { ...this.draft, url: (e.target as HTMLInputElement).value })} />${this.field('url')}</label
        >
        ${this.renderOtherProblems((p) => fields.has(p.path))}
        <div><button type="submit" ?disabled=${this.saving}>${msg('Publish the panel', { id: 'console.recruit.save' })}</button></div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-recruitment-editor': VsRecruitmentEditor;
  }
}
