/**
 * The app shell: owns the controllers (connection, check-in code, clock, idle, tap
 * feedback, updates, wake lock, display schedule) and routes their state into presentational screens.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { announcementFor, displayScheduleFor, isScheduledToShow, topicsFor, type Command } from '../../shared/index.ts';
import { COMMAND_REFUSAL_TEXT, commandRefusal, type RecentCommandIds } from '../../shared/payloads/command-admission.ts';
import { version as appVersion } from '../../package.json';
import { CheckinCodeController } from '../controllers/checkin-code-controller.ts';
import { ClockController } from '../controllers/clock-controller.ts';
import { ConnectionController } from '../controllers/connection-controller.ts';
import { DisplayScheduleController } from '../controllers/display-schedule-controller.ts';
import { IdleController } from '../controllers/idle-controller.ts';
import { PairingController } from '../controllers/pairing-controller.ts';
import { DeskController } from '../controllers/desk-controller.ts';
import { TapFeedbackController } from '../controllers/tap-feedback-controller.ts';
import { UpdateController } from '../controllers/update-controller.ts';
import { WakeLockController } from '../controllers/wake-lock-controller.ts';
import { PlayReportController } from '../controllers/play-report-controller.ts';
import { PhotoController } from '../controllers/photo-controller.ts';
import type { PlayShown } from '../data/play-tally.ts';
import type { KioskSettings } from '../data/boot-store.ts';
import { loadCommandIds, saveCommandIds } from '../data/command-memory.ts';
import { loadCachedContent, saveCachedContent, type KioskContent } from '../data/content-store.ts';
import type { KioskMessage } from '../data/incoming.ts';
import { onlineStatus } from '../data/kiosk-status.ts';
import { playToneAfterPaint } from '../feedback/tones.ts';
import { getLocale, localized as pick, switchLocale, type KioskLocale } from '../locales/localization.ts';
import type { KioskScreen, NavigateEvent } from './events.ts';
import { dayKey } from './format.ts';
import type { ManagerFacts } from './manager-panel.ts';
import { theme } from './theme.ts';
import { ensureElement, isElementReady, type LazyElementName } from './lazy-elements.ts';
// What the first QR needs; every other screen and panel is loaded when first shown (lazy-elements.ts).
import './home-screen.ts';
import './kiosk-toolbar.ts';
import './tap-overlay.ts';
// Eager: the screen may have to sleep the moment the kiosk boots at night.
import './sleep-screen.ts';

export interface KioskAppDeps {
  settings: KioskSettings;
  checkinKey: CryptoKey;
  /** Distinguishes this kiosk's local storage from others on the same origin. */
  storageScope: string;
}

export const IDLE_RESET_MS = 60_000;
/**
 * With no check-in QR on screen to wait for (asleep at boot), the broker is connected this
 * long after the first code. A QR is drawn within milliseconds of its code, so this only
 * ever applies to a screen that shows none.
 */
const CONNECT_WITHOUT_QR_MS = 5_000;
const IDENTIFY_MS = 10_000;
const MANAGER_PRESS_MS = 3_000;

interface CommandAnnouncement {
  text: { zh: string; en: string };
  until?: string;
}

