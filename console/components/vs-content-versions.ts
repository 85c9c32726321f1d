/**
 * The "Versions" section of the Content view (issue 16, versions and audit): every publish
 * of the content file, newest first, with who published it, when and what changed; the
 * current one marked. Any older version can be published again (a rollback, itself a new
 * version) after a confirm step that says what will happen. For the selected site: how
 * many of its kiosks run the latest version, and which run another (from the fleet's
 * kiosk status, data/kiosk-content-versions.ts).
 * @fires published - after a rollback was published, so the view loads the new version
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LocalizedText } from '../../shared/index.ts';
import { AdminApiError, describeAdminError, type ManagerCredentials } from '../data/admin-api.ts';
import { ContentApi, type ContentChangeView, type ContentVersionView } from '../data/content-api.ts';
import type { KioskView } from '../data/fleet-rows.ts';
import { siteVersionSummary, type KioskContentVersion } from '../data/kiosk-content-versions.ts';
import { say } from './field-problems.ts';
import { toLocalInput } from './local-time-input.ts';
import { viewStyles } from './view-styles.ts';

/** What the server said, in the page's language, with the changes it names (a stale base, or what is outside the account's sites). */
interface RefusalView {
  text: () => string;
  changes: ContentChangeView[];
}

/** `manager:NAME` is the console account; `cli:USER` published a file with the central CLI. */
function publisher(by: string): string {
  if (by.startsWith('manager:')) return by.slice('manager:'.length);
  if (by.startsWith('cli:')) {
    const user = by.slice('cli:'.length);
    return msg(str`file (${user})`, { id: 'console.versions.byFile' });
  }
  return by;
}

function runningText(running: KioskContentVersion): string {
  if (running.kind === 'not-reported') return msg('not reported yet', { id: 'console.versions.notReported' });
  if (running.kind === 'unknown') return msg('version unknown', { id: 'console.versions.unknown' });
  const version = running.version;
  return msg(str`version ${version}`, { id: 'console.versions.kioskVersion' });
}

/** A refusal the server words in both languages (content-routes.ts), else its English detail. */
function refusalOf(err: unknown): RefusalView {
  const body = err instanceof AdminApiError ? (err.body as { message?: LocalizedText; changes?: ContentChangeView[] }) : {};
  if (body.message) {
    const message = body.message;
    return { text: () => say(message), changes: body.changes ?? [] };
  }
  const text = describeAdminError(err);
  return { text: () => text, changes: [] };
}

