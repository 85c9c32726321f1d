/**
 * The Content view's kiosk preview (issue 16): the real kiosk page in preview mode
 * (`kiosk/?preview=1` beside the console, docs/deploy.md §Fleet console) in an iframe
 * of a true kiosk size, 1080×1920 or 1920×1080, scaled down to fit. The site's draft
 * goes to it by postMessage in the kiosk's payload shapes (shared/payloads/preview.ts),
 * only to the kiosk page's origin; the kiosk validates it and shows the problems of an
 * invalid one. Nothing is published: no broker, no central, no screen sees a preview.
 * @fires close - the manager closed the preview
 */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { PREVIEW_DRAFT, PREVIEW_QUERY, PREVIEW_READY, type Activity, type Announcement, type DirectoryStation, type PreviewDraft, type PreviewScreen, type RecruitmentPanel } from '../../shared/index.ts';
import { viewStyles } from './view-styles.ts';

type Orientation = 'portrait' | 'landscape';
type PreviewLocale = PreviewDraft['locale'];

/** A kiosk's screen in CSS pixels (docs/deploy.md §Kiosk: 1080p panels, mounted either way). */
const KIOSK_SIZE: Record<Orientation, { width: number; height: number }> = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
};
/** The tallest the scaled preview gets, so the form above stays in view. */
const MAX_HEIGHT_PX = 640;

@localized()
@customElement('vs-kiosk-preview')
export class VsKioskPreview extends LitElement {
  @property() site = '';
  @property({ attribute: false }) activities: readonly Activity[] = [];
  @property({ attribute: false }) stations: readonly DirectoryStation[] = [];
  @property({ attribute: false }) announcements: readonly Announcement[] = [];
  @property({ attribute: false }) recruitment: RecruitmentPanel | null = null;
  /** The kiosk page; the kiosk build served beside the console by default. */
  @property() kioskUrl = new URL('kiosk/', document.baseURI).href;
  @state() private locale: PreviewLocale = 'zh-CN';
  @state() private orientation: Orientation = 'portrait';
  @state() private screen: PreviewScreen = 'activities';
  @state() private ready = false;
  @state() private availableWidth = 0;
  @query('iframe') private frame?: HTMLIFrameElement;
  private readonly resize = new ResizeObserver(([entry]) => (this.availableWidth = entry?.contentRect.width ?? 0));

  static override styles = [
    viewStyles,
    css`
      :host {
        overflow: visible;
        padding: 0;
        margin-top: 1.5rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: center;
        margin: 0.75rem 0;
      }
      [role='group'] {
        display: inline-flex;
        gap: 0.25rem;
      }
      button[aria-pressed='true'] {
        background: #0b57d0;
        border-color: #0b57d0;
        color: #fff;
        font-weight: 700;
      }
      .stage {
        overflow: hidden;
        border: 2px solid #1b1f24;
        border-radius: 0.5rem;
        background: #1b1f24;
      }
      iframe {
        border: 0;
        transform-origin: 0 0;
        display: block;
      }
    `,
  ];

  private get pageUrl(): URL {
    const url = new URL(this.kioskUrl);
    url.searchParams.set(PREVIEW_QUERY, '1');
    return url;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.onMessage);
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  /** The kiosk page says it listens: only then is a draft sent, and again after every change. */
  private readonly onMessage = (event: MessageEvent): void => {
    if (event.origin !== this.pageUrl.origin || event.source !== this.frame?.contentWindow) return;
    if ((event.data as { type?: unknown } | null)?.type === PREVIEW_READY) this.ready = true;
  };

  private draft(): PreviewDraft {
    const updatedAt = new Date().toISOString();
    const siteId = this.site;
    const stations = [...this.stations];
    // The preview stands at the site's first station: its name on the home screen, "you are here" on the map.
    const here = stations.find((s) => s.siteId === siteId);
    return {
      type: PREVIEW_DRAFT,
      locale: this.locale,
      screen: this.screen,
      ...(here ? { stationId: here.stationId } : {}),
      content: {
        activities: { v: 1, updatedAt, siteId, items: [...this.activities] },
        directory: { v: 1, updatedAt, items: stations },
        announcements: { v: 2, updatedAt, siteId, items: [...this.announcements] },
        ...(this.recruitment ? { recruitment: { v: 2, updatedAt, siteId, ...this.recruitment } } : {}),
      },
    };
  }

  protected override updated(): void {
    // Strict targetOrigin: a frame that navigated elsewhere gets nothing.
    if (this.ready) this.frame?.contentWindow?.postMessage(this.draft(), this.pageUrl.origin);
  }

  private choice<T extends string>(label: string, current: T, options: { value: T; text: string; lang?: string }[], pick: (value: T) => void) {
    return html`<span role="group" aria-label=${label}>
      ${options.map(
        (o) =>
          html`<button type="button" lang=${o.lang ?? ''} data-preview-choice=${o.value} aria-pressed=${current === o.value ? 'true' : 'false'} @click=${() => pick(o.value)}>${o.text}</button>`,
      )}
    </span>`;
  }

  override render() {
    const size = KIOSK_SIZE[this.orientation];
    const scale = Math.min((this.availableWidth || size.width) / size.width, MAX_HEIGHT_PX / size.height);
    const title = msg('Kiosk preview', { id: 'console.preview.title' });
    return html`<section aria-label=${title}>
      <div class="heading">
        <h3>${title}</h3>
        <button type="button" @click=${() => this.dispatchEvent(new Event('close'))}>${msg('Close preview', { id: 'console.preview.close' })}</button>
      </div>
      <p>${msg('Not published: only this page shows the draft.', { id: 'console.preview.notPublished' })}</p>
      <div class="controls">
        ${this.choice(msg('Kiosk language', { id: 'console.preview.language' }), this.locale, [
          { value: 'zh-CN', text: '中文', lang: 'zh-CN' },
          { value: 'en', text: 'English', lang: 'en' },
        ], (v) => (this.locale = v))}
        ${this.choice(msg('Orientation', { id: 'console.preview.orientation' }), this.orientation, [
          { value: 'portrait', text: msg('Portrait', { id: 'console.preview.portrait' }) },
          { value: 'landscape', text: msg('Landscape', { id: 'console.preview.landscape' }) },
        ], (v) => (this.orientation = v))}
        ${this.choice(msg('Screen', { id: 'console.preview.screen' }), this.screen, [
          { value: 'home', text: msg('Home', { id: 'console.preview.home' }) },
          { value: 'activities', text: msg('Activities', { id: 'console.preview.activities' }) },
          { value: 'stations', text: msg('Stations', { id: 'console.preview.stations' }) },
        ], (v) => (this.screen = v))}
      </div>
      <div class="stage" style="width: ${Math.floor(size.width * scale)}px; height: ${Math.floor(size.height * scale)}px">
        <iframe
          title=${msg('Kiosk screen with the draft', { id: 'console.preview.frame' })}
          src=${this.pageUrl.href}
          width=${size.width}
          height=${size.height}
          style="transform: scale(${scale})"
          data-orientation=${this.orientation}
        ></iframe>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-kiosk-preview': VsKioskPreview;
  }
}
