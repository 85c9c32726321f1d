/**
 * The top bar: back to home, connection state, the language switch (中文 / EN) and
 * the large-text switch.
 * @fires navigate - NavigateEvent to `home`
 * @fires locale-change - CustomEvent<'zh-CN' | 'en'>
 * @fires large-text-change - CustomEvent<boolean>
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { ConnectionState } from '../controllers/connection-controller.ts';
import type { KioskLocale } from '../locales/localization.ts';
import { NavigateEvent } from './events.ts';
import { theme } from './theme.ts';

@customElement('kiosk-toolbar')
@localized()
export class KioskToolbar extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.75rem 2rem;
        background: var(--card);
        border-bottom: 1px solid var(--line);
      }
      button {
        min-height: var(--touch-primary);
        min-width: var(--touch-primary);
        padding: 0 1.2rem;
        border-radius: 0.75rem;
        border: 2px solid var(--primary);
        background: var(--card);
        color: var(--primary);
        font-size: 1.25rem;
        font-weight: 700;
      }
      button[aria-pressed='true'] {
        background: var(--primary);
        color: var(--primary-ink);
      }
      .spacer {
        flex: 1;
      }
      .state {
        font-size: 1.1rem;
        color: var(--ink-soft);
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      .state::before {
        content: '';
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 50%;
        background: var(--dot, var(--warn));
      }
      .state[data-state='connected'] {
        --dot: var(--ok);
      }
      .group {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  @property() locale: KioskLocale = 'zh-CN';
  @property({ type: Boolean }) largeText = false;
  @property({ type: Boolean }) showHome = false;
  @property() connection: ConnectionState = 'reconnecting';

  private connectionText(): string {
    if (this.connection === 'connected') return msg('Online', { id: 'conn.online' });
    if (this.connection === 'reconnecting') return msg('Connecting…', { id: 'conn.reconnecting' });
    return msg('Offline: check-in still works', { id: 'conn.offline' });
  }

  private setLocale(locale: KioskLocale) {
    this.dispatchEvent(new CustomEvent('locale-change', { detail: locale, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      ${this.showHome
        ? html`<button @click=${() => this.dispatchEvent(new NavigateEvent('home'))}>← ${msg('Home', { id: 'nav.home' })}</button>`
        : nothing}
      <span class="state" data-state=${this.connection}>${this.connectionText()}</span>
      <span class="spacer"></span>
      <div class="group" role="group" aria-label=${msg('Language', { id: 'toolbar.language' })}>
        <button lang="zh-CN" aria-pressed=${this.locale === 'zh-CN'} @click=${() => this.setLocale('zh-CN')}>中文</button>
        <button lang="en" aria-pressed=${this.locale === 'en'} @click=${() => this.setLocale('en')}>EN</button>
      </div>
      <button
        aria-pressed=${this.largeText}
        @click=${() => this.dispatchEvent(new CustomEvent('large-text-change', { detail: !this.largeText, bubbles: true, composed: true }))}
      >
        ${msg('Large text', { id: 'toolbar.largeText' })}
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-toolbar': KioskToolbar;
  }
}
