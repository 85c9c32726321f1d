/**
 * One table of the Content view's activities (vs-content-view.ts shows the current ones
 * and, folded, the past ones): title, category, times with the kiosks' schedule, place,
 * and the row's actions. "Cancel activity" asks first, in a row below; a cancelled one
 * is marked in words and struck through, and offers "Restore". Copies that no save has
 * published yet say so.
 *
 * @fires activity-action - CustomEvent<ActivityActionDetail>: edit, cancel (confirmed), restore or remove the activity at `index` of the view's list
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SERVICE_CATEGORIES, type Activity } from '../../shared/index.ts';
import { say } from './field-problems.ts';
import { toLocalInput } from './local-time-input.ts';
import { viewStyles } from './view-styles.ts';

export interface ActivityActionDetail {
  action: 'edit' | 'cancel' | 'restore' | 'remove';
  /** Position in the view's whole list. */
  index: number;
}

export interface ActivityRow {
  activity: Activity;
  index: number;
}

@localized()
@customElement('vs-activity-table')
export class VsActivityTable extends LitElement {
  @property({ attribute: false }) rows: ActivityRow[] = [];
  /** Ids of copies in the list that no save has published yet. */
  @property({ attribute: false }) unpublished: ReadonlySet<string> = new Set();
  /** A save is under way: the buttons that save wait. */
  @property({ type: Boolean }) saving = false;
  /** The table's accessible name. */
  @property() label = '';
  /** The id of the activity whose "Cancel activity" awaits its confirmation. */
  @state() private confirming?: string;

  static override styles = [
    viewStyles,
    css`
      .cancelled-mark {
        font-weight: 700;
        border: 2px solid currentColor;
        padding: 0 0.3rem;
      }
      tr.cancelled .title {
        text-decoration: line-through;
      }
    `,
  ];

  private act(action: ActivityActionDetail['action'], index: number): void {
    this.confirming = undefined;
    this.dispatchEvent(new CustomEvent<ActivityActionDetail>('activity-action', { detail: { action, index }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<table aria-label=${this.label}>
      <thead>
        <tr>
          <th scope="col">${msg('Activity', { id: 'console.content.col.activity' })}</th>
          <th scope="col">${msg('Category', { id: 'console.content.col.category' })}</th>
          <th scope="col">${msg('When', { id: 'console.content.col.when' })}</th>
          <th scope="col">${msg('Place', { id: 'console.content.col.place' })}</th>
          <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
        </tr>
      </thead>
      <tbody>
        ${this.rows.map(({ activity, index }) => this.row(activity, index))}
      </tbody>
    </table>`;
  }

  private row(a: Activity, index: number) {
    const title = `${a.title.zh} / ${a.title.en}`;
    return html`<tr data-activity=${a.id} class=${a.cancelled ? 'cancelled' : ''}>
        <td>
          ${a.cancelled ? html`<strong class="cancelled-mark" data-cancelled>${msg('Cancelled', { id: 'console.content.cancelled' })}</strong> ` : nothing}<span class="title">${title}</span>
          ${this.unpublished.has(a.id) ? html`<br /><small data-unpublished>${msg('Not published yet', { id: 'console.content.unpublished' })}</small>` : nothing}
        </td>
        <td>${say(SERVICE_CATEGORIES[a.category])}</td>
        <td>${toLocalInput(a.startsAt).replace('T', ' ')}–${toLocalInput(a.endsAt).slice(11)}${this.scheduleText(a)}</td>
        <td>${a.place.zh} / ${a.place.en}</td>
        <td>
          <button type="button" @click=${() => this.act('edit', index)}>${msg('Edit', { id: 'console.content.edit' })}</button>
          ${a.cancelled
            ? html`<button type="button" ?disabled=${this.saving} @click=${() => this.act('restore', index)}>${msg('Restore', { id: 'console.content.restore' })}</button>`
            : html`<button type="button" ?disabled=${this.saving} @click=${() => (this.confirming = a.id)}>${msg('Cancel activity', { id: 'console.content.cancel' })}</button>`}
          <button type="button" ?disabled=${this.saving} @click=${() => this.act('remove', index)}>${msg('Remove', { id: 'console.content.remove' })}</button>
        </td>
      </tr>
      ${this.confirming === a.id
        ? html`<tr data-cancel-confirm>
            <td colspan="5">
              <p>${msg(str`Cancel “${title}”? Kiosks keep it listed, marked cancelled, and phones cannot check in for it.`, { id: 'console.content.cancelConfirm' })}</p>
              <button type="button" ?disabled=${this.saving} @click=${() => this.act('cancel', index)}>${msg('Yes, cancel it', { id: 'console.content.cancelYes' })}</button>
              <button type="button" @click=${() => (this.confirming = undefined)}>${msg('Keep it', { id: 'console.content.cancelKeep' })}</button>
            </td>
          </tr>`
        : nothing}`;
  }

  /** "On kiosks from … until …" for a scheduled activity, so a manager sees why a kiosk does not show it yet. */
  private scheduleText(a: Activity) {
    if (!a.showFrom && !a.showUntil) return nothing;
    const from = a.showFrom ? toLocalInput(a.showFrom).replace('T', ' ') : '';
    const until = a.showUntil ? toLocalInput(a.showUntil).replace('T', ' ') : '';
    const text = from && until
      ? msg(str`On kiosks from ${from} until ${until}`, { id: 'console.content.showFromUntil' })
      : from
        ? msg(str`On kiosks from ${from}`, { id: 'console.content.showFromOnly' })
        : msg(str`On kiosks until ${until}`, { id: 'console.content.showUntilOnly' });
    return html`<br /><small data-schedule>${text}</small>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-activity-table': VsActivityTable;
  }
}
