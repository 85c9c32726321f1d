/**
 * Linking a phone, on the kiosk, above the tap overlay: after a volunteer's card tap,
 * "touch the number your phone shows" with the phone's code among decoys, and "not me".
 * Only the masked name is shown, never a number or a card. Every state has text and an
 * icon, never colour alone.
 * @fires pairing-answer - detail: the touched code, or null for "not me"
 * @fires dismiss - the visitor closed an outcome
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { PairingScreen } from '../controllers/pairing-controller.ts';
import { promptPanelStyles } from './prompt-panel-styles.ts';
import { theme } from './theme.ts';

@customElement('pairing-panel')
@localized()
export class PairingPanel extends LitElement {
  static override styles = [
    theme,
    promptPanelStyles,
    css`
      :host {
        z-index: 25;
      }
      .choices {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: 1rem;
      }
      .choices button {
        min-height: var(--touch-primary);
        font-size: 2.6rem;
        font-weight: 800;
        letter-spacing: 0.2em;
        font-variant-numeric: tabular-nums;
        border: 3px solid var(--primary);
        border-radius: var(--radius);
        background: var(--card);
        color: var(--primary);
        padding: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) screen: PairingScreen = { kind: 'none' };

  private answer(choice: string | null): void {
    this.dispatchEvent(new CustomEvent<string | null>('pairing-answer', { detail: choice }));
  }

  private dismissButton() {
    return html`<button class="secondary" type="button" @click=${() => this.dispatchEvent(new Event('dismiss'))}>${msg('OK', { id: 'pairing.ok' })}</button>`;
  }

  private limitText(maxPhones: number) {
    return msg(str`This volunteer already has ${maxPhones} linked phones. Unlink one on that phone, or ask the station staff.`, { id: 'pairing.limitDetail' });
  }

  override render() {
    const s = this.screen;
    switch (s.kind) {
      case 'none':
        return nothing;
      case 'choose': {
        const name = s.displayName;
        return html`<div class="panel" role="dialog" aria-modal="true" aria-labelledby="pairing-title" data-pairing="choose">
          <div class="icon" aria-hidden="true">📱</div>
          <p class="title" id="pairing-title">${msg(str`Link a phone to ${name}?`, { id: 'pairing.title' })}</p>
          <p class="line">${msg('Touch the number your phone shows.', { id: 'pairing.touch' })}</p>
          <div class="choices">${s.choices.map((code) => html`<button type="button" data-choice=${code} @click=${() => this.answer(code)}>${code}</button>`)}</div>
          <button class="secondary" type="button" data-choice="none" @click=${() => this.answer(null)}>
            ${msg('Not me: I did not ask to link a phone', { id: 'pairing.notMe' })}
          </button>
        </div>`;
      }
      case 'limit':
        return html`<div class="panel" role="alert" data-pairing="limit">
          <div class="icon warn" aria-hidden="true">!</div>
          <p class="title">${msg('No phone linked', { id: 'pairing.notLinked' })}</p>
          <p class="line">${this.limitText(s.maxPhones)}</p>
          ${this.dismissButton()}
        </div>`;
      case 'sent':
        return html`<div class="panel" role="status" data-pairing="sent">
          <div class="icon" aria-hidden="true">…</div>
          <p class="title">${msg('Linking the phone…', { id: 'pairing.sending' })}</p>
        </div>`;
      case 'closed': {
        const linked = s.outcome === 'linked';
        const detail =
          s.outcome === 'linked'
            ? msg('Your phone can now check in with the station code.', { id: 'pairing.linkedDetail' })
            : s.outcome === 'limit'
              ? this.limitText(3)
              : s.outcome === 'expired'
                ? msg('Too late or offline. Start again on the phone if you want to link it.', { id: 'pairing.expiredDetail' })
                : msg('Nothing was linked. Your card works as always.', { id: 'pairing.declinedDetail' });
        return html`<div class="panel" role="status" data-pairing="closed" data-outcome=${s.outcome}>
          <div class="icon ${linked ? 'ok' : 'bad'}" aria-hidden="true">${linked ? '✓' : '✕'}</div>
          <p class="title">${linked ? msg('Phone linked', { id: 'pairing.linked' }) : msg('No phone linked', { id: 'pairing.notLinked' })}</p>
          <p class="line">${detail}</p>
          ${this.dismissButton()}
        </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pairing-panel': PairingPanel;
  }
}
