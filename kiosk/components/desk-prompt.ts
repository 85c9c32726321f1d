/**
 * The card-only Redemption desk's confirm prompt, above the tap overlay: "Exchange 30
 * points for 大米 Rice?" with large Confirm / Cancel, the masked name and the balance.
 * The item is named in both languages, so staff and volunteer read the same words. Only
 * the masked name is shown, never a number or a card; every state has text and an icon.
 * @fires desk-answer - detail: true (Confirm) or false (Cancel)
 * @fires dismiss - the visitor closed an outcome
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { DeskScreen } from '../controllers/desk-controller.ts';
import { promptPanelStyles } from './prompt-panel-styles.ts';
import { theme } from './theme.ts';

@customElement('desk-prompt')
@localized()
export class DeskPromptPanel extends LitElement {
  static override styles = [
    theme,
    promptPanelStyles,
    css`
      :host {
        z-index: 26;
      }
      .title {
        font-size: 2.4rem;
      }
      .answers {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1.5rem;
      }
      .answers button {
        min-height: var(--touch-primary);
        font-size: 2.2rem;
        font-weight: 800;
        border-radius: var(--radius);
        padding: 1rem;
      }
      .confirm {
        background: var(--primary);
        color: #fff;
        border: 3px solid var(--primary);
      }
      .cancel {
        background: var(--paper);
        color: var(--ink);
        border: 3px solid var(--ink-soft);
      }
    `,
  ];

  @property({ attribute: false }) screen: DeskScreen = { kind: 'none' };

  private answer(confirmed: boolean): void {
    this.dispatchEvent(new CustomEvent<boolean>('desk-answer', { detail: confirmed }));
  }

  override render() {
    const s = this.screen;
    switch (s.kind) {
      case 'none':
        return nothing;
      case 'confirm': {
        const item = `${s.item.zh} ${s.item.en}`;
        const price = s.price;
        const name = s.displayName;
        const balance = s.balance;
        return html`<div class="panel" role="dialog" aria-modal="true" aria-labelledby="desk-title" data-desk="confirm">
          <div class="icon" aria-hidden="true">🎁</div>
          <p class="title" id="desk-title">${msg(str`Exchange ${price} points for ${item}?`, { id: 'desk.title' })}</p>
          <p class="line">${msg(str`${name}, you have ${balance} points.`, { id: 'desk.balance' })}</p>
          <div class="answers">
            <button class="confirm" type="button" data-answer="confirm" @click=${() => this.answer(true)}>✓ ${msg('Confirm', { id: 'desk.confirm' })}</button>
            <button class="cancel" type="button" data-answer="cancel" @click=${() => this.answer(false)}>✕ ${msg('Cancel', { id: 'desk.cancel' })}</button>
          </div>
        </div>`;
      }
      case 'sent':
        return html`<div class="panel" role="status" data-desk="sent">
          <div class="icon" aria-hidden="true">…</div>
          <p class="title">${msg('Exchanging…', { id: 'desk.sending' })}</p>
        </div>`;
      case 'closed': {
        const done = s.outcome === 'redeemed';
        const detail =
          s.outcome === 'redeemed'
            ? msg('Done. The staff will hand you the item.', { id: 'desk.redeemedDetail' })
            : s.outcome === 'refused'
              ? msg('The exchange could not be made. The staff will tell you why.', { id: 'desk.refusedDetail' })
              : s.outcome === 'expired'
                ? msg('Too late or offline. Nothing was exchanged.', { id: 'desk.expiredDetail' })
                : msg('Nothing was exchanged. Your points are unchanged.', { id: 'desk.declinedDetail' });
        return html`<div class="panel" role="status" data-desk="closed" data-outcome=${s.outcome}>
          <div class="icon ${done ? 'ok' : 'bad'}" aria-hidden="true">${done ? '✓' : '✕'}</div>
          <p class="title">${done ? msg('Exchanged', { id: 'desk.redeemed' }) : msg('Not exchanged', { id: 'desk.notRedeemed' })}</p>
          <p class="line">${detail}</p>
          <button class="secondary" type="button" @click=${() => this.dispatchEvent(new Event('dismiss'))}>${msg('OK', { id: 'pairing.ok' })}</button>
        </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'desk-prompt': DeskPromptPanel;
  }
}
