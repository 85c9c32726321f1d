/**
 * One station's row: a template function, not an element, so that the virtualised
 * list can reuse the same DOM for whichever stations are in view.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing, type TemplateResult } from 'lit';
import { readerStateText } from '../data/alerts.ts';
import { getLocale } from '../locales/localization.ts';
import { commandLabel, type CommandRequest } from '../data/commands.ts';
import { formatAgo, formatClockTime, formatDuration } from '../data/format.ts';
import type { KioskView, StationRow } from '../data/fleet-rows.ts';

/** Fixed, so the list can place row N at N × height without measuring. */
export const ROW_HEIGHT_PX = 132;

export type CommandName = CommandRequest['cmd'];

/** `ariaRowIndex` counts from 1 with the header, so a screen reader knows where in 2,000 rows it is. */
export function renderStationRow(row: StationRow, ariaRowIndex: number, now: number, onCommand: (stationId: string, cmd: CommandName) => void): TemplateResult {
  const { station } = row;
  const alertClass = row.alerts.length > 0 ? 'row has-alerts' : 'row';
  return html`<div class=${alertClass} role="row" aria-rowindex=${ariaRowIndex} data-station-row=${row.stationId} data-site=${row.siteId ?? ''}>
    <div role="cell" class="cell station">
      <strong class="station-id">${row.stationId}</strong>
      <span class="muted">${row.siteId ?? msg('site unknown', { id: 'console.row.siteUnknown' })}</span>
      ${stateBadge(msg('Station', { id: 'console.col.station' }), station.state)}
      <span class="muted">${station.state === 'online' ? seenText(station.lastSeenAt, now) : lastSeenText(station.lastSeenAt, now)}</span>
    </div>
    <div role="cell" class="cell kiosk">${row.kiosks.length === 0 ? html`<span class="muted">${msg('no kiosk reported', { id: 'console.row.noKiosk' })}</span>` : row.kiosks.map((k) => kioskCell(k, now))}</div>
    <div role="cell" class="cell reader">
      ${row.reader
        ? html`<span>${row.reader.driver}</span><span class=${row.reader.state === 'connected' ? 'ok' : 'bad'} data-reader-state=${row.reader.state}>${readerStateText(row.reader.state)}</span>`
        : html`<span class="muted">—</span>`}
      <span class="muted" title=${msg('last check-in', { id: 'console.row.lastCheckInTitle' })}>${row.lastCheckInAt === undefined
        ? msg('no check-in yet', { id: 'console.row.noCheckIn' })
        : msg(str`last check-in ${formatClockTime(row.lastCheckInAt, now, getLocale())}`, { id: 'console.row.lastCheckIn' })}</span>
    </div>
    <div role="cell" class="cell outbox">
      ${row.outbox
        ? html`<span data-outbox-pending>${msg(str`${row.outbox.pending} pending`, { id: 'console.row.pending' })}</span>
            <span class="muted">${row.outbox.oldestAt === undefined ? '' : msg(str`oldest ${formatDuration(now - row.outbox.oldestAt)}`, { id: 'console.row.oldest' })}</span>`
        : html`<span class="muted">—</span>`}
      <span class="muted">${msg(str`agent ${row.agentVersion ?? '?'}`, { id: 'console.row.agent' })}</span>
    </div>
    <div role="cell" class="cell alerts">
      ${row.alerts.length === 0 ? html`<span class="ok">${msg('OK', { id: 'console.row.ok' })}</span>` : html`<ul>${row.alerts.map((a) => html`<li data-alert=${a.kind}>${a.message}</li>`)}</ul>`}
    </div>
    <div role="cell" class="cell actions">
      ${commandButton(row.stationId, 'identify', msg('Identify', { id: 'console.btn.identify' }), onCommand)}
      ${commandButton(row.stationId, 'reload', msg('Reload', { id: 'console.btn.reload' }), onCommand)}
      ${commandButton(row.stationId, 'announce', msg('Announce…', { id: 'console.btn.announce' }), onCommand)}
      ${commandButton(row.stationId, 'clear-announcement', msg('Clear', { id: 'console.btn.clear' }), onCommand)}
      ${commandButton(row.stationId, 'screenshot', msg('Screenshot', { id: 'console.btn.screenshot' }), onCommand)}
      ${row.reader?.driver === 'simulated' ? commandButton(row.stationId, 'simulate-tap', msg('Simulate tap…', { id: 'console.btn.simulateTap' }), onCommand) : nothing}
    </div>
  </div>`;
}

