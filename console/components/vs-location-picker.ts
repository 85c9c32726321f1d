/**
 * Where a station is, on the same schematic map the kiosks draw (shared/geo.ts, no tile
 * server): the site's other stations as grey dots, this one as a red pin. A click on the
 * map moves the pin there; with the map focused, the arrow keys move it 25 m at a time.
 * The frame is fixed from the published places, so the map does not slide under the
 * pointer while the pin moves. The coordinates themselves are the station editor's
 * latitude and longitude fields; this only draws and picks.
 * @fires location-pick - CustomEvent<LatLon>, rounded to 6 decimals (about 10 cm)
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DirectoryStation } from '../../shared/index.ts';
import { distanceMetres, mapFrame, type LatLon } from '../../shared/geo.ts';
import { say } from './field-problems.ts';

const WIDTH = 600;
const HEIGHT = 400;
const MARGIN = 40;
/** One station alone is shown in about 2 km of its neighbourhood. */
const MIN_SPAN_METRES = 2_000;
const KEY_STEP_METRES = 25;
/** Further than this from the published place is more likely a typo than a move. */
const FAR_METRES = 5_000;
const METRES_PER_DEGREE_LAT = 111_195;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

@localized()
@customElement('vs-location-picker')
export class VsLocationPicker extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 36rem;
    }
    svg {
      width: 100%;
      height: auto;
      background: #e9efe6;
      border: 1px solid #6b7280;
      border-radius: 0.5rem;
      cursor: crosshair;
      touch-action: none;
    }
    svg:focus-visible {
      outline: 3px solid #0b4f8a;
      outline-offset: 2px;
    }
    text {
      font-size: 16px;
      fill: #17202a;
    }
    .hint,
    .moved {
      margin: 0.25rem 0;
    }
    .far {
      color: #8a4b00;
      font-weight: 700;
    }
  `;

  /** The site's stations as published: the frame and the grey dots. */
  @property({ attribute: false }) stations: readonly DirectoryStation[] = [];
  @property() stationId = '';
  /** The draft's place; undefined while the fields cannot be read. */
  @property({ attribute: false }) value?: LatLon;

  private get published(): LatLon | undefined {
    return this.stations.find((s) => s.stationId === this.stationId)?.location;
  }

  private frame() {
    return mapFrame(
      this.stations.map((s) => s.location),
      WIDTH,
      HEIGHT,
      MARGIN,
      MIN_SPAN_METRES,
    );
  }

  private pick(place: LatLon): void {
    this.dispatchEvent(new CustomEvent<LatLon>('location-pick', { detail: { lat: round6(place.lat), lon: round6(place.lon) }, bubbles: true, composed: true }));
  }

  private mapClick(event: MouseEvent): void {
    const target = event.currentTarget as SVGSVGElement;
    const matrix = target.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    this.pick(this.frame().unproject({ x: point.x, y: point.y }));
  }

  private key(event: KeyboardEvent): void {
    const from = this.value ?? this.published;
    if (!from) return;
    const dLat = KEY_STEP_METRES / METRES_PER_DEGREE_LAT;
    const dLon = dLat / Math.cos((from.lat * Math.PI) / 180);
    const step: Partial<Record<string, LatLon>> = {
      ArrowUp: { lat: from.lat + dLat, lon: from.lon },
      ArrowDown: { lat: from.lat - dLat, lon: from.lon },
      ArrowRight: { lat: from.lat, lon: from.lon + dLon },
      ArrowLeft: { lat: from.lat, lon: from.lon - dLon },
    };
    const next = step[event.key];
    if (!next) return;
    event.preventDefault();
    this.pick(next);
  }

  override render() {
    const frame = this.frame();
    const published = this.published;
    const moved = published && this.value ? Math.round(distanceMetres(published, this.value)) : 0;
    const pin = this.value ? frame.project(this.value) : undefined;
    return html`<svg
        viewBox="0 0 ${WIDTH} ${HEIGHT}"
        tabindex="0"
        role="application"
        aria-roledescription=${msg('map', { id: 'console.location.map' })}
        aria-label=${msg('Station location on the map. Click to move the pin, or use the arrow keys.', { id: 'console.location.label' })}
        @click=${this.mapClick}
        @keydown=${this.key}
        data-location-map
      >
        ${this.stations
          .filter((s) => s.stationId !== this.stationId)
          .map((s) => {
            const p = frame.project(s.location);
            return svg`<g data-neighbour=${s.stationId}><circle cx=${p.x} cy=${p.y} r="9" fill="#3d4852" stroke="#fff" stroke-width="3"/>
              <text x=${p.x + 14} y=${p.y + 6}>${say(s.name)}</text></g>`;
          })}
        ${pin
          ? svg`<g data-pin><path d="M ${pin.x} ${pin.y} l -11 -24 a 12 12 0 1 1 22 0 z" fill="#a3161a" stroke="#fff" stroke-width="2"/>
              <circle cx=${pin.x} cy=${pin.y - 30} r="4" fill="#fff"/></g>`
          : nothing}
      </svg>
      <p class="hint">${msg('Click on the map to move the pin, or type the coordinates.', { id: 'console.location.hint' })}</p>
      ${moved > 0
        ? html`<p class="moved ${moved > FAR_METRES ? 'far' : ''}" role="status" data-location-moved>
            ${moved > FAR_METRES
              ? msg(str`${(moved / 1000).toFixed(1)} km from where it is now: check the coordinates before publishing.`, { id: 'console.location.far' })
              : msg(str`Moved ${moved} m from where it is now.`, { id: 'console.location.moved' })}
          </p>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-location-picker': VsLocationPicker;
  }
}
