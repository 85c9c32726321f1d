/**
 * Watches the kiosk's Chromium on this station PC over CDP (loopback only) and repairs
 * it: frozen (two probes in a row unanswered or finding the page heartbeat stopped, a crashed renderer or
 * a chrome-error:// page) => restart(); blank (a screenshot over 98 % one colour while
 * the screen should be on) => reload, then restart if still blank. Every state change
 * is reported for StationStatus.display (protocol v2), and the physical screen follows
 * the page's sleep and wake when screen-off commands are configured.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StationStatus } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import { isBlankScreenshot } from './blank-screen.ts';
import { jpegThumbnail, type Thumbnail } from './thumbnail.ts';

export type StationDisplay = NonNullable<StationStatus['display']>;

export interface WatchdogTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ScreenWatchdogDeps {
  /** Chromium's DevTools endpoint; a function when a restart may move it (tests). */
  cdpUrl: string | (() => string);
  kioskId?: string | undefined;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  screenshotIntervalMs?: number;
  /** After a restart, a browser that is still starting is not counted as frozen. */
  restartGraceMs?: number;
  restart(): Promise<void>;
  /** The display schedule says the screen is off; a black screen is then expected. */
  isSleeping?(): boolean;
  /** Switches the physical screen with the page's sleep and wake (display-power.ts). */
  displayPower?: { follow(state: StationDisplay['state']): Promise<void> };
  changed(display: StationDisplay): void;
  logger: Logger;
  now?: () => Date;
  timers?: WatchdogTimers;
}

const MISSES_BEFORE_FROZEN = 2;
/** A screenshot waits this long for a volunteer's tap result or a prompt to leave the screen, then blurs. */
const PRIVATE_WAIT_MS = 8_000;
const PRIVATE_POLL_MS = 250;
const ATTACH_TRIES = 4;
const ATTACH_RETRY_MS = 1_000;
const ANSWER_TIMEOUT = Symbol('timeout');
const EVALUATE_FAILED = Symbol('failed');

export class ScreenWatchdog {
  private browser: Browser | undefined;
  private page: Page | undefined;
  private crashed = false;
  private misses = 0;
  /** Probes in a row that found the heartbeat where it was. */
  private stalls = 0;
  private lastHeartbeat: number | undefined;
  private reloadedForBlank = false;
  private restarts = 0;
  private graceUntil = 0;
  private repairing = false;
  private stopped = true;
  private readonly running = new Set<Promise<void>>();
  private attaching: Promise<Page | undefined> | undefined;
  private probeTimer: unknown;
  private shotTimer: unknown;
  private display: StationDisplay;
  private readonly timers: WatchdogTimers;

  constructor(private readonly deps: ScreenWatchdogDeps) {
    this.timers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    // Until the first probe answers, nothing is known; `on` matches what the kiosk says of itself.
    this.display = { ...(deps.kioskId ? { kioskId: deps.kioskId } : {}), state: 'on', since: this.now(), restarts: 0 };
  }

  get current(): StationDisplay {
    return this.display;
  }

  start(): void {
    this.stopped = false;
    this.scheduleProbe();
    this.scheduleScreenshot();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.clearTimeout(this.probeTimer);
    this.timers.clearTimeout(this.shotTimer);
    // A check or restart under way finishes first, so nothing is left half-restarted.
    await Promise.all(this.running);
    await this.disconnect();
  }