function kioskCell(kiosk: KioskView, now: number): TemplateResult {
  return html`<div class="kiosk-line" data-kiosk=${kiosk.kioskId}>
    <span>${kiosk.kioskId}</span> ${kiosk.state === 'online' && kiosk.display === 'sleeping'
      ? sleepingBadge(msg('Kiosk', { id: 'console.col.kiosk' }))
      : stateBadge(msg('Kiosk', { id: 'console.col.kiosk' }), kiosk.state)}
    <span class="muted">${kiosk.state === 'online' ? seenText(kiosk.lastSeenAt, now) : lastSeenText(kiosk.lastSeenAt, now)}</span>
    <span class="muted">${msg(str`app ${kiosk.appVersion ?? '?'} · SW ${kiosk.serviceWorker ?? '?'}`, { id: 'console.row.appSw' })}</span>
    <span class="muted">${kiosk.contentUpdatedAt === undefined
      ? msg('content none', { id: 'console.row.contentNone' })
      : msg(str`content ${formatDuration(now - kiosk.contentUpdatedAt)} old`, { id: 'console.row.contentAge' })}</span>
  </div>`;
}

function stateBadge(what: string, state: 'online' | 'offline' | 'unknown'): TemplateResult {
  const text = presenceText(state);
  return html`<span class="badge ${state}" data-state=${state} aria-label="${what} ${text}">${text}</span>`;
}

/** Online with its screen dark outside opening hours (issue 14): not a fault, so not red. */
function sleepingBadge(what: string): TemplateResult {
  const text = msg('sleeping', { id: 'console.state.sleeping' });
  return html`<span class="badge sleeping" data-state="online" data-display="sleeping" aria-label="${what} ${text}">${text}</span>`;
}

function presenceText(state: 'online' | 'offline' | 'unknown'): string {
  if (state === 'online') return msg('online', { id: 'console.state.online' });
  if (state === 'offline') return msg('offline', { id: 'console.state.offline' });
  return msg('unknown', { id: 'console.state.unknown' });
}

function seenText(lastSeenAt: number | undefined, now: number): string {
  return msg(str`seen ${formatAgo(lastSeenAt, now)}`, { id: 'console.row.seen' });
}

function lastSeenText(lastSeenAt: number | undefined, now: number): string {
  return lastSeenAt === undefined
    ? msg('last seen unknown', { id: 'console.row.lastSeenUnknown' })
    : msg(str`last seen ${formatAgo(lastSeenAt, now)}`, { id: 'console.row.lastSeen' });
}

function commandButton(stationId: string, cmd: CommandName, label: string, onCommand: (stationId: string, cmd: CommandName) => void): TemplateResult {
  const fullName = `${commandLabel(cmd)} ${stationId}`;
  return html`<button type="button" data-command=${cmd} title=${fullName} aria-label=${fullName} @click=${() => onCommand(stationId, cmd)}>${label}</button>`;
}

export const stationRowStyles = css`
  .row {
    display: grid;
    grid-template-columns: 13rem 1.6fr 1fr 1fr 1.6fr 15rem;
    gap: 0.75rem;
    height: ${ROW_HEIGHT_PX}px;
    box-sizing: border-box;
    padding: 0.5rem 1rem;
    border-bottom: 1px solid #d0d4da;
    overflow: hidden;
    background: #fff;
  }
  .row.has-alerts {
    background: #fff4f2;
    /* A shadow, not a border, so the columns stay aligned with the header. */
    box-shadow: inset 6px 0 0 #b3261e;
  }
  .cell {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    min-width: 0;
    overflow: hidden;
  }
  .cell > span,
  .kiosk-line > span {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .station-id {
    font-size: 1.2rem;
  }
  .muted {
    color: #4a5260;
    font-size: 0.95rem;
  }
  .badge {
    align-self: flex-start;
    padding: 0 0.5rem;
    border-radius: 0.3rem;
    font-weight: 600;
    color: #fff;
  }
  .badge.online {
    background: #1e6b34;
  }
  .badge.offline {
    background: #b3261e;
  }
  .badge.sleeping {
    background: #2c3e66;
  }
  .badge.unknown {
    background: #5f6672;
  }
  .kiosk-line {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.5rem;
  }
  .ok {
    color: #1e6b34;
    font-weight: 600;
  }
  .bad {
    color: #b3261e;
    font-weight: 600;
  }
  .alerts ul {
    margin: 0;
    padding-left: 1.1rem;
    color: #8c1d18;
  }
  .actions {
    flex-direction: row;
    flex-wrap: wrap;
    align-content: flex-start;
    gap: 0.3rem;
  }
  .actions button {
    font: inherit;
    font-size: 0.9rem;
    padding: 0.2rem 0.5rem;
    cursor: pointer;
  }
`;
