/**
 * The screen outside the display schedule: black, with one large dim hint in both
 * languages so nobody takes it for a broken kiosk. The hint drifts slowly, so no
 * pixel shows the same thing all night.
 *
 * @fires wake - the screen was touched
 */
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';

@customElement('sleep-screen')
export class SleepScreen extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      /* Over the tap overlay (20), under the prompts a card tap opens (25+) and identify (30). */
      z-index: 24;
      display: block;
      background: #000;
    }
    button {
      all: unset;
      box-sizing: border-box;
      width: 100%;
      height: 100%;
      display: grid;
      place-content: center;
      text-align: center;
      cursor: pointer;
      color: #808080;
    }
    .hint {
      animation: drift 240s ease-in-out infinite alternate;
    }
    .zh {
      display: block;
      font-size: 4rem;
    }
    .en {
      display: block;
      font-size: 2.5rem;
      margin-top: 0.5rem;
    }
    @keyframes drift {
      from {
        transform: translate(-15vw, -20vh);
      }
      to {
        transform: translate(15vw, 20vh);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .hint {
        animation: none;
      }
    }
  `;

  override render() {
    // Both languages at once: whoever walks up reads their own, whatever the kiosk's locale.
    return html`<button @click=${() => this.dispatchEvent(new CustomEvent('wake', { bubbles: true, composed: true }))}>
      <span class="hint"><span class="zh" lang="zh-CN">触摸屏幕唤醒</span><span class="en" lang="en">Touch to wake</span></span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sleep-screen': SleepScreen;
  }
}