  /** One liveness probe; public so a test or a command can run it on demand. */
  async probe(): Promise<void> {
    if (this.repairing) return;
    const page = await this.attach();
    if (!page) return this.missed('DevTools did not answer');
    if (this.crashed) return this.frozen('renderer crashed');
    if (page.url().startsWith('chrome-error://')) return this.frozen(`browser error page instead of the kiosk`);
    const answer = await this.withTimeout(
      page
        .evaluate(() => {
          const w = window as { __vsHeartbeat?: number; __vsDisplay?: string };
          return { beat: w.__vsHeartbeat ?? null, asleep: w.__vsDisplay === 'sleeping' };
        })
        .catch((): typeof EVALUATE_FAILED => EVALUATE_FAILED),
    );
    if (answer === ANSWER_TIMEOUT) return this.missed(`page did not answer within ${this.probeTimeoutMs} ms`);
    if (answer === EVALUATE_FAILED) return this.missed('page could not run the probe');
    this.misses = 0;
    const heartbeat = typeof answer.beat === 'number' ? answer.beat : undefined;
    // A kiosk build without a heartbeat (null) is judged by its answers alone.
    if (heartbeat !== undefined && heartbeat === this.lastHeartbeat) {
      this.stalls += 1;
      if (this.stalls >= MISSES_BEFORE_FROZEN) return this.frozen(`page heartbeat stopped at ${heartbeat}`);
      return;
    }
    this.stalls = 0;
    this.lastHeartbeat = heartbeat;
    // Sleep and wake are seen here, every probe, so the screen switches within one probe interval.
    const asleep = this.sleeping() || answer.asleep;
    if (this.display.state === 'frozen' || (this.display.state === 'on' && asleep) || (this.display.state === 'sleeping' && !asleep)) this.setState(asleep ? 'sleeping' : 'on');
  }

  /** One blank-screen check. */
  async checkBlank(): Promise<void> {
    if (this.repairing || this.display.state === 'frozen') return;
    const page = await this.attach();
    if (!page) return;
    if (this.sleeping() || (await this.pageSaysSleeping(page))) {
      this.reloadedForBlank = false;
      if (this.display.state !== 'sleeping') this.setState('sleeping');
      return;
    }
    const shot = await this.withTimeout(page.screenshot({ type: 'png', timeout: this.probeTimeoutMs }).catch(() => undefined));
    if (shot === ANSWER_TIMEOUT || shot === undefined) return; // the liveness probe judges a page that does not answer
    if (!(await isBlankScreenshot(shot))) {
      this.reloadedForBlank = false;
      if (this.display.state !== 'on') this.setState('on');
      return;
    }
    if (!this.reloadedForBlank) {
      this.reloadedForBlank = true;
      this.setState('blank', 'screen over 98 % one colour; reloaded the page');
      this.deps.logger.warn({ kioskId: this.deps.kioskId }, 'kiosk screen is blank; reloading the page');
      await page.reload({ timeout: this.probeTimeoutMs * 2 }).catch(() => undefined);
      this.lastHeartbeat = undefined;
      this.stalls = 0;
      return;
    }
    this.reloadedForBlank = false;
    await this.repair('blank', 'screen still blank after a reload; restarted the browser');
  }

