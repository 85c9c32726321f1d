/**
 * The volunteer's phone app: header with the station and the language switch, the
 * latest notice, then one of: a linked phone (check in), a pairing in progress, or the
 * form to link this phone. A linked phone also has the app's navigation (NAV): check
 * in, and "My record" (passbook-view.ts); other views add one NAV entry and one case.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PhoneSessionController, type PasskeyPort } from '../controllers/phone-session-controller.ts';
import type { PhoneApi } from '../data/phone-api.ts';
import { saveLang, T, type PhoneLang } from '../data/strings.ts';
import type { Visit } from '../data/visit.ts';
import type { ActivityChoiceEvent, LinkRequestEvent, PhoneActionEvent } from './events.ts';
import { theme } from './theme.ts';
import './link-form.ts';
import './linked-card.ts';
import './activity-choice.ts';
import './pairing-card.ts';
import './service-certificate.ts';
import './perks-list.ts';
import './passbook-view.ts';
import { passbookApi, type PassbookApi } from '../data/passbook-api.ts';
import { P } from '../data/passbook-strings.ts';

/** The views of a linked phone, in navigation order. */
const NAV = [
  { id: 'checkin', label: P.navCheckIn },
  { id: 'record', label: P.navRecord },
] as const;
type View = (typeof NAV)[number]['id'];
import './rewards-view.ts';

export interface PhoneAppDeps {
  api: PhoneApi;
  visit?: Visit;
  passkeys: PasskeyPort;
  lang: PhoneLang;
  storage?: Storage;
  /** Default: the real passbook API. */
  passbook?: PassbookApi;
}

