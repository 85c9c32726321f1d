/**
 * The "Join us" panel of a site (issue 16), inside the Content view: whether the
 * site's kiosks show it, its text in both languages and the registration page its QR
 * opens. Saving publishes the panel from the version the view loaded; the server's
 * field problems are shown beside their fields, a stale version as the server's message.
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RecruitmentPanel } from '../../shared/index.ts';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { ContentApi, type FieldProblem } from '../data/content-api.ts';
import { besideField, say, saveView } from './field-problems.ts';
import { viewStyles } from './view-styles.ts';


type Field = 'text.zh' | 'text.en' | 'url';

@localized()
@customElement('vs-recruitment-editor')
export class VsRecruitmentEditor extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  @property() apiBase = '';
  @property() site = '';
  /** The content version the panel was loaded at. */
  @property({ type: Number }) version = 0;
  @property({ attribute: false }) panel: RecruitmentPanel | null = null;
  @state() private draft: RecruitmentPanel = { show: false, text: { zh: '', en: '' }, url: '' };
  @state() private problems: FieldProblem[] = [];
  @state() private warnings: FieldProblem[] = [];
  @state() private message?: { kind: 'error' | 'notice'; text: () => string };
  @state() private saving = false;

  static override styles = [
    viewStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
        gap: 0.75rem;
        max-width: 70rem;
      }
      textarea {
        font: inherit;
        min-height: 5rem;
        width: 100%;
        box-sizing: border-box;
      }
    `,
  ];

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('panel') || changed.has('site')) {
      this.draft = this.panel ? structuredClone(this.panel) : { show: false, text: { zh: '', en: '' }, url: '' };
      this.problems = [];
      this.warnings = [];
    }
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.saving = true;
    this.message = undefined;
    try {
      const view = saveView(await new ContentApi(this.credentials, this.apiBase).saveRecruitment(this.site, { baseVersion: this.version, recruitment: this.draft }));
      ({ problems: this.problems, warnings: this.warnings, message: this.message } = view);
      if (view.published) this.dispatchEvent(new Event('published', { bubbles: true, composed: true }));
    } catch (err) {
      const text = describeAdminError(err);
      this.message = { kind: 'error', text: () => text };
    } finally {
      this.saving = false;
    }
  }

  private beside(field: Field) {
    const mine = (p: FieldProblem) => p.path === `recruitment.${field}`;
    return besideField(field, mine, this.problems, this.warnings);
  }

  private setText(lang: 'zh' | 'en', value: string): void {
    this.draft = { ...this.draft, text: { ...this.draft.text, [lang]: value } };
  }

  override render() {
    const fields = new Set(['recruitment.text.zh', 'recruitment.text.en', 'recruitment.url']);
    const other = this.problems.filter((p) => !fields.has(p.path));
    return html`<h3 id="join-us-title">${msg('"Join us" panel on the kiosks', { id: 'console.recruit.title' })}</h3>
      ${this.message
        ? html`<p class=${this.message.kind} role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text()}</p>`
        : nothing}
      <form @submit=${this.submit} novalidate aria-labelledby="join-us-title" data-recruitment-form>
        <label
          ><input type="checkbox" name="show" .checked=${this.draft.show} @change=${(e: Event) => (this.draft = { ...this.draft, show: (e.target as HTMLInputElement).checked })} />
          ${msg('Show on this site\'s kiosks', { id: 'console.recruit.show' })}</label
        >
        <label
          >${msg('Text (Chinese)', { id: 'console.recruit.textZh' })}
          <textarea name="text.zh" .value=${this.draft.text.zh} @input=${(e: Event) => this.setText('zh', (e.target as HTMLTextAreaElement).value)}></textarea>${this.beside('text.zh')}</label
        >
        <label
          >${msg('Text (English)', { id: 'console.recruit.textEn' })}
          <textarea name="text.en" .value=${this.draft.text.en} @input=${(e: Event) => this.setText('en', (e.target as HTMLTextAreaElement).value)}></textarea>${this.beside('text.en')}</label
        >
        <label
          >${msg('Registration page (the QR opens it)', { id: 'console.recruit.url' })}
          <input type="url" name="url" .value=${this.draft.url} @input=${(e: Event) => (this.draft = { ...this.draft, url: (e.target as HTMLInputElement).value })} />${this.beside('url')}</label
        >
        ${other.length > 0 ? html`<ul class="error" role="alert">${other.map((p) => html`<li>${p.path}: ${say(p.message)}</li>`)}</ul>` : nothing}
        <div><button type="submit" ?disabled=${this.saving}>${msg('Publish the panel', { id: 'console.recruit.save' })}</button></div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-recruitment-editor': VsRecruitmentEditor;
  }
}
