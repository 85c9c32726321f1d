/**
 * What the Content view's section editors ("Join us" panel, announcements, stations)
 * share: the site and the content version they edit from, the server's problems and
 * warnings for their fields, the message above the form, and one publish that turns a
 * save's outcome into those.
 * @fires published - after a save was published, so the view loads the new version
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { ContentApi, type FieldProblem, type SaveOutcome } from '../data/content-api.ts';
import { besideField, say, saveView, type SaveView } from './field-problems.ts';
import { viewStyles } from './view-styles.ts';

export abstract class ContentSectionEditor extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  /** Central's admin origin; '' means this page's own origin. */
  @property() apiBase = '';
  @property() site = '';
  /** The content version the section was loaded at: the base of the next save. */
  @property({ type: Number }) version = 0;
  @state() protected problems: FieldProblem[] = [];
  @state() protected warnings: FieldProblem[] = [];
  @state() protected message?: SaveView['message'];
  @state() protected saving = false;

  /** The section editors' forms: a grid of labelled fields, and roomy text areas. */
  static readonly sectionStyles = [
    viewStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
        gap: 0.75rem;
        max-width: 70rem;
        margin-top: 0.75rem;
      }
      textarea {
        font: inherit;
        min-height: 5rem;
        width: 100%;
        box-sizing: border-box;
      }
    `,
  ];

  protected clearProblems(): void {
    this.problems = [];
    this.warnings = [];
  }

  /**
   * Saves through `save`, then shows what came back: problems at the paths `toField`
   * gives them, the server's words for a stale version, the version published.
   * Resolves true when it was published.
   */
  protected async publish(save: (api: ContentApi) => Promise<SaveOutcome>, toField: (problem: FieldProblem) => FieldProblem = (p) => p): Promise<boolean> {
    this.saving = true;
    this.message = undefined;
    try {
      const view = saveView(await save(new ContentApi(this.credentials, this.apiBase)));
      this.problems = view.problems.map(toField);
      this.warnings = view.warnings.map(toField);
      this.message = view.message;
      if (view.published) this.dispatchEvent(new Event('published', { bubbles: true, composed: true }));
      return view.published;
    } catch (err) {
      // Worded again on a language switch: central may give the refusal in both.
      this.message = { kind: 'error', text: () => describeAdminError(err) };
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** The problems and warnings at `field` (or that `belongs` assigns to it), to render under it. */
  protected beside(field: string, belongs: (problem: FieldProblem) => boolean = (p) => p.path === field) {
    return besideField(field, belongs, this.problems, this.warnings);
  }

  /** The problems no field of the form shows, listed with their paths. */
  protected renderOtherProblems(shown: (problem: FieldProblem) => boolean) {
    const other = this.problems.filter((p) => !shown(p));
    return other.length > 0 ? html`<ul class="error" role="alert">${other.map((p) => html`<li>${p.path}: ${say(p.message)}</li>`)}</ul>` : nothing;
  }

  protected renderMessage() {
    return this.message ? html`<p class=${this.message.kind} role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text()}</p>` : nothing;
  }
}