@customElement('phone-app')
export class PhoneApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        max-width: 32rem;
        margin-inline: auto;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.5rem;
        margin-bottom: 1rem;
      }
      h1 {
        font-size: 1.5rem;
        margin: 0;
      }
      header button {
        width: auto;
      }
      .station {
        width: 100%;
        margin: 0;
        color: var(--ink-soft);
      }
      main {
        display: grid;
        gap: 1rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav li {
        flex: 1 1 8rem;
      }
      nav button[aria-current='page'] {
        background: var(--primary);
        color: var(--primary-ink);
        font-weight: 700;
      }
      .notice {
        font-size: 1.15rem;
        padding: 0.9rem 1rem;
        border-radius: 0.6rem;
        border-left: 0.4rem solid;
        margin: 0;
      }
      .notice.ok {
        background: var(--ok-bg);
        border-color: var(--ok);
      }
      .notice.warn {
        background: var(--warn-bg);
        border-color: var(--warn);
      }
      @media print {
        header,
        .notice {
          display: none;
        }
      }
      .nav {
        color: var(--primary);
        font-size: 1.15rem;
        min-height: 2.75rem;
        display: inline-block;
        padding-block: 0.5rem;
      }
      .notice.error {
        background: var(--bad-bg);
        border-color: var(--bad);
      }
    `,
  ];

  @state() locale: PhoneLang;
  @state() now = Date.now();
  /** Opened from a station code: check in first; opened as /phone/: the record. */
  @state() view: View;
  private readonly passbook: PassbookApi;
  private readonly session: PhoneSessionController;
  private readonly storage?: Storage;
  private clock?: ReturnType<typeof setInterval>;

  constructor(deps: PhoneAppDeps) {
    super();
    this.locale = deps.lang;
    this.storage = deps.storage;
    this.view = deps.visit ? 'checkin' : 'record';
    this.passbook = deps.passbook ?? passbookApi;
    this.session = new PhoneSessionController(this, { api: deps.api, passkeys: deps.passkeys, ...(deps.visit ? { visit: deps.visit } : {}) });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 1_000);
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    window.removeEventListener('hashchange', this.onHashChange);
  }

  protected override updated(): void {
    document.documentElement.lang = this.locale === 'zh' ? 'zh-CN' : 'en';
    document.title = T.title[this.locale];
  }

  private readonly onHashChange = () => this.requestUpdate();

  private switchLang(): void {
    this.locale = this.locale === 'zh' ? 'en' : 'zh';
    saveLang(this.storage, this.locale);
  }

  private onAction(event: PhoneActionEvent): void {
    const s = this.session;
    if (event.action === 'check-in') void s.checkIn();
    else if (event.action === 'cancel-pairing') void s.cancelPairing();
    else if (event.action === 'add-passkey') void s.addPasskey();
    else if (event.action === 'unlink') void s.unlink();
    else if (event.action === 'start-again') {
      s.pairing = undefined;
      s.notice = undefined;
      this.requestUpdate();
    }
  }

  private renderBody() {
    const s = this.session;
    const me = s.me;
    if (!me) return html`<p>${T.loading[this.locale]}</p>`;
    if (me.linked && location.hash === '#certificate') return html`<service-certificate .locale=${this.locale}></service-certificate>`;
    if (me.linked && this.view === 'record') return html`<passbook-view .locale=${this.locale} .api=${this.passbook}></passbook-view>`;
    if (me.linked) {
      // Protocol v2: today's activities at this station, when it has any; else general service, as before.
      const activities = s.visit?.activities ?? [];
      const choice =
        activities.length > 0
          ? html`<activity-choice
              .locale=${this.locale}
              .activities=${activities}
              .stationCategory=${s.visit?.stationCategory}
              .selected=${s.activityId}
              @activity-choice=${(e: ActivityChoiceEvent) => s.chooseActivity(e.activityId)}
            ></activity-choice>`
          : nothing;
      return html`<a class="nav" id="certificate-link" href="#certificate">${this.locale === 'zh' ? '志愿服务证明' : 'Service certificate'}</a>${choice}<linked-card
        .locale=${this.locale}
        .me=${me}
        ?canCheckIn=${s.visit !== undefined}
        ?offerPasskey=${me.canAddPasskey && s.passkeyPossible}
        ?busy=${s.busy}
      ></linked-card>
        <perks-list .locale=${this.locale}></perks-list>
        <rewards-view .locale=${this.locale}></rewards-view>`;
    }
    if (s.pairing) return html`<pairing-card .locale=${this.locale} .pairing=${s.pairing} .now=${this.now}></pairing-card>`;
    if (!s.visit) return html`<p class="card">${T.scanToCheckIn[this.locale]}</p>`;
    return html`<link-form .locale=${this.locale} ?busy=${s.busy} @link-request=${(e: LinkRequestEvent) => void s.startPairing(e.volunteer)}></link-form>`;
  }

  private renderNav() {
    return html`<nav aria-label=${P.navLabel[this.locale]}>
      <ul>
        ${NAV.map(
          (item) => html`<li>
            <button type="button" id="nav-${item.id}" aria-current=${this.view === item.id ? 'page' : 'false'} @click=${() => (this.view = item.id)}>${item.label[this.locale]}</button>
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  override render() {
    const s = this.session;
    const other: PhoneLang = this.locale === 'zh' ? 'en' : 'zh';
    return html`<header>
        <h1>${T.title[this.locale]}</h1>
        <button type="button" id="lang" lang=${other === 'zh' ? 'zh-CN' : 'en'} aria-label=${T.otherLanguageLabel[this.locale]} @click=${() => this.switchLang()}>
          ${T.otherLanguage[this.locale]}
        </button>
        ${s.visit ? html`<p class="station">${T.station[this.locale]}: ${s.visit.stationName[this.locale]}</p>` : nothing}
      </header>
      ${s.me?.linked ? this.renderNav() : nothing}
      <main @phone-action=${(e: PhoneActionEvent) => this.onAction(e)}>
        ${s.notice ? html`<p class="notice ${s.notice.tone}" role=${s.notice.tone === 'error' ? 'alert' : 'status'}>${s.notice.message[this.locale]}</p>` : nothing}
        ${this.renderBody()}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-app': PhoneApp;
  }
}
