/**
 * A QR code drawn as one SVG path (qrcode's matrix, no canvas), crisp at any size. The
 * matrix is computed off the main thread (data/qr-paths.ts), so a new value shows a few
 * milliseconds later: until then a `rotating` code keeps the previous one up (a check-in
 * code stays valid past its period), any other shows none rather than a stale one.
 * @fires qr-drawn - (bubbles, composed) a new path is drawn
 * @csspart svg - the code itself
 */
import { LitElement, css, svg, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { qrPath } from '../data/qr-paths.ts';
import type { QrPath } from './qr-path.ts';

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
  /** A code that replaces itself (the check-in code): keep the previous one up until the next is drawn. */
  @property({ type: Boolean }) rotating = false;

  @state() private path?: QrPath;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('value')) return;
    const value = this.value;
    if (!value || !this.rotating) this.path = undefined;
    if (!value) return;
    qrPath(value).then(
      (path) => {
        // A newer value may have been asked for meanwhile: only its own path is drawn.
        if (this.value === value) this.path = path;
      },
      (err: unknown) => {
        console.warn(`kiosk: no QR code for a ${value.length}-character value:`, err instanceof Error ? err.message : err);
        if (this.value === value) this.path = undefined;
      },
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    // `path` is private state: PropertyValues<this> only names the public properties.
    if ((changed as Map<PropertyKey, unknown>).has('path') && this.path) this.dispatchEvent(new Event('qr-drawn', { bubbles: true, composed: true }));
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
