/**
 * The confirmation step before any command leaves the console: it names the
 * station and the command, and collects the announcement text or the demo card.
 */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { redactCardUid } from '../../shared/index.ts';
import { commandLabel, randomUnknownCardUid, type CommandRequest } from '../data/commands.ts';
import type { CommandRequestDetail } from './vs-station-list.ts';

export interface CommandConfirmDetail {
  stationId: string;
  request: CommandRequest;
}

const UNKNOWN_CARD = 'unknown';

/**
 * @fires command-confirm - CustomEvent<CommandConfirmDetail>: the manager confirmed.
 * @fires command-cancel - Event: the manager cancelled or closed the dialog.
 */
@localized()
@customElement('vs-command-dialog')
export class VsCommandDialog extends LitElement {
  /** The command awaiting confirmation; the dialog is open while this is set. */
  @property({ attribute: false }) pending?: CommandRequestDetail;
  @property({ attribute: false }) demoCards: { label: string; uid: string }[] = [];
  @property({ type: Boolean }) sending = false;
  @property() error?: string;
  @query('dialog') private dialog!: HTMLDialogElement;

  static override styles = css`
    dialog {
      font-size: 1.2rem;
      min-width: 28rem;
      max-width: 90vw;
      border: 0;
      border-radius: 0.6rem;
      box-shadow: 0 0.5rem 2rem #0006;
    }
    form {
      display: grid;
      gap: 0.9rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    textarea,
    input,
    button {
      font: inherit;
    }
    .choices label {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .buttons {
      display: flex;
      gap: 1rem;
      justify-content: flex-end;
    }
    .confirm {
      background: #0b57d0;
      color: #fff;
      border: 0;
      border-radius: 0.4rem;
      padding: 0.4rem 1rem;
    }
    .error {
      color: #8c1d18;
      background: #fff4f2;
      padding: 0.5rem;
    }
  `;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('pending')) return;
    if (this.pending && !this.dialog.open) this.dialog.showModal();
    if (!this.pending && this.dialog.open) this.dialog.close();
  }

  override render() {
    const pending = this.pending;
    return html`<dialog @cancel=${this.onCancel} aria-labelledby="title">
      ${pending
        ? html`<form method="dialog" @submit=${this.onConfirm}>
            <h2 id="title">${commandLabel(pending.cmd)} — ${pending.stationId}</h2>
            ${this.fieldsFor(pending.cmd)}
            <p>${msg(html`Send <strong>${commandLabel(pending.cmd)}</strong> to station <strong>${pending.stationId}</strong>?`, { id: 'console.dialog.question' })}</p>
            ${this.error ? html`<p class="error" role="alert" data-command-error>${this.error}</p>` : nothing}
            <div class="buttons">
              <button type="button" @click=${this.onCancel}>${msg('Cancel', { id: 'console.dialog.cancel' })}</button>
              <button type="submit" class="confirm" data-confirm ?disabled=${this.sending}>${this.sending ? msg('Sending…', { id: 'console.dialog.sending' }) : msg('Confirm and send', { id: 'console.dialog.confirm' })}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private fieldsFor(cmd: CommandRequest['cmd']) {
    if (cmd === 'announce') {
      return html`<label>${msg('Announcement (中文)', { id: 'console.dialog.announceZh' })}<textarea name="zh" rows="2" required maxlength="280"></textarea></label>
        <label>${msg('Announcement (English)', { id: 'console.dialog.announceEn' })}<textarea name="en" rows="2" required maxlength="280"></textarea></label>
        <label>${msg('Show until (optional, your local time)', { id: 'console.dialog.until' })}<input name="until" type="datetime-local" /></label>`;
    }
    if (cmd === 'simulate-tap') {
      return html`<fieldset class="choices">
        <legend>${msg('Card to tap', { id: 'console.dialog.card' })}</legend>
        ${this.demoCards.map(
          (card, index) => html`<label><input type="radio" name="card" value=${card.uid} ?checked=${index === 0} required />${card.label} (${redactCardUid(card.uid)})</label>`,
        )}
        <label><input type="radio" name="card" value=${UNKNOWN_CARD} ?checked=${this.demoCards.length === 0} />${msg('Unknown card (random uid)', { id: 'console.dialog.unknownCard' })}</label>
      </fieldset>`;
    }
    return nothing;
  }

  private onConfirm(event: SubmitEvent): void {
    event.preventDefault();
    const pending = this.pending;
    if (!pending || this.sending) return;
    const data = new FormData(event.target as HTMLFormElement);
    const request = requestFrom(pending.cmd, data);
    this.dispatchEvent(new CustomEvent<CommandConfirmDetail>('command-confirm', { detail: { stationId: pending.stationId, request }, bubbles: true, composed: true }));
  }

  private onCancel(event: Event): void {
    event.preventDefault();
    this.dispatchEvent(new Event('command-cancel', { bubbles: true, composed: true }));
  }
}

function requestFrom(cmd: CommandRequest['cmd'], data: FormData): CommandRequest {
  switch (cmd) {
    case 'announce': {
      const until = String(data.get('until') ?? '');
      // datetime-local has no zone: the browser reads it as local time, the protocol wants UTC.
      const untilIso = until ? new Date(until).toISOString() : undefined;
      return { cmd, text: { zh: String(data.get('zh') ?? ''), en: String(data.get('en') ?? '') }, ...(untilIso ? { until: untilIso } : {}) };
    }
    case 'simulate-tap': {
      const card = String(data.get('card') ?? UNKNOWN_CARD);
      return { cmd, uid: card === UNKNOWN_CARD ? randomUnknownCardUid() : card };
    }
    default:
      return { cmd };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-command-dialog': VsCommandDialog;
  }
}
