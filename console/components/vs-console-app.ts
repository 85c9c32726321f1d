/**
 * The console page: sign-in, then the fleet list with its toolbar and the command
 * confirmation dialog. It owns the two controllers and wires their events.
 */
import { localized, msg, str } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { topicsFor, type ScreenshotReply, type Topics } from '../../shared/index.ts';
import { BrokerConnectionController, BrokerConnectionError, type SignInRequest } from '../controllers/broker-connection-controller.ts';
import { FleetController } from '../controllers/fleet-controller.ts';
import { buildCommand, commandLabel, commandTopic } from '../data/commands.ts';
import type { ConsoleConfig } from '../data/console-config.ts';
import { fleetSubscriptions } from '../data/fleet-messages.ts';
import type { CommandConfirmDetail } from './vs-command-dialog.ts';
import type { CommandRequestDetail } from './vs-station-list.ts';
import './vs-command-dialog.ts';
import './vs-screenshot-panel.ts';
import type { ScreenshotView } from './vs-screenshot-panel.ts';
import './vs-fleet-toolbar.ts';
import './vs-login-form.ts';
import './vs-station-list.ts';
import './vs-reviews-view.ts';
import './vs-reports-view.ts';
import './vs-uptime-view.ts';
import './vs-alerts-view.ts';
import './vs-volunteers-view.ts';
import './vs-desk-view.ts';
import './vs-content-view.ts';
import './vs-alert-emails-view.ts';

