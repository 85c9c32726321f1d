/** Connection state, fleet counts and the site filter above the station list. */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState } from '../controllers/broker-connection-controller.ts';
import './vs-locale-switch.ts';

/**
 * @fires site-change - CustomEvent<string>: the chosen site, '' for every site.
 * @fires sign-out - Event: the manager wants to sign out.
 */
@localized()
@customElement('vs-fleet-toolbar')
export class VsFleetToolbar extends LitElement {
  @property() connection: ConnectionState = 'signed-out';
  @property() username = '';
  @property({ attribute: false }) sites: string[] = [];
  @property() site = '';
  @property({ type: Number }) stationCount = 0;
  @property({ type: Number }) alertCount = 0;
  @property({ type: Number }) invalidCount = 0;
  @property() notice = '';

  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 1rem 2rem;
      padding: 0.75rem 1rem;
      background: #1b1f24;
      color: #fff;
      font-size: 1.15rem;
    }
    h1 {
      font-size: 1.4rem;
      margin: 0;
    }
    .connection.connected {
      color: #8fe0a3;
    }
    .connection.reconnecting {
      color: #ffcf66;
    }
    .alerts {
      color: #ffb4ab;
      font-weight: 700;
    }
    select,
    button {
      font: inherit;
      padding: 0.2rem 0.5rem;
    }
    .spacer {
      flex: 1;
    }
  `;

  override render() {
    return html`<h1>${msg('Fleet console', { id: 'console.title' })}</h1>
      <span class="connection ${this.connection}" data-connection=${this.connection} role="status">${connectionText(this.connection)}</span>
      <span data-station-count>${msg(str`${this.stationCount} stations`, { id: 'console.toolbar.stations' })}</span>
      <span class="alerts" data-alert-count>${msg(str`${this.alertCount} with alerts`, { id: 'console.toolbar.withAlerts' })}</span>
      ${this.invalidCount > 0 ? html`<span title=${msg('see the browser console for reasons', { id: 'console.toolbar.invalidTitle' })}
            >${msg(str`${this.invalidCount} invalid messages ignored`, { id: 'console.toolbar.invalid' })}</span
          >` : ''}
      <label
        >${msg('Site', { id: 'console.toolbar.site' })}
        <select data-site-filter @change=${this.onSiteChange}>
          <option value="" ?selected=${this.site === ''}>${msg('All sites', { id: 'console.toolbar.allSites' })}</option>
          ${this.sites.map((s) => html`<option value=${s} ?selected=${this.site === s}>${s}</option>`)}
        </select>
      </label>
      ${this.notice ? html`<span data-notice>${this.notice}</span>` : ''}
      <span class="spacer"></span>
      <vs-locale-switch></vs-locale-switch>
      <span>${this.username}</span>
      <button type="button" @click=${() => this.dispatchEvent(new Event('sign-out', { bubbles: true, composed: true }))}>${msg('Sign out', { id: 'console.signOut' })}</button>`;
  }

  private onSiteChange(event: Event): void {
    const site = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent<string>('site-change', { detail: site, bubbles: true, composed: true }));
  }
}

function connectionText(state: ConnectionState): string {
  switch (state) {
    case 'connected':
      return `● ${msg('Live', { id: 'console.conn.live' })}`;
    case 'reconnecting':
      return `● ${msg('Reconnecting… (figures may be stale)', { id: 'console.conn.reconnecting' })}`;
    case 'signing-in':
      return `● ${msg('Signing in…', { id: 'console.signingIn' })}`;
    default:
      return `● ${msg('Signed out', { id: 'console.conn.signedOut' })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-fleet-toolbar': VsFleetToolbar;
  }
}
