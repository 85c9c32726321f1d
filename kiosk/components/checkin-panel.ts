/**
 * The always-visible rotating check-in QR with its countdown ring and caption
 * (扫码签到 / Scan to check in). Purely presentational: the code comes in as a URL.
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { theme } from './theme.ts';
import './qr-code.ts';

const RING_RADIUS = 46;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

@customElement('checkin-panel')
@localized()
export class CheckinPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.75rem;
        background: var(--card);
        border-radius: var(--radius);
        padding: 1.5rem;
        box-shadow: 0 2px 12px rgb(0 0 0 / 12%);
      }
      .code {
        position: relative;
        width: min(100%, 24rem);
      }
      qr-code {
        width: 100%;
      }
      .caption {
        font-size: 1.8rem;
        font-weight: 700;
      }
      .countdown {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-size: 1.1rem;
        color: var(--ink-soft);
      }
      .ring {
        width: 2.6rem;
        height: 2.6rem;
        transform: rotate(-90deg);
      }
    `,
  ];

  /** The full check-in URL to encode; empty while the first code is computed. */
  @property() url = '';
  @property({ type: Number }) secondsLeft = 0;
  @property({ type: Number }) periodSeconds = 10;

  override render() {
    const fraction = this.periodSeconds > 0 ? Math.max(0, Math.min(1, this.secondsLeft / this.periodSeconds)) : 0;
    const seconds = this.secondsLeft;
    return html`
      <div class="code"><qr-code rotating .value=${this.url} .label=${msg('Check-in QR code', { id: 'checkin.qrLabel' })}></qr-code></div>
      <p class="caption">${msg('Scan to check in', { id: 'checkin.caption' })}</p>
      <div class="countdown" role="timer" aria-live="off">
        <svg class="ring" viewBox="0 0 100 100" aria-hidden="true">
          ${svg`<circle cx="50" cy="50" r=${RING_RADIUS} fill="none" stroke="#d8d3c8" stroke-width="8"/>
          <circle cx="50" cy="50" r=${RING_RADIUS} fill="none" stroke="#0b4f8a" stroke-width="8" stroke-linecap="round"
            stroke-dasharray=${RING_LENGTH} stroke-dashoffset=${RING_LENGTH * (1 - fraction)}/>`}
        </svg>
        <span>${msg(str`New code in ${seconds} s`, { id: 'checkin.countdown' })}</span>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkin-panel': CheckinPanel;
  }
}
