/**
 * The mark of a cancelled activity (protocol v2 `cancelled: true`): the word in the
 * kiosk's language inside a bordered badge with a cross, so it reads without colour;
 * sized like the list's titles for older readers. The screen strikes the title through.
 */
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { theme } from './theme.ts';

@customElement('cancelled-mark')
@localized()
export class CancelledMark extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: inline-block;
      }
      .mark {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.15rem 0.75rem;
        border: 3px solid var(--bad);
        border-radius: 0.5rem;
        background: var(--card);
        color: var(--bad);
        font-size: 1.4rem;
        font-weight: 800;
      }
    `,
  ];

  override render() {
    return html`<span class="mark" data-cancelled><span aria-hidden="true">✕</span>${msg('Cancelled', { id: 'activities.cancelled' })}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cancelled-mark': CancelledMark;
  }
}