  /**
   * A thumbnail of the kiosk's screen for the console (protocol v2 `screenshot`). Anything
   * personal on screen (`window.__vsPrivate`) is waited out for up to 8 s; still there
   * before or after the capture, the thumbnail is blurred. Throws when the page cannot be captured.
   */
  async thumbnail(): Promise<Thumbnail & { blurred: boolean }> {
    // A browser that is starting or restarting gets a few seconds to show its page.
    let page = await this.attach();
    for (let tries = 1; !page && tries < ATTACH_TRIES; tries++) {
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, ATTACH_RETRY_MS));
      page = await this.attach();
    }
    if (!page) throw new Error('the kiosk browser did not answer over DevTools');
    const waitUntil = this.nowMs() + PRIVATE_WAIT_MS;
    let personal = await this.pageShowsPersonal(page);
    while (personal && this.nowMs() < waitUntil) {
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, PRIVATE_POLL_MS));
      personal = await this.pageShowsPersonal(page);
    }
    const shot = await this.withTimeout(page.screenshot({ type: 'png', timeout: this.probeTimeoutMs }));
    if (shot === ANSWER_TIMEOUT) throw new Error(`the kiosk page did not give a screenshot within ${this.probeTimeoutMs} ms`);
    // A tap that arrived while the picture was taken: blur that one too.
    const blurred = personal || (await this.pageShowsPersonal(page));
    return { ...(await jpegThumbnail(shot, blurred)), blurred };
  }

  /** Unknown (no answer) counts as personal: better a blurred picture than a volunteer's name. */
  private async pageShowsPersonal(page: Page): Promise<boolean> {
    const answer = await this.withTimeout(page.evaluate(() => (window as { __vsPrivate?: boolean }).__vsPrivate === true).catch(() => true));
    return answer !== false;
  }

  private get probeTimeoutMs(): number {
    return this.deps.probeTimeoutMs ?? 5_000;
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.probeTimer = this.timers.setTimeout(() => this.track(this.probe(), 'screen probe failed', () => this.scheduleProbe()), this.deps.probeIntervalMs ?? 10_000);
  }

  private scheduleScreenshot(): void {
    if (this.stopped) return;
    this.shotTimer = this.timers.setTimeout(() => this.track(this.checkBlank(), 'screen blank check failed', () => this.scheduleScreenshot()), this.deps.screenshotIntervalMs ?? 60_000);
  }

  private track(work: Promise<void>, failure: string, then: () => void): void {
    const settled = work.catch((err: unknown) => this.deps.logger.warn({ err }, failure));
    this.running.add(settled);
    void settled.finally(() => {
      this.running.delete(settled);
      then();
    });
  }

  private async missed(detail: string): Promise<void> {
    if (this.nowMs() < this.graceUntil) return;
    this.misses += 1;
    if (this.misses >= MISSES_BEFORE_FROZEN) await this.frozen(detail);
  }

  private async frozen(detail: string): Promise<void> {
    await this.repair('frozen', detail);
  }

  private async repair(state: 'frozen' | 'blank', detail: string): Promise<void> {
    this.repairing = true;
    try {
      this.restarts += 1;
      this.setState(state, detail);
      this.deps.logger.warn({ kioskId: this.deps.kioskId, state, detail, restarts: this.restarts }, 'kiosk screen is not working; restarting the browser');
      await this.disconnect();
      await this.deps.restart().catch((err: unknown) => this.deps.logger.error({ err }, 'could not restart the kiosk browser'));
    } finally {
      this.misses = 0;
      this.stalls = 0;
      this.lastHeartbeat = undefined;
      this.graceUntil = this.nowMs() + (this.deps.restartGraceMs ?? 30_000);
      this.repairing = false;
    }
  }

  /** The probe and the blank check share one connection, even when both attach at once. */
  private attach(): Promise<Page | undefined> {
    if (this.page && !this.page.isClosed() && this.browser?.isConnected()) return Promise.resolve(this.page);
    this.attaching ??= this.connect().finally(() => {
      this.attaching = undefined;
    });
    return this.attaching;
  }

  private async connect(): Promise<Page | undefined> {
    await this.disconnect();
    const url = typeof this.deps.cdpUrl === 'function' ? this.deps.cdpUrl() : this.deps.cdpUrl;
    try {
      const browser = await chromium.connectOverCDP(url, { timeout: this.probeTimeoutMs });
      const page = browser.contexts().flatMap((context) => context.pages())[0];
      if (!page) {
        await browser.close().catch(() => undefined);
        return undefined;
      }
      this.browser = browser;
      this.page = page;
      this.crashed = false;
      page.on('crash', () => {
        this.crashed = true;
      });
      return page;
    } catch {
      return undefined;
    }
  }

  private async disconnect(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this.page = undefined;
    // Over CDP, close() only drops our connection; a frozen browser may never confirm it.
    if (browser) await this.withTimeout(browser.close().catch(() => undefined));
  }

  private withTimeout<T>(work: Promise<T>): Promise<T | typeof ANSWER_TIMEOUT> {
    let handle: unknown;
    const timeout = new Promise<typeof ANSWER_TIMEOUT>((resolve) => {
      handle = this.timers.setTimeout(() => resolve(ANSWER_TIMEOUT), this.probeTimeoutMs);
    });
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => this.timers.clearTimeout(handle));
  }

  private setState(state: StationDisplay['state'], detail?: string): void {
    this.display = { ...(this.deps.kioskId ? { kioskId: this.deps.kioskId } : {}), state, since: this.now(), restarts: this.restarts, ...(detail ? { detail } : {}) };
    this.deps.changed(this.display);
    const power = this.deps.displayPower?.follow(state);
    if (power) this.track(power, 'screen power command failed', () => {});
  }

  /** The kiosk page's own display schedule (`window.__vsDisplay`, kiosk/heartbeat.ts): black by design while it sleeps. */
  private async pageSaysSleeping(page: Page): Promise<boolean> {
    const answer = await this.withTimeout(page.evaluate(() => (window as { __vsDisplay?: string }).__vsDisplay === 'sleeping').catch(() => false));
    return answer === true;
  }

  private sleeping(): boolean {
    return this.deps.isSleeping?.() ?? false;
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}
