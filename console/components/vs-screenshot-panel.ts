/**
 * What a kiosk's screen showed, on request (protocol v2 screenshots): the last thumbnail
 * a station sent, with when it was taken, or why there is none. The picture comes from
 * the station's screen watchdog over MQTT; it is held in memory only, never stored.
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ScreenshotReply } from '../../shared/index.ts';
import { formatClockTime, formatDuration } from '../data/format.ts';
import { getLocale } from '../locales/localization.ts';

/** The panel's subject: a station, the request waiting for an answer, and the last answer. */
export interface ScreenshotView {
  stationId: string;
  /** Set from the click until the answer to that request arrives. */
  waitingSince?: number;
  last?: ScreenshotReply;
}

/** After this long without an answer the panel says so (the request stays valid). */
export const SCREENSHOT_PATIENCE_MS = 20_000;

/** @fires close - Event: the manager closed the panel. */
@localized()
@customElement('vs-screenshot-panel')
export class VsScreenshotPanel extends LitElement {
  @property({ attribute: false }) view?: ScreenshotView;
  @property({ type: Number }) now = Date.now();
  @query('dialog') private dialog!: HTMLDialogElement;

  static override styles = css`
    dialog {
      font-size: 1.2rem;
      max-width: min(90vw, 60rem);
      border: 0;
      border-radius: 0.6rem;
      box-shadow: 0 0.5rem 2rem #0006;
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.4rem;
    }
    img {
      display: block;
      max-width: 100%;
      height: auto;
      border: 1px solid #6e7781;
    }
    .meta {
      margin: 0.5rem 0;
    }
    .note {
      background: #fff8c5;
      padding: 0.4rem 0.6rem;
    }
    .bad {
      color: #a40e26;
    }
    button {
      font: inherit;
      min-height: 44px;
      padding: 0 1.2rem;
    }
  `;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('view')) return;
    if (this.view && !this.dialog.open) this.dialog.showModal();
    if (!this.view && this.dialog.open) this.dialog.close();
  }

  override render() {
    const view = this.view;
    return html`<dialog aria-labelledby="shot-title" @close=${this.onClose}>
      ${view
        ? html`<h2 id="shot-title">${msg(str`Screen of station ${view.stationId}`, { id: 'console.shot.title' })}</h2>
            ${this.renderWaiting(view)} ${view.last ? this.renderReply(view.last) : nothing}
            <p><button type="button" @click=${() => this.dialog.close()}>${msg('Close', { id: 'console.shot.close' })}</button></p>`
        : nothing}
    </dialog>`;
  }

  private renderWaiting(view: ScreenshotView) {
    if (view.waitingSince === undefined) return nothing;
    if (this.now - view.waitingSince < SCREENSHOT_PATIENCE_MS) {
      return html`<p role="status" data-shot-waiting>${msg('Asking the station for a picture of its screen…', { id: 'console.shot.waiting' })}</p>`;
    }
    return html`<p role="status" class="bad" data-shot-waiting>
      ${msg('No answer yet: the station may be offline, or its agent has no screen watchdog of this version.', { id: 'console.shot.noAnswer' })}
    </p>`;
  }

  private renderReply(reply: ScreenshotReply) {
    const at = Date.parse(reply.at);
    const when = msg(str`Taken at ${formatClockTime(at, this.now, getLocale())} (${formatDuration(Math.max(0, this.now - at))} ago)`, { id: 'console.shot.takenAt' });
    if (!reply.ok) {
      const why =
        reply.error === 'no-watchdog'
          ? msg('This station has no screen watchdog, so it cannot take a picture. Add a "screen" block to its agent.json.', { id: 'console.shot.noWatchdog' })
          : msg(str`The station could not take a picture: ${reply.detail ?? 'no detail'}`, { id: 'console.shot.failed' });
      return html`<p class="bad" data-shot-error=${reply.error}>${why}</p>
        <p class="meta">${when}</p>`;
    }
    const kiosk = reply.kioskId ?? reply.stationId;
    return html`<img
        data-shot
        src="data:image/jpeg;base64,${reply.image.data}"
        width=${reply.image.width}
        height=${reply.image.height}
        alt=${msg(str`Screen of kiosk ${kiosk} at ${reply.at}`, { id: 'console.shot.alt' })}
      />
      <p class="meta" data-shot-time>${when}</p>
      ${reply.blurred
        ? html`<p class="note" data-shot-blurred>${msg("Blurred: a volunteer's result or a prompt was on the screen.", { id: 'console.shot.blurred' })}</p>`
        : nothing}`;
  }

  private onClose(): void {
    this.dispatchEvent(new Event('close'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-screenshot-panel': VsScreenshotPanel;
  }
}