@customElement('kiosk-app')
@localized()
export class KioskApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--paper);
        overflow: hidden;
      }
      main {
        flex: 1;
        min-height: 0;
      }
      .corner {
        position: fixed;
        left: 0;
        bottom: 0;
        width: 60px;
        height: 60px;
        opacity: 0;
        border: none;
        touch-action: none;
      }
    `,
  ];

  @state() screen: KioskScreen = 'home';
  @state() largeText = false;
  @state() content: KioskContent;
  @state() announcement?: CommandAnnouncement;
  @state() identifying = false;
  @state() managerOpen = false;
  @state() storageEstimate?: { usage?: number; quota?: number };

  private readonly settings: KioskSettings;
  private readonly storageScope: string;
  private readonly clock = new ClockController(this);
  private readonly code: CheckinCodeController;
  private readonly connection: ConnectionController;
  private readonly feedback = new TapFeedbackController(this, playToneAfterPaint);
  private readonly idle = new IdleController(this, IDLE_RESET_MS, () => this.resetToHome());
  private readonly updates = new UpdateController(this, {
    onChange: () => this.connection.publishStatus(),
    isIdleOnHome: () => this.idle.isIdle && this.screen === 'home' && this.feedback.feedback.phase === 'none' && !this.managerOpen,
  });
  private readonly wakeLock = new WakeLockController(this);
  private readonly display = new DisplayScheduleController(this, {
    schedule: () =>
      displayScheduleFor(
        this.content.directory?.items.find((s) => s.stationId === this.settings.stationId),
        this.settings.display,
      ),
    onChange: () => this.connection.publishStatus(),
  });
  private readonly pairing: PairingController;
  private readonly desk: DeskController;
  private readonly play: PlayReportController;
  private readonly photos: PhotoController;
  private identifyTimer?: ReturnType<typeof setTimeout>;
  private announcementTimer?: ReturnType<typeof setTimeout>;
  private pressTimer?: ReturnType<typeof setTimeout>;
  private reloadRequested = false;
  private readonly commandIds: RecentCommandIds;

  constructor(deps: KioskAppDeps) {
    super();
    this.settings = deps.settings;
    this.storageScope = deps.storageScope;
    this.content = loadCachedContent(deps.storageScope);
    this.commandIds = loadCommandIds(deps.storageScope);
    this.code = new CheckinCodeController(this, {
      key: deps.checkinKey,
      stationId: deps.settings.stationId,
      kioskId: deps.settings.kioskId,
      codeVersion: deps.settings.checkin.codeVersion ?? 1,
      baseUrl: deps.settings.checkin.baseUrl,
      periodSeconds: deps.settings.checkin.periodSeconds,
    });
    this.connection = new ConnectionController(this, {
      settings: deps.settings,
      currentStatus: () =>
        onlineStatus(
          {
            kioskId: this.settings.kioskId,
            stationId: this.settings.stationId,
            siteId: this.settings.siteId,
            appVersion,
            serviceWorker: { state: this.updates.state, ...(this.updates.version ? { version: this.updates.version } : {}) },
            activitiesUpdatedAt: this.content.activities?.updatedAt,
            directoryUpdatedAt: this.content.directory?.updatedAt,
            screen: this.screen,
            persisted: this.wakeLock.persisted,
            display: { state: this.display.state, since: this.display.since.toISOString() },
          },
          new Date(),
        ),
      onMessage: (message) => this.onMessage(message),
      onConnected: () => this.play.tick(),
      // The QR first: mqtt.js's worker is not even fetched until the check-in QR is drawn.
      startAfter: Promise.race([this.firstCheckinQrDrawn(), this.code.firstCode.then(() => new Promise((resolve) => setTimeout(resolve, CONNECT_WITHOUT_QR_MS)))]),
    });
    this.photos = new PhotoController(this, { storageScope: deps.storageScope, subscribe: (ids) => this.connection.setPhotoSubscriptions(ids) });
    void this.photos.show(this.content.activities);
    this.pairing = new PairingController(this, {
      kioskId: deps.settings.kioskId,
      stationId: deps.settings.stationId,
      topics: topicsFor(deps.settings.topicRoot),
      publish: (topic, payload) => this.connection.publish(topic, payload),
    });
    this.desk = new DeskController(this, {
      kioskId: deps.settings.kioskId,
      stationId: deps.settings.stationId,
      topics: topicsFor(deps.settings.topicRoot),
      publish: (topic, payload) => this.connection.publish(topic, payload),
    });
    this.play = new PlayReportController(this, {
      kioskId: deps.settings.kioskId,
      stationId: deps.settings.stationId,
      topics: topicsFor(deps.settings.topicRoot),
      storageScope: deps.storageScope,
      shown: () => this.shownForPlay(),
      publishAcked: (topic, payload) => this.connection.publishAcked(topic, payload),
    });
  }

  /** Settles when the check-in panel's QR is first drawn (its `qr-drawn`, not the "Join us" panel's). */
  private firstCheckinQrDrawn(): Promise<void> {
    return new Promise((resolve) => {
      const onDrawn = (event: Event) => {
        if (!event.composedPath().some((node) => node instanceof HTMLElement && node.localName === 'checkin-panel')) return;
        this.removeEventListener('qr-drawn', onDrawn);
        resolve();
      };
      this.addEventListener('qr-drawn', onDrawn);
    });
  }

  /** For proof of play: what covers the screen counts, by its name only (never a tap's content). */
  private shownForPlay(): PlayShown {
    const covering =
      this.display.state === 'sleeping'
        ? 'sleeping'
        : this.managerOpen
          ? 'manager'
          : this.feedback.feedback.phase !== 'none'
            ? 'tap'
            : this.pairing.screen.kind !== 'none'
              ? 'pairing'
              : this.desk.screen.kind !== 'none'
                ? 'desk'
                : undefined;
    return {
      screen: covering ?? this.screen,
      appVersion,
      ...(this.content.activities?.updatedAt ? { activitiesUpdatedAt: this.content.activities.updatedAt } : {}),
      ...(this.content.directory?.updatedAt ? { directoryUpdatedAt: this.content.directory.updatedAt } : {}),
    };
  }

  /** Idle reset (issue 4): home, the configured language, normal text, dialogs closed. */
  resetToHome(): void {
    this.screen = 'home';
    this.largeText = false;
    this.managerOpen = false;
    this.feedback.dismiss();
    if (isElementReady('activities-screen')) this.shadowRoot?.querySelector('activities-screen')?.reset();
    if (isElementReady('stations-screen')) this.shadowRoot?.querySelector('stations-screen')?.reset();
    if (getLocale() !== this.settings.locale) void switchLocale(this.settings.locale);
    this.connection.publishStatus();
    this.updates.applyIfWaiting();
  }

  private onMessage(message: KioskMessage): void {
    switch (message.kind) {
      case 'tap':
        // Woken first, so a volunteer tapping after hours sees the result.
        this.display.wake();
        this.feedback.tap(message.tap);
        this.pairing.sawTap(message.tap);
        this.desk.sawTap(message.tap);
        return;
      case 'desk':
        this.desk.onPrompt(message.prompt);
        return;
      case 'pairing':
        this.pairing.onPrompt(message.prompt);
        return;
      case 'result':
        this.display.wake();
        this.feedback.result(message.result);
        return;
      case 'command':
        this.onCommand(message.command);
        return;
      case 'activities':
        this.content = { ...this.content, activities: message.activities };
        saveCachedContent(this.storageScope, 'activities', message.activities);
        void this.photos.show(message.activities);
        this.connection.publishStatus();
        return;
      case 'media':
        void this.photos.received(message.mediaId, message.bytes);
        return;
      case 'perks':
        this.content = { ...this.content, perks: message.perks };
        saveCachedContent(this.storageScope, 'perks', message.perks);
        return;
      case 'rewards':
        this.content = { ...this.content, rewards: message.rewards };
        saveCachedContent(this.storageScope, 'rewards', message.rewards);
        return;
      case 'recruitment':
        this.content = { ...this.content, recruitment: message.recruitment };
        saveCachedContent(this.storageScope, 'recruitment', message.recruitment);
        return;
      case 'announcements':
        this.content = { ...this.content, announcements: message.announcements };
        saveCachedContent(this.storageScope, 'announcements', message.announcements);
        return;
      case 'directory':
        this.content = { ...this.content, directory: message.directory };
        saveCachedContent(this.storageScope, 'directory', message.directory);
        this.display.evaluate();
        this.connection.publishStatus();
        return;
      default:
        return;
    }
  }

  /** Retained commands never get here (classifyMessage); the rest of protocol v2's rules are checked now. */
  private onCommand(command: Command): void {
    // The agent's; remembering it would only crowd out the kiosk's own ids.
    if (command.cmd === 'simulate-tap') return;
    const now = Date.now();
    const refusal = commandRefusal(command, { nowMillis: now, retained: false, seen: (id) => this.commandIds.has(id) });
    if (refusal) {
      console.info(`kiosk: command ${command.cmd} ${command.id} ignored: ${COMMAND_REFUSAL_TEXT[refusal]}`);
      return;
    }
    this.commandIds.remember(command, now);
    saveCommandIds(this.storageScope, this.commandIds);
    switch (command.cmd) {
      case 'identify':
        this.identifying = true;
        clearTimeout(this.identifyTimer);
        this.identifyTimer = setTimeout(() => (this.identifying = false), IDENTIFY_MS);
        return;
      case 'reload':
        this.reloadRequested = true;
        this.reloadWhenSafe();
        return;
      case 'announce': {
        const until = command.args.until ? Date.parse(command.args.until) : undefined;
        if (until !== undefined && until <= Date.now()) return;
        this.announcement = { text: command.args.text, until: command.args.until };
        clearTimeout(this.announcementTimer);
        if (until !== undefined) this.announcementTimer = setTimeout(() => (this.announcement = undefined), until - Date.now());
        return;
      }
      case 'clear-announcement':
        clearTimeout(this.announcementTimer);
        this.announcement = undefined;
        return;
      default:
        return;
    }
  }

  /** `reload` never interrupts a volunteer's tap feedback. */
  private reloadWhenSafe(): void {
    if (!this.reloadRequested) return;
    if (this.feedback.feedback.phase === 'none') window.location.reload();
    else setTimeout(() => this.reloadWhenSafe(), 1_000);
  }

  private navigate(screen: KioskScreen): void {
    this.screen = screen;
    this.connection.publishStatus();
  }

  private setLargeText(on: boolean): void {
    this.largeText = on;
  }

  protected override updated(): void {
    document.documentElement.classList.toggle('large-text', this.largeText);
    // For the station's screen watchdog: a screenshot waits for these to go, or is blurred.
    window.__vsPrivate = this.feedback.feedback.phase !== 'none' || this.pairing.screen.kind !== 'none' || this.desk.screen.kind !== 'none' || this.managerOpen;
  }

  private startCornerPress(): void {
    clearTimeout(this.pressTimer);
    this.pressTimer = setTimeout(() => {
      this.managerOpen = true;
      void navigator.storage?.estimate?.().then((e) => (this.storageEstimate = e));
    }, MANAGER_PRESS_MS);
  }

  private managerFacts(): ManagerFacts {
    return {
      connection: this.connection.state,
      lastMessageAt: this.connection.lastMessageAt,
      appVersion,
      serviceWorker: `${this.updates.state} ${this.updates.version ?? ''}`.trim(),
      activitiesUpdatedAt: this.content.activities?.updatedAt,
      directoryUpdatedAt: this.content.directory?.updatedAt,
      persisted: this.wakeLock.persisted,
      storageEstimate: this.storageEstimate,
      taps: this.feedback.log,
    };
  }

  /**
   * `name`'s markup once its chunk is in, else nothing and a render when it arrives (a
   * failed load is tried at the next render, not in a loop). Not before: an element
   * upgraded late would see its properties only at its first update, after its
   * controllers' hostConnected (the manager panel's PIN lock reads its scope there).
   */
  private lazy<T>(name: LazyElementName, markup: T): T | typeof nothing {
    if (isElementReady(name)) return markup;
    void ensureElement(name).then((loaded) => loaded && this.requestUpdate());
    return nothing;
  }

  private renderScreen() {
    const now = this.clock.now;
    // Central publishes scheduled items when they are due; an offline kiosk still hides one whose time is up.
    const published = this.content.activities?.items ?? [];
    const activities = published.some((a) => a.showFrom || a.showUntil) ? published.filter((a) => isScheduledToShow(a, now.getTime())) : published;
    const stations = this.content.directory?.items ?? [];
    if (this.screen === 'activities') return this.lazy('activities-screen', html`<activities-screen .activities=${activities} .photos=${this.photos.urls} .now=${now}></activities-screen>`);
    if (this.screen === 'perks') return this.lazy('perks-screen', html`<perks-screen .perks=${this.content.perks?.items ?? []} .now=${now}></perks-screen>`);
    if (this.screen === 'rewards') return this.lazy('rewards-screen', html`<rewards-screen .items=${this.content.rewards?.items ?? []}></rewards-screen>`);
    if (this.screen === 'stations') return this.lazy('stations-screen', html`<stations-screen .stations=${stations} .hereId=${this.settings.stationId} .now=${now}></stations-screen>`);
    const today = dayKey(now);
    const todays = activities.filter((a) => dayKey(a.startsAt) === today && Date.parse(a.endsAt) > now.getTime());
    const here = stations.find((s) => s.stationId === this.settings.stationId);
    return html`<home-screen
      .stationName=${here ? pick(here.name) : this.settings.stationId}
      .now=${now}
      .todaysActivities=${todays}
      .recruitment=${this.content.recruitment?.show ? this.content.recruitment : undefined}
      .checkinUrl=${this.code.url ?? ''}
      .secondsLeft=${Math.max(0, Math.ceil((this.code.stepEndsAt - now.getTime()) / 1000))}
      .periodSeconds=${this.settings.checkin.periodSeconds}
    ></home-screen>`;
  }

  override render() {
    // A command's announcement is up now; the content's are scheduled, and this re-renders every second.
    const banner = this.announcement ?? announcementFor(this.content.announcements?.items ?? [], this.settings.kioskId, this.clock.now.getTime());
    return html`
      <kiosk-toolbar
        .locale=${getLocale() as KioskLocale}
        .largeText=${this.largeText}
        .showHome=${this.screen !== 'home'}
        .connection=${this.connection.state}
        @navigate=${(e: NavigateEvent) => this.navigate(e.screen)}
        @locale-change=${(e: CustomEvent<KioskLocale>) => void switchLocale(e.detail)}
        @large-text-change=${(e: CustomEvent<boolean>) => this.setLargeText(e.detail)}
      ></kiosk-toolbar>
      ${banner ? this.lazy('announcement-banner', html`<announcement-banner .text=${banner.text}></announcement-banner>`) : nothing}
      <main @navigate=${(e: NavigateEvent) => this.navigate(e.screen)}>${this.renderScreen()}</main>
      ${this.display.state === 'sleeping' ? html`<sleep-screen @wake=${() => this.display.wake()}></sleep-screen>` : nothing}
      <tap-overlay .feedback=${this.feedback.feedback} @dismiss=${() => this.feedback.dismiss()}></tap-overlay>
      ${this.pairing.screen.kind !== 'none'
        ? this.lazy(
            'pairing-panel',
            html`<pairing-panel
            .screen=${this.pairing.screen}
            @pairing-answer=${(e: CustomEvent<string | null>) => this.pairing.answer(e.detail)}
            @dismiss=${() => this.pairing.dismiss()}
            ></pairing-panel>`,
          )
        : nothing}
      ${this.desk.screen.kind !== 'none'
        ? this.lazy('desk-prompt', html`<desk-prompt .screen=${this.desk.screen} @desk-answer=${(e: CustomEvent<boolean>) => this.desk.answer(e.detail)} @dismiss=${() => this.desk.dismiss()}></desk-prompt>`)
        : nothing}
      ${this.identifying ? this.lazy('identify-overlay', html`<identify-overlay .stationId=${this.settings.stationId} .kioskId=${this.settings.kioskId}></identify-overlay>`) : nothing}
      ${this.managerOpen
        ? this.lazy(
            'manager-panel',
            html`<manager-panel
            .pinHash=${this.settings.managerPinHash}
            .storageScope=${this.storageScope}
            .facts=${this.managerFacts()}
            @close=${() => (this.managerOpen = false)}
            ></manager-panel>`,
          )
        : nothing}
      <button
        class="corner"
        aria-label=${msg('Manager panel', { id: 'manager.title' })}
        tabindex="-1"
        @pointerdown=${() => this.startCornerPress()}
        @pointerup=${() => clearTimeout(this.pressTimer)}
        @pointerleave=${() => clearTimeout(this.pressTimer)}
      ></button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-app': KioskApp;
  }
}
