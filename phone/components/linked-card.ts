/**
 * A linked phone: to whom (masked name and number), how check-ins are confirmed, the
 * check-in button when the page came from a station code, adding a passkey, unlinking.
 * @fires phone-action - `check-in`, `add-passkey` or `unlink`
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PhoneStateReply } from '../../shared/index.ts';
import { T, type PhoneLang } from '../data/strings.ts';
import { PhoneActionEvent } from './events.ts';
import { theme } from './theme.ts';

type Linked = Extract<PhoneStateReply, { linked: true }>;

@customElement('linked-card')
export class LinkedCard extends LitElement {
  static override styles = [
    theme,
    css`
      .who {
        font-size: 1.2rem;
        font-weight: 700;
      }
      .quiet {
        color: var(--ink-soft);
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) me?: Linked;
  @property({ type: Boolean }) canCheckIn = false;
  @property({ type: Boolean }) offerPasskey = false;
  @property({ type: Boolean }) busy = false;

  private act(action: 'check-in' | 'add-passkey' | 'unlink'): void {
    if (action === 'unlink' && !window.confirm(T.unlinkConfirm[this.locale])) return;
    this.dispatchEvent(new PhoneActionEvent(action));
  }

  override render() {
    const me = this.me;
    if (!me) return nothing;
    const t = (text: { zh: string; en: string }) => text[this.locale];
    return html`
      ${this.canCheckIn
        ? html`<button class="primary" id="check-in" type="button" ?disabled=${this.busy} @click=${() => this.act('check-in')}>
            ${this.busy ? t(T.checkingIn) : t(T.checkIn)}
          </button>`
        : html`<p>${t(T.scanToCheckIn)}</p>`}
      <section class="card">
        <p>${t(T.linkedTo)}</p>
        <p class="who">${me.displayName} · ${me.volunteerId}</p>
        <p class="quiet">${me.credential === 'passkey' ? t(T.withPasskey) : t(T.withDeviceKey)}</p>
        ${this.offerPasskey
          ? html`<p>${t(T.addPasskeyHint)}</p>
              <button id="add-passkey" type="button" ?disabled=${this.busy} @click=${() => this.act('add-passkey')}>${t(T.addPasskey)}</button>`
          : nothing}
        <button id="unlink" type="button" ?disabled=${this.busy} @click=${() => this.act('unlink')}>${t(T.unlink)}</button>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'linked-card': LinkedCard;
  }
}
