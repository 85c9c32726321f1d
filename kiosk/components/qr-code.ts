/**
 * A QR code drawn as one SVG path (qrcode's matrix, no canvas), crisp at any size.
 * @csspart svg - the code itself
 */
import { LitElement, css, svg, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import QRCode from 'qrcode';

/** Quiet zone of 4 modules (ISO/IEC 18004 §7.3.7). */
const QUIET = 4;

function pathFor(value: string): { d: string; size: number } {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
    }
  }
  return { d, size: modules.size + 2 * QUIET };
}

@customElement('qr-code')
export class QrCode extends LitElement {
  static override styles = css`
    :host {
      display: block;
      aspect-ratio: 1;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
  `;

  /** The text to encode. */
  @property() value = '';
  /** Accessible name of the image. */
  @property() label = '';

  private path?: { d: string; size: number };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.path = this.value ? pathFor(this.value) : undefined;
  }

  override render() {
    if (!this.path) return nothing;
    const { d, size } = this.path;
    return html`<svg part="svg" role="img" aria-label=${this.label} viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">
      ${svg`<rect width=${size} height=${size} fill="#fff"/><path d=${d} fill="#000"/>`}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qr-code': QrCode;
  }
}
