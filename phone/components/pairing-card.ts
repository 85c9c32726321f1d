/**
 * A pairing in progress: the 4-digit code in large type, what to do at the station,
 * and the time left. The code is spoken digit by digit to screen readers.
 * @fires phone-action - `cancel-pairing`, or `start-again` once it ended
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PairingView } from '../../shared/index.ts';
import { T, type PhoneLang } from '../data/strings.ts';
import { PhoneActionEvent } from './events.ts';
import { theme } from './theme.ts';

@customElement('pairing-card')
export class PairingCard extends LitElement {
  static override styles = [
    theme,
    css`
      .code {
        font-size: 3rem;
        font-weight: 800;
        letter-spacing: 0.3em;
        text-align: center;
        font-variant-numeric: tabular-nums;
        margin: 0;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) pairing?: PairingView;
  @property({ attribute: false }) now = Date.now();

  override render() {
    const pairing = this.pairing;
    if (!pairing) return nothing;
    const t = (text: { zh: string; en: string }) => text[this.locale];
    const waiting = pairing.phase === 'awaiting-tap' || pairing.phase === 'awaiting-confirm';
    const seconds = pairing.expiresAt ? Math.max(0, Math.ceil((Date.parse(pairing.expiresAt) - this.now) / 1000)) : 0;
    if (!waiting) {
      return html`<div class="card"><button type="button" @click=${() => this.dispatchEvent(new PhoneActionEvent('start-again'))}>${t(T.startAgain)}</button></div>`;
    }
    return html`<section class="card" aria-labelledby="code-label">
      <h2 id="code-label">${t(T.yourCode)}</h2>
      <p class="code" data-code=${pairing.code ?? ''} aria-label=${(pairing.code ?? '').split('').join(' ')}>${pairing.code}</p>
      <p>${t(T.secondsLeft)}: ${seconds} s</p>
      <button type="button" @click=${() => this.dispatchEvent(new PhoneActionEvent('cancel-pairing'))}>${t(T.cancel)}</button>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pairing-card': PairingCard;
  }
}
