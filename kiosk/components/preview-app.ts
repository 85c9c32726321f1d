/**
 * Preview mode's shell (`?preview=1`, issue 16): the real kiosk screens with a draft the
 * framing console sends (kiosk/data/preview-draft.ts), under a "预览 · Preview" ribbon so
 * nobody takes it for a live screen. Unlike KioskApp it has no config, no MQTT
 * connection, no service worker, no check-in key and no storage: nothing here can reach
 * or change a real screen. A draft that fails the shared schemas shows its problems.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { announcementFor, PREVIEW_READY, type PreviewDraft } from '../../shared/index.ts';
import { ClockController } from '../controllers/clock-controller.ts';
import { readPreviewMessage } from '../data/preview-draft.ts';
import { getLocale, localized as pick, switchLocale, type KioskLocale } from '../locales/localization.ts';
import type { KioskScreen, NavigateEvent } from './events.ts';
import { dayKey } from './format.ts';
import { theme } from './theme.ts';
import './home-screen.ts';
import './kiosk-toolbar.ts';
import './activities-screen.ts';
import './stations-screen.ts';
import './announcement-banner.ts';

/** No kiosk's id: the preview shows the site-wide announcements, not those meant for named kiosks only. */
const PREVIEW_KIOSK = '';

@customElement('kiosk-preview')
@localized()
export class KioskPreview extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--paper);
        overflow: hidden;
        position: relative;
      }
      main {
        flex: 1;
        min-height: 0;
      }
      .ribbon {
        position: absolute;
        top: 1.6rem;
        right: -4.5rem;
        width: 18rem;
        transform: rotate(35deg);
        background: var(--bad);
        color: #fff;
        text-align: center;
        font-size: 1.5rem;
        font-weight: 700;
        padding: 0.4rem 0;
        pointer-events: none;
        z-index: 10;
      }
      .problems {
        margin: 2rem;
        background: var(--card);
        border-top: 0.75rem solid var(--bad);
        border-radius: var(--radius);
        padding: 1.5rem 2rem;
      }
      .problems h1 {
        font-size: 1.8rem;
        color: var(--bad);
      }
      .problems ul {
        font-family: ui-monospace, monospace;
        font-size: 1.1rem;
        overflow-wrap: anywhere;
      }
      .waiting {
        display: grid;
        place-items: center;
        height: 100%;
        font-size: 1.5rem;
      }
    `,
  ];

  @state() private draft?: PreviewDraft;
  @state() private issues: string[] = [];
  @state() private screen: KioskScreen = 'home';
  @state() private largeText = false;
  private readonly clock = new ClockController(this);

  /** `allowedOrigin`: the only origin whose drafts are shown, the framing console's. */
  constructor(private readonly allowedOrigin: string) {
    super();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.onMessage);
    // Not '*': only the allowed origin may learn that the preview is listening.
    if (window.parent !== window) window.parent.postMessage({ type: PREVIEW_READY }, this.allowedOrigin);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    super.disconnectedCallback();
  }

  private readonly onMessage = (event: MessageEvent): void => {
    const input = readPreviewMessage({ origin: event.origin, data: event.data, fromParent: event.source === window.parent && window.parent !== window }, this.allowedOrigin);
    if (input.kind === 'ignored') {
      console.info(`kiosk preview: ignored a ${input.reason}`);
      return;
    }
    if (input.kind === 'invalid') {
      this.issues = input.issues;
      return;
    }
    this.issues = [];
    // The console's screen buttons win only when they change: a tap inside the preview may have moved on.
    if (this.draft?.screen !== input.draft.screen) this.screen = input.draft.screen;
    this.draft = input.draft;
    if (getLocale() !== input.draft.locale) void switchLocale(input.draft.locale);
  };

  protected override updated(): void {
    document.documentElement.classList.toggle('large-text', this.largeText);
  }

  private renderScreen(draft: PreviewDraft) {
    const now = this.clock.now;
    // Scheduled items are previewed as they will look when they show; only ended ones drop off, as on the screens.
    const activities = draft.content.activities?.items ?? [];
    const stations = draft.content.directory?.items ?? [];
    if (this.screen === 'activities') return html`<activities-screen .activities=${activities} .now=${now}></activities-screen>`;
    if (this.screen === 'stations') return html`<stations-screen .stations=${stations} .hereId=${draft.stationId ?? ''} .now=${now}></stations-screen>`;
    const today = dayKey(now);
    const here = stations.find((s) => s.stationId === draft.stationId);
    const recruitment = draft.content.recruitment;
    // No check-in key in preview mode: the QR stays empty rather than show a code that would not count.
    return html`<home-screen
      .stationName=${here ? pick(here.name) : (draft.stationId ?? '')}
      .now=${now}
      .todaysActivities=${activities.filter((a) => dayKey(a.startsAt) === today && Date.parse(a.endsAt) > now.getTime())}
      .recruitment=${recruitment?.show ? recruitment : undefined}
      .checkinUrl=${''}
    ></home-screen>`;
  }

  private renderBody() {
    if (this.issues.length > 0) {
      return html`<section class="problems" role="alert" data-preview-problems>
        <h1>${msg('This draft cannot be shown on a kiosk', { id: 'preview.invalid' })}</h1>
        <ul>
          ${this.issues.map((issue) => html`<li>${issue}</li>`)}
        </ul>
      </section>`;
    }
    if (!this.draft) return html`<p class="waiting">${msg('Waiting for the draft…', { id: 'preview.waiting' })}</p>`;
    return this.renderScreen(this.draft);
  }

  override render() {
    const banner = this.draft ? announcementFor(this.draft.content.announcements?.items ?? [], PREVIEW_KIOSK, this.clock.now.getTime()) : undefined;
    return html`
      <kiosk-toolbar
        .locale=${getLocale() as KioskLocale}
        .largeText=${this.largeText}
        .showHome=${this.screen !== 'home'}
        .connection=${'connected'}
        @navigate=${(e: NavigateEvent) => (this.screen = e.screen)}
        @locale-change=${(e: CustomEvent<KioskLocale>) => void switchLocale(e.detail)}
        @large-text-change=${(e: CustomEvent<boolean>) => (this.largeText = e.detail)}
      ></kiosk-toolbar>
      ${banner ? html`<announcement-banner .text=${banner.text}></announcement-banner>` : nothing}
      <main @navigate=${(e: NavigateEvent) => (this.screen = e.screen)}>${this.renderBody()}</main>
      <div class="ribbon" data-preview-ribbon>预览 · Preview</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-preview': KioskPreview;
  }
}
