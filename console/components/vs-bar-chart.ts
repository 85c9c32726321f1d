/**
 * A horizontal bar chart drawn as inline SVG, with every value written beside its bar
 * and the same figures as a table below it: nothing is told by colour or length alone,
 * and a screen reader reads the table (the SVG is hidden from it).
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';

export interface BarDatum {
  label: string;
  value: number;
  /** The value as people read it, e.g. "12.5 h". */
  text: string;
}

const ROW = 28;
const LABEL_WIDTH = 180;
const BAR_WIDTH = 360;

@customElement('vs-bar-chart')
export class VsBarChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    figcaption {
      font-weight: 700;
      margin-bottom: 0.25rem;
    }
    svg {
      max-width: 100%;
      height: auto;
      font: 14px system-ui, 'Noto Sans CJK SC', sans-serif;
    }
    table {
      border-collapse: collapse;
      margin-top: 0.5rem;
    }
    th,
    td {
      border: 1px solid #8a8f98;
      padding: 0.15rem 0.5rem;
      text-align: start;
    }
    td {
      text-align: end;
    }
  `;

  @property() caption = '';
  @property() labelHeader = '';
  @property() valueHeader = '';
  @property({ attribute: false }) data: BarDatum[] = [];

  override render() {
    const max = Math.max(1, ...this.data.map((d) => d.value));
    const height = Math.max(1, this.data.length) * ROW + 4;
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      <svg viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 90} ${height}" width=${LABEL_WIDTH + BAR_WIDTH + 90} aria-hidden="true" part="chart">
        ${this.data.map((d, i) => {
          const y = i * ROW + 4;
          const width = Math.max(1, (d.value / max) * BAR_WIDTH);
          return svg`<text x=${LABEL_WIDTH - 8} y=${y + 16} text-anchor="end" fill="#1b1f24">${d.label}</text>
            <rect x=${LABEL_WIDTH} y=${y} width=${width} height=${ROW - 8} fill="#0b4f8a" stroke="#1b1f24"/>
            <text x=${LABEL_WIDTH + width + 6} y=${y + 16} fill="#1b1f24">${d.text}</text>`;
        })}
      </svg>
      <table>
        <thead>
          <tr><th scope="col">${this.labelHeader}</th><th scope="col">${this.valueHeader}</th></tr>
        </thead>
        <tbody>
          ${this.data.map((d) => html`<tr><th scope="row">${d.label}</th><td>${d.text}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-bar-chart': VsBarChart;
  }
}
