/**
 * The fleet as a virtualised list: only the rows in view (plus a few either side)
 * are in the DOM, so 2,000 stations scroll as smoothly as 20.
 */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { StationRow } from '../data/fleet-rows.ts';
import { ROW_HEIGHT_PX, renderStationRow, stationRowStyles, type CommandName } from './station-row-view.ts';

/** Rows rendered beyond each edge of the viewport, so fast scrolling does not flash blanks. */
const OVERSCAN_ROWS = 4;

export interface CommandRequestDetail {
  stationId: string;
  cmd: CommandName;
}

/**
 * @fires command-request - CustomEvent<CommandRequestDetail>: a command button was pressed (not yet confirmed).
 */
@localized()
@customElement('vs-station-list')
export class VsStationList extends LitElement {
  @property({ attribute: false }) rows: StationRow[] = [];
  @property({ type: Number }) now = Date.now();
  @state() private listScrollTop = 0;
  @state() private viewportHeight = 800;
  private resizeObserver?: ResizeObserver;

  static override styles = [
    stationRowStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        flex: 1;
      }
      .table {
        display: flex;
        flex-direction: column;
        flex: 1;
        min-height: 0;
      }
      .header {
        display: grid;
        grid-template-columns: 13rem 1.6fr 1fr 1fr 1.6fr 15rem;
        gap: 0.75rem;
        padding: 0.5rem 1rem;
        font-weight: 700;
        border-bottom: 2px solid #1b1f24;
        background: #eef1f5;
      }
      .viewport {
        flex: 1;
        overflow-y: auto;
        position: relative;
        min-height: 0;
      }
      .spacer {
        position: relative;
      }
      .window {
        position: absolute;
        left: 0;
        right: 0;
      }
      .empty {
        padding: 2rem 1rem;
        font-size: 1.2rem;
      }
    `,
  ];

  override firstUpdated(): void {
    const viewport = this.viewport();
    if (!viewport) return;
    this.viewportHeight = viewport.clientHeight || this.viewportHeight;
    this.resizeObserver = new ResizeObserver(() => (this.viewportHeight = viewport.clientHeight));
    this.resizeObserver.observe(viewport);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  /** Scrolls so that a station's row is in view (used by tests and by search). */
  scrollToStation(stationId: string): boolean {
    const index = this.rows.findIndex((row) => row.stationId === stationId);
    const viewport = this.viewport();
    if (index < 0 || !viewport) return false;
    viewport.scrollTop = index * ROW_HEIGHT_PX;
    return true;
  }

  override render() {
    const total = this.rows.length;
    const first = Math.max(0, Math.floor(this.listScrollTop / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
    const last = Math.min(total, Math.ceil((this.listScrollTop + this.viewportHeight) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
    const visible = this.rows.slice(first, last);
    return html`${total === 0 ? html`<p class="empty">${msg('No stations yet. Statuses appear here as soon as stations and kiosks report.', { id: 'console.list.empty' })}</p>` : ''}
      <div class="table" role="table" aria-label=${msg('Stations', { id: 'console.list.label' })} aria-rowcount=${total + 1}>
        <div role="rowgroup">
          <div class="header" role="row" aria-rowindex="1">
            <span role="columnheader">${msg('Station', { id: 'console.col.station' })}</span>
            <span role="columnheader">${msg('Kiosk', { id: 'console.col.kiosk' })}</span>
            <span role="columnheader">${msg('Reader · last check-in', { id: 'console.col.reader' })}</span>
            <span role="columnheader">${msg('Outbox · agent', { id: 'console.col.outbox' })}</span>
            <span role="columnheader">${msg('Alerts', { id: 'console.col.alerts' })}</span>
            <span role="columnheader">${msg('Commands', { id: 'console.col.commands' })}</span>
          </div>
        </div>
        <div class="viewport" role="rowgroup" @scroll=${this.onScroll}>
          <div class="spacer" style="height:${total * ROW_HEIGHT_PX}px">
            <div class="window" style="top:${first * ROW_HEIGHT_PX}px">
              ${visible.map((row, offset) => renderStationRow(row, first + offset + 2, this.now, this.requestCommand))}
            </div>
          </div>
        </div>
      </div>`;
  }

  private readonly onScroll = (event: Event) => {
    this.listScrollTop = (event.target as HTMLElement).scrollTop;
  };

  private readonly requestCommand = (stationId: string, cmd: CommandName) => {
    this.dispatchEvent(new CustomEvent<CommandRequestDetail>('command-request', { detail: { stationId, cmd }, bubbles: true, composed: true }));
  };

  private viewport(): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-station-list': VsStationList;
  }
}