@localized()
@customElement('vs-content-versions')
export class VsContentVersions extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  /** Central's admin origin; '' means this page's own origin. */
  @property() apiBase = '';
  /** The site whose kiosks are counted; the versions are of the whole file, every site's. */
  @property() site = '';
  /** The version the view loaded: when another editor publishes, the history is loaded again. */
  @property({ type: Number }) version = 0;
  /** Every kiosk the fleet knows, with the time of the content it reports. */
  @property({ attribute: false }) kiosks: readonly KioskView[] = [];
  @state() private versions: ContentVersionView[] = [];
  @state() private loadError?: string;
  /** The version the manager asked to roll back to, awaiting the confirm step. */
  @state() private confirming?: number;
  @state() private rollingBack = false;
  @state() private refusal?: RefusalView;
  @state() private notice?: () => string;
  private loads = 0;

  static override styles = [
    viewStyles,
    css`
      [data-rollback-confirm] {
        margin: 1rem 0;
        padding: 0.75rem 1rem;
        border: 2px solid #0b57d0;
        border-radius: 0.4rem;
        max-width: 50rem;
      }
      .buttons {
        display: flex;
        gap: 1rem;
      }
      tr[aria-current='true'] {
        background: #eef6ee;
      }
    `,
  ];

  private get api(): ContentApi {
    return new ContentApi(this.credentials, this.apiBase);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('version')) void this.load();
    if (changed.has('confirming') && this.confirming !== undefined) this.renderRoot.querySelector<HTMLButtonElement>('[data-rollback-confirm] button.confirm')?.focus();
  }

  async load(): Promise<void> {
    const load = ++this.loads;
    try {
      const versions = await this.api.versions();
      if (load !== this.loads) return;
      this.versions = versions;
      this.loadError = undefined;
    } catch (err) {
      if (load === this.loads) this.loadError = describeAdminError(err);
    }
  }

  private ask(version: number): void {
    this.confirming = version;
    this.refusal = undefined;
    this.notice = undefined;
  }

  private cancel(): void {
    const version = this.confirming;
    this.confirming = undefined;
    // Back to the button that opened the step, for a keyboard user.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-version="${version}"] button`)?.focus());
  }

  private async rollBack(to: number): Promise<void> {
    const current = this.versions[0]?.version ?? 0;
    this.rollingBack = true;
    try {
      const outcome = await this.api.rollback(to, current);
      this.confirming = undefined;
      if (outcome.kind === 'content-changed') {
        const message = outcome.message;
        this.refusal = { text: () => say(message), changes: outcome.changes };
        await this.load();
        return;
      }
      const version = outcome.version;
      this.notice = () => msg(str`Rolled back to version ${to}: published as version ${version}.`, { id: 'console.versions.rolledBack' });
      this.dispatchEvent(new Event('published', { bubbles: true, composed: true }));
      await this.load();
    } catch (err) {
      this.confirming = undefined;
      this.refusal = refusalOf(err);
    } finally {
      this.rollingBack = false;
    }
  }

  override render() {
    const current = this.versions[0]?.version;
    return html`<h3 id="versions-title">${msg('Versions', { id: 'console.versions.title' })}</h3>
      ${this.kioskSummary()}
      ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : nothing}
      ${this.refusal
        ? html`<div class="error" role="alert" data-rollback-refusal>
            <p>${this.refusal.text()}</p>
            ${this.refusal.changes.length > 0 ? html`<ul>${this.refusal.changes.map((change) => html`<li>${say(change.text)}</li>`)}</ul>` : nothing}
          </div>`
        : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice()}</p>` : nothing}
      ${this.confirming !== undefined && current !== undefined ? this.confirmStep(this.confirming, current) : nothing}
      <table aria-labelledby="versions-title" data-content-versions>
        <thead>
          <tr>
            <th scope="col">${msg('Version', { id: 'console.versions.col.version' })}</th>
            <th scope="col">${msg('Published', { id: 'console.versions.col.at' })}</th>
            <th scope="col">${msg('By', { id: 'console.versions.col.by' })}</th>
            <th scope="col">${msg('What changed', { id: 'console.versions.col.summary' })}</th>
            <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
          </tr>
        </thead>
        <tbody>
          ${this.versions.map(
            (v) => html`<tr data-version=${v.version} aria-current=${v.version === current ? 'true' : 'false'}>
              <td>${v.version}${v.version === current ? html` <strong data-current>${msg('(current)', { id: 'console.versions.current' })}</strong>` : nothing}</td>
              <td>${toLocalInput(v.at).replace('T', ' ')}</td>
              <td>${publisher(v.by)}</td>
              <td>${v.summary}</td>
              <td>
                ${v.version === current
                  ? nothing
                  : html`<button type="button" ?disabled=${this.rollingBack} @click=${() => this.ask(v.version)}>
                      ${msg(str`Roll back to version ${v.version}`, { id: 'console.versions.rollBackTo' })}
                    </button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  /** What a rollback does, said before it is done: the whole file of `to`, for every site, as a new version. */
  private confirmStep(to: number, current: number) {
    const next = current + 1;
    const from = to + 1;
    const undone =
      from === current
        ? msg(str`What version ${current} changed is undone.`, { id: 'console.versions.undoOne' })
        : msg(str`What versions ${from} to ${current} changed is undone.`, { id: 'console.versions.undoMany' });
    return html`<div role="group" aria-labelledby="rollback-question" data-rollback-confirm @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.cancel()}>
      <p id="rollback-question">
        <strong>${msg(str`Roll back to version ${to}?`, { id: 'console.versions.confirmQuestion' })}</strong>
        ${msg(str`Its content is published again, for every site's kiosks, as version ${next}.`, { id: 'console.versions.confirmWhat' })} ${undone}
      </p>
      <div class="buttons">
        <button type="button" class="confirm" ?disabled=${this.rollingBack} @click=${() => void this.rollBack(to)}>
          ${this.rollingBack ? msg('Rolling back…', { id: 'console.versions.rollingBack' }) : msg('Yes, roll back', { id: 'console.versions.confirm' })}
        </button>
        <button type="button" @click=${() => this.cancel()}>${msg('Cancel', { id: 'console.dialog.cancel' })}</button>
      </div>
    </div>`;
  }

  /** "1 of 2 kiosks run version 5", and the kiosks that run another. */
  private kioskSummary() {
    if (this.versions.length === 0 || !this.site) return nothing;
    const summary = siteVersionSummary(this.versions, this.kiosks, this.site);
    const { onLatest, total, latest } = summary;
    const site = this.site;
    if (total === 0) return html`<p data-kiosk-versions>${msg(str`No kiosk of ${site} has reported yet.`, { id: 'console.versions.noKiosks' })}</p>`;
    return html`<p data-kiosk-versions>${msg(str`${onLatest} of ${total} kiosks run version ${latest}`, { id: 'console.versions.onLatest' })}</p>
      ${summary.behind.length > 0
        ? html`<ul data-kiosks-behind aria-label=${msg('Kiosks on another version', { id: 'console.versions.behind' })}>
            ${summary.behind.map((row) => html`<li data-kiosk=${row.kioskId}>${row.kioskId}: ${runningText(row.running)}</li>`)}
          </ul>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-content-versions': VsContentVersions;
  }
}