@localized()
@customElement('vs-console-app')
export class VsConsoleApp extends LitElement {
  @property({ attribute: false }) config!: ConsoleConfig;
  @property({ attribute: false }) configProblems: string[] = [];
  @state() private site = '';
  @state() private pendingCommand?: CommandRequestDetail;
  @state() private commandSending = false;
  /** Thunks, not strings, so that a language switch re-words what is already shown. */
  @state() private commandError?: () => string;
  @state() private notice?: () => string;
  /** The screenshot panel's station; its last picture stays in memory for this sign-in only. */
  @state() private screenshotView?: ScreenshotView;
  private readonly screenshots = new Map<string, ScreenshotReply>();
  /** Command id -> station, for the requests still waiting for their picture. */
  private readonly screenshotRequests = new Map<string, string>();
  private shotTimer?: ReturnType<typeof setInterval>;
  /** Which view the nav shows; the manager API is called with the sign-in's name and password. */
  @state() private view: 'fleet' | 'uptime' | 'alerts' | 'reviews' | 'reports' | 'volunteers' | 'desk' | 'content' | 'alert-emails' = 'fleet';
  private apiCredentials?: { username: string; password: string };
  private topics!: Topics;
  private fleet!: FleetController;
  private connection!: BrokerConnectionController;

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
      font-family: system-ui, 'Noto Sans CJK SC', sans-serif;
      font-size: 1.1rem;
      color: #1b1f24;
    }
    nav.views {
      display: flex;
      gap: 0.5rem;
      padding: 0.5rem 1rem;
      background: #2d333b;
    }
    nav.views button {
      font: inherit;
      min-height: 44px;
      padding: 0.25rem 1rem;
      background: #fff;
      color: #1b1f24;
      border: 2px solid transparent;
    }
    nav.views button[aria-pressed='true'] {
      border-color: #8fe0a3;
      font-weight: 700;
      text-decoration: underline;
    }
  `;

  override connectedCallback(): void {
    // Controllers need the config, which the composition root sets before attaching us.
    if (!this.fleet) {
      this.topics = topicsFor(this.config.topicRoot);
      this.fleet = new FleetController(this, { thresholds: this.config.alertThresholds });
      this.connection = new BrokerConnectionController(this, {
        topicRoot: this.config.topicRoot,
        fleetSnapshotUrl: new URL(`${this.config.adminApiUrl ?? ''}/api/fleet`, location.href).href,
        subscriptions: () => {
          const { status, optional } = fleetSubscriptions(this.topics);
          return { required: status, optional };
        },
        onFleet: (batch) => this.fleet.enqueue(batch),
        onScreenshot: (reply) => this.onScreenshot(reply),
        // A broker that refuses the results filter (SUBACK 0x80); Mosquitto 2.0 grants it and filters instead.
        onSubscriptionsRefused: () => {
          this.notice = () => msg('Results not readable with this account: last check-in comes from the reader.', { id: 'console.notice.resultsRefused' });
        },
      });
    }
    window.addEventListener('lit-localize-status', this.onLocaleStatus);
    window.addEventListener('hashchange', this.onHashChange);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('lit-localize-status', this.onLocaleStatus);
    window.removeEventListener('hashchange', this.onHashChange);
    clearInterval(this.shotTimer);
  }

  /** Alert texts are computed with the rows; recompute them in the new language. */
  private readonly onLocaleStatus = (event: Event) => {
    if ((event as CustomEvent<{ status: string }>).detail.status === 'ready') this.fleet.refresh();
  };

  private readonly onHashChange = () => this.requestUpdate();

  override render() {
    if (location.hash === '#reports') return html`<vs-reports-view .apiBase=${this.config.adminApiUrl ?? ''} .login=${this.config.demoLogin}></vs-reports-view>`;
    if (this.connection.state === 'signed-out' || this.connection.state === 'signing-in') {
      return html`<vs-login-form
        .brokerUrl=${this.config.brokerUrl}
        .username=${this.config.demoLogin?.username ?? ''}
        .password=${this.config.demoLogin?.password ?? ''}
        .configProblems=${this.configProblems}
        ?busy=${this.connection.state === 'signing-in'}
        .error=${this.connection.error}
        @sign-in=${this.onSignIn}
      ></vs-login-form>`;
    }
    const rows = this.site === '' ? this.fleet.rows : this.fleet.rows.filter((row) => row.siteId === this.site);
    const nav = html`<nav class="views" aria-label=${msg('Views', { id: 'console.nav.label' })}>
      <button type="button" aria-pressed=${this.view === 'fleet' ? 'true' : 'false'} @click=${() => (this.view = 'fleet')}>${msg('Fleet', { id: 'console.nav.fleet' })}</button>
      <button type="button" aria-pressed=${this.view === 'uptime' ? 'true' : 'false'} @click=${() => (this.view = 'uptime')}>${msg('Uptime', { id: 'console.nav.uptime' })}</button>
      <button type="button" aria-pressed=${this.view === 'alerts' ? 'true' : 'false'} @click=${() => (this.view = 'alerts')}>${msg('Alerts', { id: 'console.nav.alerts' })}</button>
      <button type="button" aria-pressed=${this.view === 'reviews' ? 'true' : 'false'} @click=${() => (this.view = 'reviews')}>${msg('Reviews', { id: 'console.reviews.title' })}</button>
      <button type="button" aria-pressed=${this.view === 'reports' ? 'true' : 'false'} @click=${() => (this.view = 'reports')}>${msg('Reports', { id: 'console.nav.reports' })}</button>
      <button type="button" aria-pressed=${this.view === 'volunteers' ? 'true' : 'false'} @click=${() => (this.view = 'volunteers')}>${msg('Volunteers', { id: 'console.nav.volunteers' })}</button>
      <button type="button" aria-pressed=${this.view === 'desk' ? 'true' : 'false'} @click=${() => (this.view = 'desk')}>${msg('Redemption desk', { id: 'console.nav.desk' })}</button>
      <button type="button" aria-pressed=${this.view === 'content' ? 'true' : 'false'} @click=${() => (this.view = 'content')}>${msg('Content', { id: 'console.content.title' })}</button>
      <button type="button" aria-pressed=${this.view === 'alert-emails' ? 'true' : 'false'} @click=${() => (this.view = 'alert-emails')}>${msg('Alert emails', { id: 'console.nav.alertEmails' })}</button>
    </nav>`;
    if (this.view === 'reports') return html`${nav}<vs-reports-view .apiBase=${this.config.adminApiUrl ?? ''} .login=${this.apiCredentials ?? this.config.demoLogin}></vs-reports-view>`;
    const credentials = this.apiCredentials ?? { username: '', password: '' };
    const apiBase = this.config.adminApiUrl ?? '';
    if (this.view === 'reviews') return html`${nav}<vs-reviews-view .credentials=${credentials} .apiBase=${apiBase} .sites=${this.fleet.sites}></vs-reviews-view>`;
    if (this.view === 'volunteers') return html`${nav}<vs-volunteers-view .credentials=${credentials} .apiBase=${apiBase}></vs-volunteers-view>`;
    if (this.view === 'uptime') return html`${nav}<vs-uptime-view .credentials=${credentials} .apiBase=${apiBase}></vs-uptime-view>`;
    if (this.view === 'alerts') return html`${nav}<vs-alerts-view .credentials=${credentials} .apiBase=${apiBase}></vs-alerts-view>`;
    if (this.view === 'desk') return html`${nav}<vs-desk-view .credentials=${credentials} .apiBase=${apiBase}></vs-desk-view>`;
    if (this.view === 'alert-emails') return html`${nav}<vs-alert-emails-view .credentials=${credentials} .apiBase=${apiBase}></vs-alert-emails-view>`;
    if (this.view === 'content') return html`${nav}<vs-content-view .credentials=${credentials} .apiBase=${apiBase} .sites=${this.fleet.sites} .fleetKiosks=${this.fleet.rows.flatMap((row) => row.kiosks)}></vs-content-view>`;
    return html`${nav}<vs-fleet-toolbar
        .connection=${this.connection.state}
        .username=${this.connection.username ?? ''}
        .sites=${this.fleet.sites}
        .site=${this.site}
        .stationCount=${rows.length}
        .alertCount=${rows.filter((row) => row.alerts.length > 0).length}
        .invalidCount=${this.fleet.invalidCount}
        .notice=${this.notice?.() ?? ''}
        @site-change=${(e: CustomEvent<string>) => (this.site = e.detail)}
        @sign-out=${this.onSignOut}
      ></vs-fleet-toolbar>
      <vs-station-list .rows=${rows} .now=${Date.now()} @command-request=${this.onCommandRequest}></vs-station-list>
      <vs-screenshot-panel .view=${this.screenshotView} .now=${Date.now()} @close=${this.closeScreenshot}></vs-screenshot-panel>
      <vs-command-dialog
        .pending=${this.pendingCommand}
        .demoCards=${this.config.demoCards}
        ?sending=${this.commandSending}
        .error=${this.commandError?.()}
        @command-confirm=${this.onCommandConfirm}
        @command-cancel=${this.closeCommand}
      ></vs-command-dialog>`;
  }

  private async onSignIn(event: CustomEvent<SignInRequest>): Promise<void> {
    this.fleet.reset();
    this.notice = undefined;
    this.apiCredentials = { username: event.detail.username, password: event.detail.password };
    try {
      await this.connection.signIn(event.detail);
    } catch {
      // The controller keeps the message; the login form shows it.
    }
  }

  private onSignOut(): void {
    this.connection.signOut();
    this.fleet.reset();
  }

  private onCommandRequest(event: CustomEvent<CommandRequestDetail>): void {
    // A screenshot changes nothing on the screen: no confirmation step, the panel opens at once.
    if (event.detail.cmd === 'screenshot') return void this.requestScreenshot(event.detail.stationId);
    this.commandError = undefined;
    this.pendingCommand = event.detail;
  }

  private async requestScreenshot(stationId: string): Promise<void> {
    const command = buildCommand({ cmd: 'screenshot' }, Date.now());
    if (!command.ok) return;
    this.screenshotRequests.set(command.value.id, stationId);
    const last = this.screenshots.get(stationId);
    this.screenshotView = { stationId, waitingSince: Date.now(), ...(last ? { last } : {}) };
    // Re-render once a second while waiting, so "no answer yet" and the picture's age stay true.
    clearInterval(this.shotTimer);
    this.shotTimer = setInterval(() => this.requestUpdate(), 1_000);
    try {
      await this.connection.publish(commandTopic(this.topics, stationId), JSON.stringify(command.value));
    } catch (err) {
      this.screenshotRequests.delete(command.value.id);
      const message = (err as Error).message;
      this.notice = err instanceof BrokerConnectionError ? err.describe : () => message;
      this.closeScreenshot();
    }
  }

  private onScreenshot(reply: ScreenshotReply): void {
    // Only answers to this console's own requests: another manager's pictures are theirs.
    const stationId = this.screenshotRequests.get(reply.id);
    if (stationId === undefined || stationId !== reply.stationId) return;
    this.screenshotRequests.delete(reply.id);
    this.screenshots.set(stationId, reply);
    if (this.screenshotView?.stationId === stationId) this.screenshotView = { stationId, last: reply };
  }

  private readonly closeScreenshot = () => {
    clearInterval(this.shotTimer);
    this.screenshotView = undefined;
  };

  private readonly closeCommand = () => {
    this.pendingCommand = undefined;
    this.commandError = undefined;
  };

  private async onCommandConfirm(event: CustomEvent<CommandConfirmDetail>): Promise<void> {
    const { stationId, request } = event.detail;
    const command = buildCommand(request, Date.now());
    if (!command.ok) {
      const issues = command.issues.join('; ');
      this.commandError = () => msg(str`Not sent: ${issues}`, { id: 'console.notice.notSent' });
      return;
    }
    this.commandSending = true;
    try {
      await this.connection.publish(commandTopic(this.topics, stationId), JSON.stringify(command.value));
      const at = new Date().toLocaleTimeString('en-GB');
      this.notice = () => msg(str`${commandLabel(request.cmd)} sent to ${stationId} at ${at}`, { id: 'console.notice.sent' });
      this.closeCommand();
    } catch (err) {
      const message = (err as Error).message;
      this.commandError = err instanceof BrokerConnectionError ? err.describe : () => message;
    } finally {
      this.commandSending = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-console-app': VsConsoleApp;
  }
}
