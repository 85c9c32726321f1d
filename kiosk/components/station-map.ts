/**
 * A simple offline map drawn from the stations' coordinates (SVG, no tile server):
 * a dot per station, this kiosk marked "You are here", the selected one highlighted.
 * @fires station-select - CustomEvent<string> with the stationId of a tapped dot
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { DirectoryStation } from '../../shared/index.ts';
import { projectToBox } from '../../shared/geo.ts';
import { localized as pick } from '../locales/localization.ts';

const WIDTH = 600;
const HEIGHT = 400;

@customElement('station-map')
@localized()
export class StationMap extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
      background: #e9efe6;
      border-radius: 1rem;
      border: 1px solid #c9c4b8;
    }
    text {
      font-size: 16px;
      font-family: inherit;
      fill: #17202a;
    }
    .station {
      cursor: pointer;
    }
  `;

  @property({ attribute: false }) stations: readonly DirectoryStation[] = [];
  @property() hereId = '';
  @property() selectedId = '';

  override render() {
    const points = projectToBox(
      this.stations.map((s) => s.location),
      WIDTH,
      HEIGHT,
      40,
    );
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${msg('Map of volunteer stations', { id: 'stations.map' })}>
      ${this.stations.map((station, i) => {
        const p = points[i]!;
        const here = station.stationId === this.hereId;
        const selected = station.stationId === this.selectedId;
        const fill = here ? '#a3161a' : selected ? '#0b4f8a' : '#3d4852';
        return svg`<g class="station" @click=${() => this.dispatchEvent(new CustomEvent('station-select', { detail: station.stationId }))}>
          <circle cx=${p.x} cy=${p.y} r=${selected || here ? 14 : 10} fill=${fill} stroke="#fff" stroke-width="3"/>
          <text x=${p.x + 18} y=${p.y + 6}>${here ? msg('You are here', { id: 'stations.here' }) : pick(station.name)}</text>
        </g>`;
      })}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'station-map': StationMap;
  }
}
