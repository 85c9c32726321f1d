/**
 * The certificate's QR code to its verify page: qrcode's matrix drawn as one SVG path,
 * black on white, so it prints crisp and scans from paper.
 */
import { LitElement, css, html, svg, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import QRCode from 'qrcode';

/** Quiet zone of 4 modules (ISO/IEC 18004 §7.3.7). */
const QUIET = 4;

@customElement('verify-qr')
export class VerifyQr extends LitElement {
  static override styles = css`
    :host {
      display: block;
      width: 9rem;
      aspect-ratio: 1;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
  `;

  @property() value = '';
  @property() label = '';
  private path?: { d: string; size: number };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('value')) return;
    if (!this.value) {
      this.path = undefined;
      return;
    }
    const { modules } = QRCode.create(this.value, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
    this.path = { d, size: modules.size + 2 * QUIET };
  }

  override render() {
    if (!this.path) return nothing;
    const { d, size } = this.path;
    return html`<svg role="img" aria-label=${this.label} viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">
      ${svg`<rect width=${size} height=${size} fill="#fff"/><path d=${d} fill="#000"/>`}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'verify-qr': VerifyQr;
  }
}
