/** `identify`: the station id full screen, so a technician can find this kiosk. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';

@customElement('identify-overlay')
@localized()
export class IdentifyOverlay extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 30;
      display: grid;
      place-content: center;
      text-align: center;
      background: #111;
      color: #fff;
      animation: flash 1s steps(2) infinite;
    }
    p {
      font-size: 2rem;
      margin: 0;
    }
    strong {
      font-size: 8rem;
      font-family: ui-monospace, monospace;
    }
    @keyframes flash {
      50% {
        background: #0b4f8a;
      }
    }
  `;

  @property() stationId = '';
  @property() kioskId = '';

  override render() {
    return html`<div role="alert">
      <p>${msg('This kiosk is', { id: 'identify.label' })}</p>
      <strong>${this.stationId}</strong>
      <p>${this.kioskId}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'identify-overlay': IdentifyOverlay;
  }
}
